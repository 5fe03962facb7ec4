"""What a facilitator sees after a comment is entered: obvious personal data masked, the rest kept.

NHS numbers are from the synthetic 9xxxxxxxxx range; phone numbers from Ofcom's drama ranges.
"""

import pytest

from thrivekit.redaction import MASKS, Redaction, is_valid_nhs_number, redact

EMAIL = MASKS["email"]
PHONE = MASKS["phone"]
NHS = MASKS["nhs_number"]
POSTCODE = MASKS["postcode"]
NAME = MASKS["name"]


@pytest.mark.parametrize(
    ("comment", "masked"),
    [
        ("email me at sam.o'neil@example.co.uk.", f"email me at {EMAIL}."),
        ("Contact: Parent+Thrive@Example.ORG", f"Contact: {EMAIL}"),
        ("reply to zoë@exämple.com", f"reply to {EMAIL}"),
    ],
)
def test_emails_are_masked(comment, masked):
    # Given a comment with an email address, when redacted, then the address is gone
    assert redact(comment) == Redaction(text=masked, found=("email",))


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "0770 090 0123",
        "+44 7700 900123",
        "+447700900123",
        "0044 7700 900123",
        "+44 (0)7700 900123",
        "020 7946 0958",
        "(020) 7946 0958",
        "02079460958",
        "0161 496 0000",
        "0161-496-0000",
        "(0161) 496 0000",
        "01632 960123",
        "(01632) 960123",
        "+44 20 7946 0958",
        "0300 123 4567",
        "0800 123 4567",
        "0800 123456",
    ],
)
def test_uk_phone_numbers_are_masked_however_they_are_written(number):
    # Given a comment with a UK phone number, when redacted, then the whole number is masked
    result = redact(f"ring {number} after 6")
    assert result.text == f"ring {PHONE} after 6"
    assert result.found == ("phone",)


@pytest.mark.parametrize("written", ["943 476 5919", "9434765919", "943-476-5919"])
def test_valid_nhs_numbers_are_masked(written):
    # Given a comment with a valid NHS number, when redacted, then it is masked as an NHS number
    assert redact(f"his NHS no. is {written}.") == Redaction(
        text=f"his NHS no. is {NHS}.", found=("nhs_number",)
    )


def test_a_phone_shaped_number_with_a_bad_check_digit_is_still_masked_as_a_phone_number():
    # Given a 3-3-4 number that fails the NHS check but is a 01 phone number
    assert not is_valid_nhs_number("016 329 6012")
    # When redacted, then it is masked as a phone number
    assert redact("016 329 6012") == Redaction(text=PHONE, found=("phone",))


@pytest.mark.parametrize("number", ["943 476 5918", "9434765918", "1234567890"])
def test_other_ten_digit_numbers_are_left_alone(number):
    # Given a 10-digit number that is neither a valid NHS number nor phone-shaped
    assert not is_valid_nhs_number(number)
    # When redacted, then it is kept: it may be a reference the facilitator needs
    assert redact(f"ref {number}") == Redaction(text=f"ref {number}")


@pytest.mark.parametrize(
    "postcode", ["NW1 5LR", "sw1a1aa", "B33 8TH", "ec1a 1bb", "W1A 0AX", "Cf10 1AA", "GIR 0AA"]
)
def test_full_postcodes_are_masked_in_any_case(postcode):
    # Given a comment with a full postcode, when redacted, then it is masked
    assert redact(f"we live at {postcode}, near the park") == Redaction(
        text=f"we live at {POSTCODE}, near the park", found=("postcode",)
    )


@pytest.mark.parametrize(
    "comment",
    [
        "the NW1 and B33 teams meet monthly",  # districts only
        "Y10 2ND term was hard",  # Y is not a postcode area
        "the SW1A1AAB form",  # part of a longer code
    ],
)
def test_districts_and_postcode_lookalikes_are_kept(comment):
    # Given text with an outward code or a postcode-like word, when redacted, then it is kept
    assert redact(comment) == Redaction(text=comment)


@pytest.mark.parametrize(
    ("comment", "masked"),
    [
        ("Hi, my name is Amara and I", f"Hi, my name is {NAME} and I"),
        ("My name is Amara Okafor Smith", f"My name is {NAME} Smith"),  # at most two words
        ("my name's Kwame", f"my name's {NAME}"),
        ("My name is: Siobhan", f"My name is: {NAME}"),
        ("I'm called Łukasz", f"I'm called {NAME}"),
        ("I\u2019m called Zoë", f"I\u2019m called {NAME}"),
        ("Call me Ishmael.", f"Call me {NAME}."),
        ("my daughter is called Anne-Marie", f"my daughter is called {NAME}"),
        ("my son's name is Kai O'Neill", f"my son's name is {NAME}"),
        ("I'm Priya and I help out", f"I'm {NAME} and I help out"),
        ("I am Mrs Okafor", f"I am {NAME}"),
        ("this is Dr. Patel speaking", f"this is {NAME} speaking"),
        ("MY NAME IS SAM", f"MY NAME IS {NAME}"),
        ("my name is Sam. Then we left", f"my name is {NAME}. Then we left"),
    ],
)
def test_names_after_a_clear_cue_are_masked(comment, masked):
    # Given a comment where someone gives a name, when redacted, then the name is masked
    assert redact(comment) == Redaction(text=masked, found=("name",))


@pytest.mark.parametrize(
    "comment",
    [
        "I am Worried about waiting times",
        "I'm Not sure",
        "I'm so tired",
        "I am English",
        "This is CAMHS, how can we help?",
        "this is Thursday's group",
        "please call me Back",
        "call me tomorrow",
        "my name is not important",
        "I'm a Parent",
        "Tim called Sam",  # "im called" inside a word is not a cue
        "I'm Dr. patel",
        "I'm Thriving at the moment",  # THRIVE's own words
        "this is Getting Risk Support",
    ],
)
def test_capitalised_words_that_are_not_names_are_kept(comment):
    # Given a comment where the word after a cue is not a name, when redacted, then it is kept
    assert redact(comment) == Redaction(text=comment)


def test_several_kinds_are_reported_in_order_of_first_appearance():
    # Given a comment with a postcode, then an email, then a name, then another postcode
    comment = "At NW1 5LR; mail a@example.com; my name is Sam; or B33 8TH"
    # When redacted
    result = redact(comment)
    # Then each is masked and each kind is reported once, in the order they appeared
    assert result.text == f"At {POSTCODE}; mail {EMAIL}; my name is {NAME}; or {POSTCODE}"
    assert result.found == ("postcode", "email", "name")
    assert result.changed


def test_an_nhs_number_inside_an_email_address_is_masked_with_the_address():
    # Given a digit run that is part of an email address
    result = redact("write to 9434765919@nhs.example")
    # Then the whole address is one email mask, not an email and an NHS number
    assert result == Redaction(text=f"write to {EMAIL}", found=("email",))


def test_ordinary_comments_are_untouched():
    # Given a comment with numbers, dates and capitals but no personal data
    comment = "Waits fell from 18 to 12 weeks (2023-24); 7 of 10 Getting Help cases in Q3."
    # When redacted, then nothing changes and nothing is reported
    result = redact(comment)
    assert result == Redaction(text=comment)
    assert not result.changed


def test_non_text_is_a_programming_error():
    # Given something that is not a string, when redacted, then it fails loudly
    with pytest.raises(TypeError):
        redact(None)  # type: ignore[arg-type]
