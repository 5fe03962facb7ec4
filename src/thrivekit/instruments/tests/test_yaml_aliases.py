"""An instrument file a site loads is read without YAML aliases (issue 13 item 13)."""

import pytest

from thrivekit.instruments.loading import InstrumentFileError, load_text


def test_an_alias_chain_in_an_instrument_file_is_refused_naming_its_line():
    text = "kind: assessment\nx: &a [lol, lol, lol]\ny: &b [*a, *a, *a]\nz: [*b, *b, *b]\n"
    with pytest.raises(InstrumentFileError) as error:
        load_text(text, source="wording.yaml")
    [problem] = error.value.problems
    assert problem.line == 3
    assert "alias" in problem.message
