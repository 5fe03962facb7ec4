from hypothesis import given
from hypothesis import strategies as st

from thrivekit.charts.colours import (
    ANSWER_COLOURS,
    SCORE_COLOURS,
    STATUS_COLOURS,
    contrast_ratio,
    relative_luminance,
    score_colour,
    text_colour_on,
)

scores = st.floats(min_value=1, max_value=4, allow_nan=False)


def test_whole_scores_get_the_palette_stops():
    # Given the four scores, when coloured, then each is exactly its stop of the scale
    assert [score_colour(score) for score in (1, 2, 3, 4)] == list(SCORE_COLOURS)


@given(scores)
def test_cell_text_is_readable_on_any_median(score):
    # Given any median on the 1..4 scale, when its cell is drawn,
    fill = score_colour(score)
    # then the label colour has at least the WCAG AA contrast for normal text
    assert contrast_ratio(text_colour_on(fill), fill) >= 4.5


@given(scores, scores)
def test_a_higher_median_is_never_darker(low, high):
    # Given two medians, when coloured, then the higher one is at least as light,
    # so the scale reads the same in greyscale print and for colour-blind readers
    low, high = sorted((low, high))
    assert relative_luminance(score_colour(high)) >= relative_luminance(score_colour(low)) - 1e-9


@given(st.floats(min_value=-100, max_value=100, allow_nan=False))
def test_out_of_range_medians_take_the_end_colours(score):
    # Given a median outside 1..4, when coloured, then it takes the nearest end of the scale
    assert score_colour(score) == score_colour(min(max(score, 1), 4))


def test_contrast_ratio_matches_wcag_examples():
    # Given black and white, then the ratio is 21:1 either way round; a colour on itself is 1:1
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21
    assert round(contrast_ratio("#ffffff", "#000000"), 2) == 21
    assert contrast_ratio("#005eb8", "#005eb8") == 1


def test_categories_never_share_a_colour():
    # Given the answer and status palettes, then no two categories look the same
    assert len(set(ANSWER_COLOURS.values())) == len(ANSWER_COLOURS)
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)
