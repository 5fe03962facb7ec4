"""Safe YAML: aliases refused before anything is expanded; sizes and nesting bounded."""

import subprocess
import sys
import time

import pytest
import yaml

from thrivekit.inputs import YamlInputError, load_yaml, shown
from thrivekit.inputs.yaml import MAX_DEPTH, MAX_NODES

# Six levels of nine aliases each: 457 bytes that PyYAML's safe_load expands to 9**6 values.
ALIAS_CHAIN = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]"
        for prev, name in zip("abcde", "bcdef", strict=True)
    ]
    + ["horizon_days: *f"]
)


def test_an_alias_chain_is_refused_at_once_naming_its_line():
    # given a small file whose aliases would expand to half a million values
    assert len(ALIAS_CHAIN.encode()) < 600
    started = time.perf_counter()
    # when it is loaded, then it is refused before anything is expanded
    with pytest.raises(YamlInputError, match=r"alias \(\*name\).*\(line 2\)") as refused:
        load_yaml(ALIAS_CHAIN)
    assert time.perf_counter() - started < 0.5
    assert refused.value.line == 2
    # and the refusal is a YAML error and a ValueError, which callers already handle
    assert isinstance(refused.value, yaml.YAMLError) and isinstance(refused.value, ValueError)


def test_a_merge_key_is_an_alias_too():
    text = "base: &base {a: 1}\nteam:\n  <<: *base\n  b: 2\n"
    with pytest.raises(YamlInputError, match="alias"):
        load_yaml(text)


def test_plain_yaml_loads_as_before():
    text = "name: Current\nhorizon_days: 365\nservices:\n  - id: help\n    routing: {exit: 1}\n"
    assert load_yaml(text) == yaml.safe_load(text)
    # an anchor with no alias repeats nothing, so it is harmless
    assert load_yaml("a: &x 1\n") == {"a": 1}


def test_too_many_values_are_refused():
    text = "[" + ", ".join(["1"] * (MAX_NODES + 1)) + "]"
    with pytest.raises(YamlInputError, match=f"more than {MAX_NODES:,} values"):
        load_yaml(text)


def test_deep_nesting_is_refused_without_crashing_the_process():
    # given nesting deep enough to crash libyaml's recursive builder
    code = (
        "from thrivekit.inputs import load_yaml, YamlInputError\n"
        "try:\n    load_yaml('[' * 50000 + ']' * 50000)\n"
        "except YamlInputError as e:\n    print(e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"nested far too deeply (more than {MAX_DEPTH} levels)" in done.stdout


def test_a_syntax_error_is_still_reported_with_its_position():
    with pytest.raises(yaml.MarkedYAMLError) as error:
        load_yaml("a: [1, 2\nb: 3\n")
    assert error.value.problem_mark is not None


def test_a_number_too_long_to_read_is_a_yaml_error_not_a_crash():
    with pytest.raises(YamlInputError, match="cannot be read"):
        load_yaml("seed: " + "9" * 5000)


def test_echoed_values_are_cut_to_80_characters():
    assert shown("x" * 10_000) == "'" + "x" * 78 + "…"
    assert len(shown(list(range(10_000)))) == 80
    assert shown("core-camhs") == "'core-camhs'"
