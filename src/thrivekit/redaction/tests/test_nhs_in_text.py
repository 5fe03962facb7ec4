"""NHS numbers written inside longer text."""

from thrivekit.redaction import find_nhs_numbers, mask_nhs_numbers


def test_valid_numbers_are_found_however_they_are_grouped():
    text = "GP letter re NHS 1163726516, see 943 476 5919 and 907-866-6617."

    assert find_nhs_numbers(text) == ["1163726516", "943 476 5919", "907-866-6617"]


def test_a_failing_check_digit_or_a_longer_run_of_digits_is_not_an_nhs_number():
    assert find_nhs_numbers("ref 9434765918, tel 94347659190, id 19434765919") == []


def test_masking_replaces_each_number_and_counts_them():
    masked, count = mask_nhs_numbers("Team 1163726516 (was 9434765919), room 12")

    assert masked == "Team [NHS number removed] (was [NHS number removed]), room 12"
    assert count == 2
    assert mask_nhs_numbers(masked) == (masked, 0)
