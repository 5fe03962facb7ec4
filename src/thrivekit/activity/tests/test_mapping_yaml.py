"""The extract mapping YAML is read without aliases (issue 13 item 13)."""

import pytest

from thrivekit.activity.schema import load_mapping


def test_an_alias_chain_in_a_mapping_file_is_refused(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "x: &a [Ref, Ref, Ref, Ref, Ref, Ref, Ref, Ref]\n"
        "y: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        "referrals:\n  referral_id: *b\n"
    )
    with pytest.raises(ValueError, match=r"alias .*\(line 2\)") as error:
        load_mapping(path)
    assert len(str(error.value)) < 300


def test_a_plain_mapping_file_still_loads(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text("referrals:\n  referral_id: Referral Ref\n")
    assert load_mapping(path)["referrals"]["referral_id"] == "Referral Ref"
