"""Suggested themes on a labelled fixture of 150 responses written for these tests."""

from __future__ import annotations

import csv
import sys
import types
from pathlib import Path

import pytest

import thrivekit.feedback.themes as themes_module
from thrivekit.feedback.themes import (
    EMBEDDING_ENV,
    SAID_ONCE,
    SCHEMA,
    themes_backend,
    themes_document,
    themes_score,
    themes_suggest,
)

FIXTURE = Path(__file__).parent / "fixtures" / "themes_labelled.csv"


@pytest.fixture(scope="module")
def labelled():
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows


@pytest.fixture(scope="module")
def suggested(labelled):
    return themes_suggest({row["id"]: row["text"] for row in labelled}, seed=0)


def test_themes_match_the_labels_well_enough_to_start_from(labelled, suggested):
    # Given 150 responses in 6 themes plus 14 one-offs, when themes are suggested
    score = themes_score(
        suggested, {row["id"]: row["theme"] for row in labelled}, one_off="one-off"
    )
    # Then they agree with the labels beyond chance, cover most responses and are mostly pure
    # (figures measured by scripts/bench_feedback.py: ARI 0.55, coverage 0.97, purity 0.79)
    assert score.ari >= 0.45
    assert score.coverage >= 0.85
    assert score.purity >= 0.7
    assert 4 <= score.themes <= 12


def test_every_response_is_in_exactly_one_theme_and_one_offs_are_last(labelled, suggested):
    ids = [rid for theme in suggested for rid in theme.response_ids]
    assert sorted(ids) == sorted(row["id"] for row in labelled)
    assert all(theme.size == len(theme.response_ids) for theme in suggested)
    assert suggested[-1].id == SAID_ONCE and suggested[-1].label == "Said once"
    sizes = [theme.size for theme in suggested[:-1]]
    assert sizes == sorted(sizes, reverse=True) and min(sizes) >= 2


def test_keywords_and_quotes_describe_the_theme(suggested):
    waiting = next(theme for theme in suggested if "waiting" in theme.keywords[:2])
    assert 1 <= len(waiting.quotes) <= 3
    assert all("wait" in quote.lower() for quote in waiting.quotes)


def test_same_seed_same_themes(labelled, suggested):
    again = themes_suggest({row["id"]: row["text"] for row in labelled}, seed=0)
    assert again == suggested


def test_max_themes_is_respected(labelled):
    themes = themes_suggest({row["id"]: row["text"] for row in labelled}, max_themes=3)
    assert sum(theme.id != SAID_ONCE for theme in themes) <= 3


def test_names_and_emails_never_reach_keywords_or_quotes():
    # Given several responses that give a name and an email
    texts = {
        str(i): f"My name is Jade and the waiting list was too long, email jade{i}@example.com"
        for i in range(6)
    } | {str(10 + i): "The school counsellor listened to me at lunchtime" for i in range(6)}
    themes = themes_suggest(texts)
    for theme in themes:
        assert not any("jade" in word.lower() for word in theme.keywords)
        assert not any("Jade" in quote or "@" in quote for quote in theme.quotes)


def test_a_handful_of_unrelated_answers_are_all_said_once():
    texts = {"a": "Parking is hard", "b": "Posters are childish", "c": "Dogs are nice"}
    [theme] = themes_suggest(texts)
    assert theme.id == SAID_ONCE and theme.size == 3
    assert themes_suggest({}) == []


def test_document_has_the_contract_schema_and_group_counts(suggested, labelled):
    groups = {row["id"]: row["group"] for row in labelled}
    document = themes_document(
        suggested, source="f.csv", text_column="text", group_column="group", groups=groups
    )
    assert document["schema"] == SCHEMA == "thrivekit.feedback/1"
    first = document["themes"][0]
    assert set(first) >= {"id", "label", "keywords", "size", "response_ids", "quotes"}
    assert sum(first["groups"].values()) == first["size"]


def test_without_a_configured_model_tfidf_is_used_and_says_why(monkeypatch, tmp_path):
    monkeypatch.delenv(EMBEDDING_ENV, raising=False)
    assert themes_backend() == ("tf-idf + nmf", f"{EMBEDDING_ENV} is not set")
    monkeypatch.setenv(EMBEDDING_ENV, str(tmp_path / "missing"))
    assert "not a directory" in themes_backend()[1]


def test_a_model_directory_without_sentence_transformers_falls_back(monkeypatch, tmp_path):
    # Given a model directory but no sentence-transformers package
    monkeypatch.setenv(EMBEDDING_ENV, str(tmp_path))
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    monkeypatch.setattr(themes_module.importlib.util, "find_spec", lambda name: None)
    # Then TF-IDF is used and the reason names the package
    method, why = themes_backend()
    assert method == "tf-idf + nmf" and "sentence-transformers is not installed" in why
    themes = themes_suggest({str(i): "the waiting list is long" for i in range(4)})
    assert themes[0].size == 4


def test_a_configured_local_model_is_used_offline(monkeypatch, tmp_path, labelled):
    # Given a stand-in embedding model (vectors from the labels) in a local directory
    topics = sorted({row["theme"] for row in labelled})
    by_text = {row["text"]: row["theme"] for row in labelled}
    loaded = []

    class StandIn:
        def __init__(self, path, device=None, local_files_only=False):
            loaded.append((path, local_files_only))

        def encode(self, batch, show_progress_bar=False):
            return [
                [1.0 if by_text.get(text) == topic else 0.01 for topic in topics] for text in batch
            ]

    monkeypatch.setenv(EMBEDDING_ENV, str(tmp_path))
    monkeypatch.setitem(
        sys.modules, "sentence_transformers", types.SimpleNamespace(SentenceTransformer=StandIn)
    )
    monkeypatch.setattr(themes_module.importlib.util, "find_spec", lambda name: object())
    texts = {row["id"]: row["text"] for row in labelled if row["theme"] != "one-off"}
    # When themes are suggested with at most 6 themes
    themes = themes_suggest(texts, max_themes=6)
    # Then the local model was loaded without the network, and its groups are the themes
    assert loaded == [(str(tmp_path), True)]
    assert themes_backend()[0] == "embeddings + agglomerative"
    labels = {row["id"]: row["theme"] for row in labelled}
    assert themes_score(themes, labels, one_off="one-off").ari > 0.95
    assert all(theme.keywords for theme in themes if theme.id != SAID_ONCE)
