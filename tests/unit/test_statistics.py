"""Knowledge-gain figures against docs/statistics.md, with hand-computed values and properties."""
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats as scipy_stats

from trainings.reports import statistics
from trainings.reports.statistics import GROUPS, gain_summary

KEYS = {"n_pre", "n_post", "n_paired", "mean_pre", "mean_post", "mean_gain", "ci95_low",
        "ci95_high", "normalized_gain", "effect_size_dz", "improved", "stable", "declined",
        "share_pass_pre", "share_pass_post", "wilcoxon_p"}


def test_every_group_has_exactly_the_keys_of_the_table():
    summary = gain_summary([("female", 50, 70)])
    assert set(summary["groups"]) == set(GROUPS)
    for figures in summary["groups"].values():
        assert set(figures) == KEYS


def test_hand_computed_group():
    pairs = [("female", 40, 60), ("female", 50, 80), ("female", 60, 70), ("female", 80, 80)]
    g = gain_summary(pairs)["groups"]["women"]
    gains = [20, 30, 10, 0]
    sd = math.sqrt(sum((d - 15) ** 2 for d in gains) / 3)
    assert (g["n_pre"], g["n_post"], g["n_paired"]) == (4, 4, 4)
    assert (g["mean_pre"], g["mean_post"], g["mean_gain"]) == (57.5, 72.5, 15.0)
    half = scipy_stats.t.ppf(0.975, 3) * sd / 2
    assert g["ci95_low"] == pytest.approx(15 - half) and g["ci95_high"] == pytest.approx(15 + half)
    assert g["normalized_gain"] == pytest.approx(15 / 42.5)
    assert g["effect_size_dz"] == pytest.approx(15 / sd)
    assert (g["improved"], g["stable"], g["declined"]) == (3, 1, 0)
    assert (g["share_pass_pre"], g["share_pass_post"]) == (0.25, 0.75)
    assert g["wilcoxon_p"] is None  # fewer than 6 non-zero differences


def test_only_matched_pairs_enter_the_gains():
    g = gain_summary([("male", 40, 60), ("male", 90, None), ("male", None, 10)])["groups"]["men"]
    assert (g["n_pre"], g["n_post"], g["n_paired"]) == (2, 2, 1)
    assert (g["mean_pre"], g["mean_post"], g["mean_gain"]) == (40, 60, 20)
    assert g["ci95_low"] is None and g["effect_size_dz"] is None


def test_wilcoxon_with_scipy_defaults_from_six_non_zero_differences():
    pairs = [("female", 50, 50 + d) for d in (5, 10, -3, 8, 12, 7, 0)]
    g = gain_summary(pairs)["groups"]["women"]
    expected = scipy_stats.wilcoxon([5, 10, -3, 8, 12, 7, 0]).pvalue
    assert g["wilcoxon_p"] == pytest.approx(expected)


def test_normalized_gain_undefined_when_everyone_starts_at_100():
    g = gain_summary([("female", 100, 100), ("female", 100, 90)])["groups"]["women"]
    assert g["normalized_gain"] is None
    assert g["mean_gain"] == -5


def test_zero_spread_gives_no_effect_size_but_a_zero_width_interval():
    g = gain_summary([("male", 50, 60), ("male", 40, 50)])["groups"]["men"]
    assert g["effect_size_dz"] is None
    assert g["ci95_low"] == g["ci95_high"] == 10


def test_unknown_sex_counts_in_the_total_and_its_own_group():
    summary = gain_summary([("female", 40, 60), ("male", 50, 60), (None, 30, 90)])
    assert summary["groups"]["unknown"]["n_paired"] == 1
    assert summary["groups"]["total"]["n_paired"] == 3
    assert summary["groups"]["total"]["mean_gain"] == pytest.approx(30)


def test_gap_women_minus_men():
    summary = gain_summary([("female", 40, 70), ("male", 50, 60)])
    assert summary["gap_women_minus_men"]["mean_gain"] == 20
    assert summary["gap_women_minus_men"]["normalized_gain"] == pytest.approx(0.5 - 0.2)
    assert gain_summary([("female", 40, 70)])["gap_women_minus_men"]["mean_gain"] is None


score = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))
pairs_strategy = st.lists(st.tuples(st.sampled_from(["female", "male", None]), score, score),
                          max_size=40)


@given(pairs_strategy, st.randoms())
def test_figures_do_not_depend_on_the_order_of_pairs(pairs, rnd):
    shuffled = list(pairs)
    rnd.shuffle(shuffled)
    assert gain_summary(shuffled) == gain_summary(pairs)  # identical, not merely close


@given(pairs_strategy)
def test_women_men_and_unknown_counts_add_up_to_the_total(pairs):
    groups = gain_summary(pairs)["groups"]
    for key in ("n_pre", "n_post", "n_paired", "improved", "stable", "declined"):
        assert groups["women"][key] + groups["men"][key] + groups["unknown"][key] == \
            groups["total"][key]


@given(pairs_strategy)
def test_a_group_with_no_pairs_gives_nulls_not_zeros(pairs):
    for figures in gain_summary(pairs)["groups"].values():
        if figures["n_paired"] == 0:
            for key in ("mean_pre", "mean_post", "mean_gain", "ci95_low", "ci95_high",
                        "normalized_gain", "effect_size_dz", "share_pass_pre",
                        "share_pass_post", "wilcoxon_p"):
                assert figures[key] is None, key


discrete = st.one_of(st.none(), st.sampled_from([0.0, 12.5, 25.0, 37.5, 50.0, 62.5, 75.0, 87.5,
                                                 100.0]))


@given(st.lists(st.tuples(st.sampled_from(["female", "male", None]), discrete, discrete),
                min_size=6, max_size=60))
def test_tied_and_zero_differences_of_real_tests_give_valid_figures(pairs):
    for figures in gain_summary(pairs)["groups"].values():
        if figures["wilcoxon_p"] is not None:
            assert 0 <= figures["wilcoxon_p"] <= 1
        if figures["share_pass_post"] is not None:
            assert 0 <= figures["share_pass_post"] <= 1
        if figures["n_paired"]:
            assert figures["mean_gain"] == pytest.approx(figures["mean_post"] - figures["mean_pre"])


# Per question and satisfaction -----------------------------------------------------------------

def test_question_shares_on_the_people_who_answered_before_and_after():
    from trainings.reports.statistics import question_figures

    answers = [
        (1, "female", "pre", 10, False), (1, "female", "post", 10, True),
        (2, "female", "pre", 10, True), (2, "female", "post", 10, True),
        (3, "male", "pre", 10, True), (3, "male", "post", 10, False),
        (4, "male", "pre", 10, True),  # no post-test: out of the matched set
        (5, None, "pre", 10, False), (5, None, "post", 10, True),
        # Question 20 was added after person 1's pre-test: only person 2 saw it twice.
        (1, "female", "post", 20, True), (2, "female", "pre", 20, False),
        (2, "female", "post", 20, True),
    ]
    first, added = question_figures([(10, "Q1"), (20, "Q2")], answers)
    assert first["question_id"] == 10 and first["text"] == "Q1"
    assert first["groups"]["women"] == {"n": 2, "pre": 0.5, "post": 1.0, "difference": 0.5}
    assert first["groups"]["men"] == {"n": 1, "pre": 1.0, "post": 0.0, "difference": -1.0}
    assert first["groups"]["unknown"]["n"] == 1
    assert first["groups"]["total"]["n"] == 4
    assert first["groups"]["total"]["pre"] == pytest.approx(2 / 4)
    assert first["groups"]["total"]["post"] == pytest.approx(3 / 4)
    assert added["groups"]["women"] == {"n": 1, "pre": 0.0, "post": 1.0, "difference": 1.0}
    assert added["groups"]["men"] == {"n": 0, "pre": None, "post": None, "difference": None}


def test_satisfaction_by_sex():
    from trainings.reports.statistics import satisfaction_figures

    items = [(1, "scale", "Satisfaction globale"), (2, "text", "Remarques")]
    answers = [("female", 1, 5, ""), ("female", 1, 4, " "), ("male", 1, 2, ""),
               (None, 1, None, ""), ("female", 2, None, "Très utile"), ("male", 2, None, "  "),
               ("male", 2, None, "Trop court")]
    scale, text = satisfaction_figures(items, answers)
    assert scale["groups"]["women"]["n"] == 2 and scale["groups"]["women"]["mean"] == 4.5
    assert scale["groups"]["unknown"] == {"n": 0, "mean": None,
                                          "distribution": {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}}
    assert scale["groups"]["total"]["distribution"] == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
    assert text["comments"] == [("female", "Très utile"), ("male", "Trop court")]
    assert text["groups"]["men"] == {"n": 1} and text["groups"]["total"] == {"n": 2}


@given(st.lists(st.tuples(st.integers(0, 20), st.sampled_from(["female", "male", None]),
                          st.sampled_from(["pre", "post"]), st.booleans()), max_size=60))
def test_question_groups_add_up_to_the_total(raw):
    from trainings.reports.statistics import question_figures

    sexes = {}
    answers = []
    for person, sex, kind, correct in raw:
        sex = sexes.setdefault(person, sex)  # one sex per person
        answers.append((person, sex, kind, 1, correct))
    [figures] = question_figures([(1, "Q")], answers)
    groups = figures["groups"]
    assert groups["women"]["n"] + groups["men"]["n"] + groups["unknown"]["n"] == (
        groups["total"]["n"])
    for group in groups.values():
        assert (group["pre"] is None) == (group["n"] == 0)


def test_without_significance_only_the_p_values_are_left_out():
    pairs = [("female", 50, 50 + d) for d in (5, 10, -3, 8, 12, 7, 0)] + [("male", 20, 60)] * 7
    full, light = gain_summary(pairs), gain_summary(pairs, significance=False)
    for group in GROUPS:
        assert light["groups"][group]["wilcoxon_p"] is None
        assert {k: v for k, v in light["groups"][group].items() if k != "wilcoxon_p"} == {
            k: v for k, v in full["groups"][group].items() if k != "wilcoxon_p"}
    assert full["groups"]["women"]["wilcoxon_p"] == pytest.approx(
        scipy_stats.wilcoxon([5, 10, -3, 8, 12, 7, 0]).pvalue)


# Figures that stay right under floating-point arithmetic ---------------------------------------
# Scores are fractions k/n of a test; each gain d_i is rounded to 9 decimals before any figure.

def ninths(k: int) -> float:
    return 100 * k / 9


def test_equal_gains_of_one_question_in_nine_are_equal():
    # As floats, 100·7/9 − 100·6/9 is 11.1111111111111 and 100·2/9 − 100·1/9 is
    # 11.111111111111114: the same gain of one question, unequal before rounding.
    assert ninths(7) - ninths(6) != ninths(2) - ninths(1)
    assert statistics.gain(ninths(6), ninths(7)) == statistics.gain(ninths(1), ninths(2)) \
        == 11.111111111
    summary = gain_summary([("female", ninths(6), ninths(7)), ("female", ninths(1), ninths(2))])
    women = summary["groups"]["women"]
    assert women["effect_size_dz"] is None  # no spread: every gain is the same
    assert women["ci95_low"] == women["ci95_high"] == women["mean_gain"] == 11.111111111


def test_three_men_one_question_more_each_have_no_effect_size():
    # (0/9 → 1/9), (1/9 → 2/9), (2/9 → 3/9): unrounded, sd(d) ≈ 1e-15 gave d_z ≈ 5.1e15 and
    # an interval of [11.111111111111107 ; 11.111111111111118].
    men = gain_summary([("male", ninths(0), ninths(1)), ("male", ninths(1), ninths(2)),
                        ("male", ninths(2), ninths(3))])["groups"]["men"]
    assert men["effect_size_dz"] is None
    assert men["mean_gain"] == men["ci95_low"] == men["ci95_high"] == 11.111111111
    assert (men["improved"], men["stable"], men["declined"]) == (3, 0, 0)
    assert (men["mean_pre"], men["mean_post"]) == (11.111111111, 22.222222222)


def exact_gains(fractions: list[tuple[int, int, int]]) -> list[Fraction]:
    return [Fraction(100 * post, n) - Fraction(100 * pre, n) for n, pre, post in fractions]


def test_wilcoxon_sees_the_ties_of_exact_arithmetic():
    # Twelve people on a 9-question test: the float gains of one question more break into two
    # values, which scipy ranks as different; exactly, they are one tie.
    steps = [(6, 7), (1, 2), (3, 4), (0, 1), (4, 6), (2, 4), (5, 6), (2, 3), (7, 8), (3, 1),
             (5, 7), (1, 3)]
    pairs = [("female", ninths(pre), ninths(post)) for pre, post in steps]
    exact = [float(d) for d in exact_gains([(9, pre, post) for pre, post in steps])]
    raw = [post - pre for _sex, pre, post in pairs]
    p_exact = scipy_stats.wilcoxon(exact).pvalue
    assert scipy_stats.wilcoxon(raw).pvalue != p_exact  # the example does exercise the ties
    assert gain_summary(pairs)["groups"]["women"]["wilcoxon_p"] == p_exact


def test_the_single_gain_and_the_column_of_gains_follow_one_rule():
    pre = [ninths(k) for k in range(10)] + [33.3333333333333, 0.1 + 0.2, 12.5]
    post = [ninths(9 - k) for k in range(10)] + [66.6666666666667, 0.3, 12.499999999999998]
    column = statistics.gains(np.array(pre), np.array(post)).tolist()
    assert column == [statistics.gain(a, b) for a, b in zip(pre, post)]
    assert column[-2:] == [0.0, 0.0]
    assert statistics.gain(None, 50) is None and statistics.gain(50, None) is None


@given(st.floats(0, 100, allow_nan=False), st.floats(0, 100, allow_nan=False))
def test_one_gain_is_rounded_exactly_as_a_column_of_gains(pre, post):
    assert statistics.gain(pre, post) == statistics.gains(np.array([pre]), np.array([post]))[0]


# One score k/n, reached by the three ways a program may compute a percentage.
FLOAT_PATHS = (lambda k, n: k / n * 100, lambda k, n: 100 * k / n, lambda k, n: k * (100 / n))


@st.composite
def fraction_pairs(draw):
    """(sex, questions n, pre k or None, post k or None): people of tests of up to 60 questions
    (several tests pooled), most with both scores."""
    people = []
    for _ in range(draw(st.integers(0, 30))):
        n = draw(st.integers(1, 60))
        score = st.one_of(st.none(), st.integers(0, n)) if draw(st.booleans()) and \
            draw(st.booleans()) else st.integers(0, n)
        people.append((draw(st.sampled_from(["female", "male", None])), n, draw(score),
                       draw(score)))
    return people


def as_pairs(people, paths):
    return [(sex, None if pre is None else paths[0](pre, n),
             None if post is None else paths[1](post, n))
            for (sex, n, pre, post), paths in zip(people, paths)]


@settings(max_examples=60)  # each example summarises four times, scipy's exact tests included
@given(fraction_pairs(), st.data())
def test_the_same_fractions_by_different_float_paths_give_identical_summaries(people, data):
    reference = gain_summary(as_pairs(people, [(FLOAT_PATHS[1], FLOAT_PATHS[1])] * len(people)))
    for path in FLOAT_PATHS:
        assert gain_summary(as_pairs(people, [(path, path)] * len(people))) == reference
    mixed = [(data.draw(st.sampled_from(FLOAT_PATHS)), data.draw(st.sampled_from(FLOAT_PATHS)))
             for _ in people]
    assert gain_summary(as_pairs(people, mixed)) == reference


@settings(max_examples=60)  # the oracle runs scipy's exact Wilcoxon test per group
@given(fraction_pairs())
def test_signs_and_wilcoxon_are_those_of_exact_arithmetic(people):
    pairs = as_pairs(people, [(FLOAT_PATHS[0], FLOAT_PATHS[0])] * len(people))
    summary = gain_summary(pairs)
    for group in GROUPS:
        members = [(n, pre, post) for sex, n, pre, post in people
                   if pre is not None and post is not None
                   and (group == "total" or statistics.SEX_GROUP[sex] == group)]
        exact = exact_gains(members)
        figures = summary["groups"][group]
        assert (figures["improved"], figures["stable"], figures["declined"]) == (
            sum(d > 0 for d in exact), sum(d == 0 for d in exact), sum(d < 0 for d in exact))
        if figures["wilcoxon_p"] is not None:
            assert figures["wilcoxon_p"] == pytest.approx(
                scipy_stats.wilcoxon([float(d) for d in exact]).pvalue, rel=1e-12)
        if len(exact) >= 2 and len(set(exact)) == 1:
            assert figures["effect_size_dz"] is None
            assert figures["ci95_low"] == figures["ci95_high"] == figures["mean_gain"]


@given(fraction_pairs())
def test_histogram_bins_are_those_of_exact_gains(people):
    pairs = as_pairs(people, [(FLOAT_PATHS[2], FLOAT_PATHS[0])] * len(people))
    float_gains = [statistics.gain(pre, post) for _sex, pre, post in pairs
                   if pre is not None and post is not None]
    exact = exact_gains([(n, pre, post) for _sex, n, pre, post in people
                         if pre is not None and post is not None])
    for value, d in zip(float_gains, exact):
        low, high = statistics.GAIN_BINS[statistics.gain_bin(value)]
        if d == 0:
            assert (low, high) == (0, 0)
        elif d < 0:
            assert low <= d < high
        else:
            assert low < d <= high
