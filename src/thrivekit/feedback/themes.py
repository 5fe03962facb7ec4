"""Suggested themes in free-text responses, offline: TF-IDF and NMF (scikit-learn).

A person names, merges, splits and approves themes; these are suggestions to start from. The
data sets are small (20-300 responses), so the method is chosen for them:

- Words are lower-cased and cut to a rough stem ("waiting", "waited", "waits" -> "wait") so two
  short answers that say the same thing share words; English stop words and survey filler
  ("really", "think", "would", "help", "support" ...) are dropped, and so are the masks that
  :func:`thrivekit.feedback.protect.text_protect` leaves (texts are protected before anything
  else, so keywords and quotes never carry a name, an email or a phone number).
- NMF (Kullback-Leibler loss) factorises the TF-IDF matrix into k themes; each response goes
  to its strongest theme. k follows the rule of thumb sqrt(n / 2) for n responses (Mardia),
  at least 2 and at most 12 (or ``max_themes``): about 4 themes for 30 responses, 9 for 150,
  12 from 288. Searching k by coherence or stability was tried on the labelled fixture and
  picked too many or too few themes.
- One-off responses are kept, not forced into a theme: a response whose strongest theme weight
  is tiny, or that shares too little with its theme's centre, or a theme of one, goes to a
  single theme "Said once" (id ``said-once``), listed last, so a person reads each of them.

Optional: where a site has a local sentence-embedding model, ``THRIVEKIT_EMBEDDING_MODEL_DIR``
names its directory and, if sentence-transformers is installed, responses are embedded with it
and grouped by agglomerative clustering (cosine, average linkage; the same k and one-off rules,
keywords still from TF-IDF). Nothing is downloaded; without the package or the directory,
:func:`themes_backend` says why and TF-IDF + NMF is used. This path is tested with a stand-in
model only: its one-off threshold (0.5) is not calibrated on a real model.

Everything is deterministic for a given ``seed``. Keywords are the theme's highest-weight
terms (stems shown as the commonest full word seen); quotes are the responses closest to the
theme's centre, protected.
"""

from __future__ import annotations

import importlib.util
import os
import re
import warnings
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from thrivekit.feedback.protect import text_protect

SCHEMA = "thrivekit.feedback/1"
SAID_ONCE = "said-once"
SAID_ONCE_LABEL = "Said once"


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    keywords: tuple[str, ...]
    response_ids: tuple[str, ...]
    quotes: tuple[str, ...]
    size: int  # == len(response_ids)


# Survey filler: words that appear in answers about anything.
SURVEY_FILLER = frozenset(
    """
    really think thing things would could should like just also lot lots get got getting make
    made need needs needed want wanted help helps helped helpful support supported way ways
    good bad better best much many feel felt feeling know dont don't im i'm ive i've yes no
    maybe sometimes always never time times people person us we our they them their service
    services please thank thanks actually quite very bit able going go went one two use used
    say said tell told ask asked something someone anything anyone everything everyone nothing
    nobody year years month months week weeks day days still even well
    removed name email phone number postcode date birth nhs
    """.split()
)


def _stem(word: str) -> str:
    """A rough stem: enough for "waiting"/"waited"/"waits" and "referrals"/"referral"."""
    if len(word) <= 4:
        return word
    if word.endswith(("ies", "ied")) and len(word) > 5:
        return word[:-3] + "y"
    for suffix in ("ingly", "ings", "ing", "edly", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                stem = stem[:-1]  # "stopped" -> "stop", "referred" -> "refer"
            return stem
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_TOKEN = re.compile(r"[a-z][a-z'\u2019]+")


def _english_stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


class _Analyser:
    """Tokens for TF-IDF, remembering the commonest full word for each stem."""

    def __init__(self) -> None:
        self.stop = _english_stop_words() | SURVEY_FILLER
        self.words: dict[str, Counter[str]] = {}

    def __call__(self, text: str) -> list[str]:
        tokens = []
        for raw in _TOKEN.findall(text.lower()):
            word = raw.replace("\u2019", "'").strip("'")
            if len(word) < 3 or word in self.stop or "'" in word:
                continue
            stem = _stem(word)
            self.words.setdefault(stem, Counter())[word] += 1
            tokens.append(stem)
        return tokens

    def word(self, stem: str) -> str:
        seen = self.words.get(stem)
        return seen.most_common(1)[0][0] if seen else stem


@dataclass
class _Fit:
    k: int
    assignment: np.ndarray  # theme a response, -1 for one-offs
    weights: np.ndarray  # strongest theme weight a response
    closeness: np.ndarray  # cosine of a response to its theme's centre
    components: np.ndarray  # theme x term


def _fit(matrix, k: int, seed: int, *, min_closeness: float) -> _Fit:
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning

    # The Kullback-Leibler loss suits word counts; on the labelled fixture it agreed with the
    # labels better than the default (ARI 0.56 against 0.51 on 150 responses).
    model = NMF(
        n_components=k,
        init="nndsvda",
        solver="mu",
        beta_loss="kullback-leibler",
        random_state=seed,
        max_iter=400,
        tol=1e-4,
    )
    with warnings.catch_warnings():
        # Tiny or repetitive data sets converge slowly or not at all; the assignment is
        # still usable, and one-offs are caught below.
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        w = model.fit_transform(matrix)
    assignment = w.argmax(axis=1)
    weights = w.max(axis=1)
    dense = matrix.toarray()
    closeness = np.zeros(dense.shape[0])
    for theme in range(k):
        members = assignment == theme
        if not members.any():
            continue
        centre = dense[members].mean(axis=0)
        norm = np.linalg.norm(centre)
        if norm:
            closeness[members] = dense[members] @ (centre / norm)
    assignment = assignment.copy()
    assignment[(weights <= 1e-6) | (closeness < min_closeness)] = -1
    # A theme of one is a one-off.
    counts = Counter(assignment[assignment >= 0].tolist())
    for theme, count in counts.items():
        if count < 2:
            assignment[assignment == theme] = -1
    return _Fit(k, assignment, weights, closeness, model.components_)


def _theme_count(n: int, max_themes: int | None, terms: int) -> int:
    # The rule of thumb k = sqrt(n / 2) (Mardia), at most 12 themes a person can review,
    # at least 2, never more than half the responses or than the words they share.
    k = max(2, min(12, round((n / 2) ** 0.5)))
    if max_themes is not None:
        k = min(k, max_themes)
    return max(1, min(k, n // 2, terms))


# --- Optional sentence embeddings ------------------------------------------------------------
EMBEDDING_ENV = "THRIVEKIT_EMBEDDING_MODEL_DIR"


def themes_backend() -> tuple[str, str]:
    """Which method :func:`themes_suggest` uses here, and why: ``("tf-idf + nmf", reason)`` or
    ``("embeddings + agglomerative", model directory)``. Nothing is ever downloaded."""
    path = os.environ.get(EMBEDDING_ENV, "").strip()
    if not path:
        return "tf-idf + nmf", f"{EMBEDDING_ENV} is not set"
    if not Path(path).is_dir():
        return "tf-idf + nmf", f"{EMBEDDING_ENV} is not a directory, so it is not used"
    if importlib.util.find_spec("sentence_transformers") is None:
        return "tf-idf + nmf", (
            f"sentence-transformers is not installed, so the model in {path} is not used"
        )
    return "embeddings + agglomerative", path


def _encoder():
    """A function from texts to vectors using the local model, or None (see themes_backend)."""
    method, path = themes_backend()
    if method != "embeddings + agglomerative":
        return None
    # Belt and braces: the Hugging Face libraries must not reach the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    try:
        model = SentenceTransformer(path, device="cpu", local_files_only=True)
    except TypeError:  # older versions have no local_files_only; the path is local anyway
        model = SentenceTransformer(path, device="cpu")
    return lambda batch: model.encode(list(batch), show_progress_bar=False)


def _fit_embeddings(vectors, matrix, k: int, *, min_closeness: float) -> _Fit:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.preprocessing import normalize

    points = normalize(np.asarray(vectors, dtype=float))
    assignment = AgglomerativeClustering(
        n_clusters=k, metric="cosine", linkage="average"
    ).fit_predict(points)
    dense = matrix.toarray()
    closeness = np.zeros(points.shape[0])
    components = np.zeros((k, dense.shape[1]))
    for theme in range(k):
        members = assignment == theme
        if not members.any():
            continue
        centre = points[members].mean(axis=0)
        closeness[members] = points[members] @ (centre / (np.linalg.norm(centre) or 1.0))
        components[theme] = dense[members].mean(axis=0)  # keywords still come from words
    assignment = assignment.copy()
    assignment[closeness < min_closeness] = -1
    counts = Counter(assignment[assignment >= 0].tolist())
    for theme, count in counts.items():
        if count < 2:
            assignment[assignment == theme] = -1
    return _Fit(k, assignment, np.ones(points.shape[0]), closeness, components)


def themes_suggest(
    texts: Mapping[str, str],
    *,
    max_themes: int | None = None,
    seed: int = 0,
    backend: str = "auto",
) -> list[Theme]:
    """Suggested themes for ``texts`` (response id -> free text), biggest first, then
    "Said once" for the one-offs. Offline and deterministic for a given ``seed``.

    ``backend="auto"`` uses a local sentence-embedding model when one is configured (see
    :func:`themes_backend`), else TF-IDF + NMF; ``backend="tfidf"`` always uses TF-IDF."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = [key for key, text in texts.items() if text and text.strip()]
    protected = {key: text_protect(texts[key]).text for key in ids}
    if not ids:
        return []
    analyser = _Analyser()
    tokens = {key: analyser(protected[key]) for key in ids}
    usable = [key for key in ids if tokens[key]]
    if len(usable) < 4:
        return _said_once_only(ids, protected)
    vectoriser = TfidfVectorizer(
        analyzer=lambda key: tokens[key], sublinear_tf=True, min_df=2, norm="l2"
    )
    try:
        matrix = vectoriser.fit_transform(usable)
    except ValueError:  # no word is used twice: every response is a one-off
        return _said_once_only(ids, protected)
    terms = vectoriser.get_feature_names_out()
    k = _theme_count(len(usable), max_themes, matrix.shape[1])
    encode = _encoder() if backend == "auto" else None
    if encode is not None:
        vectors = encode([protected[key] for key in usable])
        fit = _fit_embeddings(vectors, matrix, k, min_closeness=0.5)
    else:
        fit = _fit(matrix, k, seed, min_closeness=0.2)
    return _themes(fit, usable, ids, protected, terms, analyser)


def _said_once_only(ids: list[str], protected: Mapping[str, str]) -> list[Theme]:
    return [_said_once(ids, protected)]


def _said_once(ids: list[str], protected: Mapping[str, str]) -> Theme:
    return Theme(
        id=SAID_ONCE,
        label=SAID_ONCE_LABEL,
        keywords=(),
        response_ids=tuple(ids),
        quotes=tuple(protected[key] for key in ids[:5]),
        size=len(ids),
    )


def _themes(fit, usable, ids, protected, terms, analyser) -> list[Theme]:
    groups: dict[int, list[int]] = {}
    for row, theme in enumerate(fit.assignment.tolist()):
        if theme >= 0:
            groups.setdefault(theme, []).append(row)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    themes = []
    placed: set[str] = set()
    for number, (theme, rows) in enumerate(ordered, start=1):
        top = np.argsort(-fit.components[theme], kind="stable")[:8]
        keywords = tuple(analyser.word(str(terms[i])) for i in top if fit.components[theme][i] > 0)
        closest = sorted(rows, key=lambda r: (-fit.closeness[r], r))[:3]
        response_ids = tuple(usable[r] for r in sorted(rows))
        placed.update(response_ids)
        label = ", ".join(keywords[:3]).capitalize() if keywords else f"Theme {number}"
        themes.append(
            Theme(
                id=f"theme-{number}",
                label=label,
                keywords=keywords,
                response_ids=response_ids,
                quotes=tuple(protected[usable[r]] for r in closest),
                size=len(response_ids),
            )
        )
    once = [key for key in ids if key not in placed]
    if once:
        themes.append(_said_once(once, protected))
    return themes


def themes_document(
    themes: list[Theme],
    *,
    source: str,
    text_column: str,
    group_column: str | None,
    groups: Mapping[str, str] | None = None,
    method: str = "tf-idf + nmf",
) -> dict:
    """The themes as a ``thrivekit.feedback/1`` document (what the CLI writes as JSON).

    With ``groups`` (response id -> respondent group), each theme also says how many responses
    came from each group.
    """
    out_themes = []
    for theme in themes:
        entry = {
            "id": theme.id,
            "label": theme.label,
            "keywords": list(theme.keywords),
            "size": theme.size,
            "response_ids": list(theme.response_ids),
            "quotes": [text_protect(quote).text for quote in theme.quotes],
            "said_once": theme.id == SAID_ONCE,
        }
        if groups is not None:
            counts = Counter(groups.get(rid) or "(none)" for rid in theme.response_ids)
            entry["groups"] = dict(sorted(counts.items()))
        out_themes.append(entry)
    responses = sum(theme.size for theme in themes)
    return {
        "schema": SCHEMA,
        "source": source,
        "text_column": text_column,
        "group_column": group_column,
        "method": method,
        "responses": responses,
        "themes": out_themes,
    }


@dataclass(frozen=True)
class ThemeScore:
    """How suggested themes compare with themes a person gave (a labelled fixture)."""

    coverage: float  # responses with a real theme that were put in a suggested theme
    purity: float  # in suggested themes, the share that belong to each theme's main label
    ari: float  # adjusted Rand index; each one-off (either side) counts as its own group
    one_offs_kept: float  # labelled one-offs that went to "Said once"
    themes: int  # suggested themes, "Said once" not counted


def themes_score(themes: list[Theme], labels: Mapping[str, str], *, one_off: str) -> ThemeScore:
    """Score ``themes`` against ``labels`` (response id -> theme; ``one_off`` for one-offs)."""
    from sklearn.metrics import adjusted_rand_score

    predicted: dict[str, str] = {}
    for theme in themes:
        for rid in theme.response_ids:
            predicted[rid] = f"once:{rid}" if theme.id == SAID_ONCE else theme.id
    ids = [rid for rid in labels if rid in predicted]
    real = [rid for rid in ids if labels[rid] != one_off]
    once = [rid for rid in ids if labels[rid] == one_off]
    covered = sum(not predicted[rid].startswith("once:") for rid in real)
    majority = in_themes = 0
    for theme in themes:
        if theme.id == SAID_ONCE:
            continue
        counts = Counter(labels.get(rid) for rid in theme.response_ids)
        majority += counts.most_common(1)[0][1]
        in_themes += theme.size
    gold = [labels[rid] if labels[rid] != one_off else f"once:{rid}" for rid in ids]
    return ThemeScore(
        coverage=covered / len(real) if real else 0.0,
        purity=majority / in_themes if in_themes else 0.0,
        ari=float(adjusted_rand_score(gold, [predicted[rid] for rid in ids])),
        one_offs_kept=(
            sum(predicted[rid].startswith("once:") for rid in once) / len(once) if once else 0.0
        ),
        themes=sum(theme.id != SAID_ONCE for theme in themes),
    )
