"""The figures of the knowledge-gain report (docs/statistics.md), computed from (sex, pre, post)
triples. Pure: no Flask, no database; None wherever a figure is undefined. Rounding is for display
only, except the one precision rule below that makes equal scores and equal gains equal.

Import path: `trainings.reports.statistics.gain_summary`.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

# scipy.stats is imported where a p-value or a quantile is computed, not here: it takes most
# of the application's start (0.8 s of 2 s), and most requests never need it.

GROUPS = ("women", "men", "unknown", "total")
SEX_GROUP = {"female": "women", "male": "men", None: "unknown"}
MIN_NONZERO_FOR_WILCOXON = 6

Pair = tuple[str | None, float | None, float | None]

# Scores are fractions such as 7/9 and floats do not subtract exactly: 100·7/9 − 100·6/9 and
# 100·2/9 − 100·1/9 are the same gain but differ in the last bit. Every individual gain d_i is
# therefore post − pre rounded to 9 decimals (a billionth of a point), and every figure computed
# from d (signs, spread, interval, effect size, Wilcoxon ranks, histogram bins) uses the rounded
# d_i. Scores themselves are read at the same precision for the means and the pass mark, so that
# 7/9 reached by 100·7/9 or by 7/9·100 gives the same figures, and 69.99999999999999 passes 70.
# A test has far fewer than 4,096 questions, so no exact score or gain lies half-way between two
# billionths, and the rounding always lands on the value of the exact fraction.
DECIMALS = 9
_SCALE = 10.0 ** DECIMALS


def rounded(values: np.ndarray) -> np.ndarray:
    """Scores or gains at the platform's precision: scaled, rounded half to even, scaled back
    (what numpy.round does); NaN stays NaN, −0.0 becomes 0.0."""
    return np.rint(np.asarray(values, dtype=float) * _SCALE) / _SCALE + 0.0


def gains(pre: np.ndarray, post: np.ndarray) -> np.ndarray:
    """The individual gains d_i = post_i − pre_i in points, rounded: the one rule every gain
    figure, the histograms and the exported rows use."""
    return rounded(np.asarray(post, dtype=float) - np.asarray(pre, dtype=float))


def gain(pre: float | None, post: float | None) -> float | None:
    """One person's gain by the same rule, None when either score is missing. The very
    operations of gains() on one float (Python's round() is half to even, like numpy.rint),
    without an array: a pooled report asks for 15,000 of them."""
    if pre is None or post is None:
        return None
    return round((post - pre) * _SCALE) / _SCALE


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


@functools.lru_cache(maxsize=1024)
def _t_quantile(degrees_of_freedom: int) -> float:
    """t(0.975, df) from scipy, kept per df: a pooled report asks for the same few many times."""
    from scipy import stats as scipy_stats

    return float(scipy_stats.t.ppf(0.975, degrees_of_freedom))


def _stdev(values: np.ndarray, mean: float) -> float:
    """Sample standard deviation (n − 1), two-pass with exactly rounded sums (math.fsum), so
    that it does not depend on the order of the values; exactly 0 when all values are equal
    (docs/statistics.md: no effect size then), which a rounded mean alone would not guarantee."""
    if values.min() == values.max():
        return 0.0
    return math.sqrt(math.fsum(((values - mean) ** 2).tolist()) / (len(values) - 1))


def _scores(values: Iterable[float | None]) -> np.ndarray:
    """Percentages as an array, NaN where the attempt is missing."""
    return np.array([math.nan if v is None else v for v in values], dtype=float)


@functools.lru_cache(maxsize=4096)
def _wilcoxon_p(sorted_gains: tuple[float, ...]) -> float:
    """scipy's two-sided Wilcoxon signed-rank p-value with its defaults. For 13 differences or
    fewer with ties, scipy runs an exhaustive permutation test (tens of milliseconds); the
    p-value depends only on the multiset of differences, so it is kept per sorted tuple."""
    from scipy import stats as scipy_stats

    return float(scipy_stats.wilcoxon(np.array(sorted_gains)).pvalue)


def _group_figures(pre: np.ndarray, post: np.ndarray, pass_mark: float,
                   significance: bool = True) -> dict:
    """Every figure of the statistics table for one group, from its pre and post arrays (NaN
    for a missing attempt). Gains are rounded (gains()); sums are exactly rounded (fsum), so
    that no figure depends on the order of the pairs and a zero spread is exactly zero."""
    has_pre, has_post = ~np.isnan(pre), ~np.isnan(post)
    matched = has_pre & has_post
    differences = gains(pre[matched], post[matched])
    pres, posts = rounded(pre[matched]), rounded(post[matched])
    n = int(matched.sum())
    gain_list = differences.tolist()
    mean_pre, mean_post = _mean(pres.tolist()), _mean(posts.tolist())
    mean_gain = _mean(gain_list)

    sd = _stdev(differences, mean_gain) if n >= 2 else None
    ci_low = ci_high = None
    if n >= 2:
        half_width = _t_quantile(n - 1) * sd / math.sqrt(n)
        ci_low, ci_high = mean_gain - half_width, mean_gain + half_width

    normalized = None
    if n and mean_pre != 100:
        normalized = (mean_post - mean_pre) / (100 - mean_pre)

    improved, declined = int((differences > 0).sum()), int((differences < 0).sum())
    wilcoxon_p = None
    if significance and improved + declined >= MIN_NONZERO_FOR_WILCOXON:
        wilcoxon_p = _wilcoxon_p(tuple(sorted(gain_list)))

    return {
        "n_pre": int(has_pre.sum()),
        "n_post": int(has_post.sum()),
        "n_paired": n,
        "mean_pre": mean_pre,
        "mean_post": mean_post,
        "mean_gain": mean_gain,
        "ci95_low": ci_low,
        "ci95_high": ci_high,
        "normalized_gain": normalized,
        "effect_size_dz": mean_gain / sd if sd else None,
        "improved": improved,
        "stable": n - improved - declined,
        "declined": declined,
        "share_pass_pre": int((pres >= pass_mark).sum()) / n if n else None,
        "share_pass_post": int((posts >= pass_mark).sum()) / n if n else None,
        "wilcoxon_p": wilcoxon_p,
    }


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


@dataclass(frozen=True)
class PairArrays:
    """Pairs as columns: each pair's group ("women", "men" or "unknown") and its pre and post
    scores (NaN when missing). A pooled report builds them once and summarises parts of them
    (a region, a theme) by masking instead of rebuilding lists."""

    groups: np.ndarray
    pre: np.ndarray
    post: np.ndarray

    @classmethod
    def of(cls, pairs: Iterable[Pair]) -> PairArrays:
        pairs = list(pairs)
        return cls.of_columns([p[0] for p in pairs], [p[1] for p in pairs],
                              [p[2] for p in pairs])

    @classmethod
    def of_columns(cls, sexes: Sequence[str | None], pres: Sequence[float | None],
                   posts: Sequence[float | None]) -> PairArrays:
        """The same from three columns of equal length (numpy turns None into NaN)."""
        return cls(np.array([SEX_GROUP[sex] for sex in sexes], dtype=object),
                   np.array(pres, dtype=float).reshape(-1),
                   np.array(posts, dtype=float).reshape(-1))

    def __getitem__(self, mask: np.ndarray) -> PairArrays:
        return PairArrays(self.groups[mask], self.pre[mask], self.post[mask])


def summarise(arrays: PairArrays, pass_mark: float = 70.0, significance: bool = True) -> dict:
    """gain_summary() of pairs already in columns."""
    groups = {}
    for group in GROUPS:
        if group == "total":
            groups[group] = _group_figures(arrays.pre, arrays.post, pass_mark, significance)
        else:
            member = arrays.groups == group
            groups[group] = _group_figures(arrays.pre[member], arrays.post[member], pass_mark,
                                           significance)
    women, men = groups["women"], groups["men"]
    return {
        "pass_mark": pass_mark,
        "groups": groups,
        "gap_women_minus_men": {
            "mean_gain": _difference(women["mean_gain"], men["mean_gain"]),
            "normalized_gain": _difference(women["normalized_gain"], men["normalized_gain"]),
        },
    }


def gain_summary(pairs: Iterable[Pair], pass_mark: float = 70.0,
                 significance: bool = True) -> dict:
    """Figures for women, men, unknown sex and the total, and the women − men gap.
    pairs: (sex "female"/"male"/None, pre percent or None, post percent or None), one per
    participant and session. significance=False leaves wilcoxon_p None (not computed), for
    breakdowns that do not show it."""
    return summarise(PairArrays.of(pairs), pass_mark, significance)


# The distribution of individual gains, shared by the page's chart and the workbook's: ten bins
# below zero [low, high), zero alone (no change), ten above (low, high]; 21 bins, left to right.
GAIN_BINS: tuple[tuple[int, int], ...] = (
    tuple((low, low + 10) for low in range(-100, 0, 10)) + ((0, 0),)
    + tuple((low, low + 10) for low in range(0, 100, 10)))
ZERO_BIN = 10
N_BINS = len(GAIN_BINS)


def gain_bins(gain_values: Iterable[float]) -> np.ndarray:
    """The index in GAIN_BINS of each gain (points, in [−100, 100]); ValueError outside. Gains
    are taken at the precision of gains(): 100·10/30 − 100·7/30 is 10.000000000000004 as floats
    and belongs in (0, 10], not (10, 20]."""
    values = rounded(np.asarray(
        gain_values if isinstance(gain_values, np.ndarray) else list(gain_values), dtype=float))
    outside = np.isnan(values) | (values < -100) | (values > 100)
    if outside.any():
        raise ValueError(f"a gain is between -100 and 100 points, not {values[outside][0]!r}")
    below = np.clip(np.floor((values + 100) / 10), 0, ZERO_BIN - 1)
    above = ZERO_BIN + np.clip(np.ceil(values / 10), 1, 10)
    return np.where(values == 0, ZERO_BIN, np.where(values < 0, below, above)).astype(int)


def gain_bin(gain: float) -> int:
    """The index in GAIN_BINS of one gain."""
    return int(gain_bins([gain])[0])


def bin_label(index: int, below: str = "[{low} ; {high}[", above: str = "]{low} ; {high}]",
              ) -> str:
    """The name of a bin of GAIN_BINS: "0" for no change, else the pattern for bins below zero
    ([low, high)) or above it ((low, high]) with {low} and {high} as signed integers (a true
    minus sign)."""
    if index == ZERO_BIN:
        return "0"
    low, high = GAIN_BINS[index]
    pattern = below if index < ZERO_BIN else above
    return pattern.format(low=str(low).replace("-", "\N{MINUS SIGN}"),
                          high=str(high).replace("-", "\N{MINUS SIGN}"))


def bin_counts(gain_values: Iterable[float]) -> list[int]:
    """How many gains fall in each bin of GAIN_BINS."""
    return np.bincount(gain_bins(gain_values), minlength=N_BINS).tolist()


def _share(values: Sequence[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def question_figures(questions: Sequence[tuple[int, str]],
                     answers: Iterable[tuple[object, str | None, str, int, bool]]) -> list[dict]:
    """Per question, the share of correct answers at pre and at post and their difference, for
    women, men, unknown sex and the total.

    questions: (question_id, text) in the order of the test. answers: (person, sex, kind "pre" or
    "post", question_id, correct), one per question of each attempt (an unanswered question is a
    wrong answer). Like every gain figure, a question's shares are computed on its matched set:
    the people who answered it both before and after, so that a question added to the test later
    is not counted wrong for those who never saw it."""
    seen: dict[int, dict[object, dict]] = {question_id: {} for question_id, _ in questions}
    for person, sex, kind, question_id, correct in answers:
        if question_id in seen:
            entry = seen[question_id].setdefault(person, {"sex": sex})
            entry[kind] = bool(correct)
    figures = []
    for question_id, text in questions:
        matched = [entry for entry in seen[question_id].values()
                   if "pre" in entry and "post" in entry]
        groups = {}
        for group in GROUPS:
            members = matched if group == "total" else [
                entry for entry in matched if SEX_GROUP[entry["sex"]] == group]
            pre = _share([entry["pre"] for entry in members])
            post = _share([entry["post"] for entry in members])
            groups[group] = {"n": len(members), "pre": pre, "post": post,
                             "difference": _difference(post, pre)}
        figures.append({"question_id": question_id, "text": text, "groups": groups})
    return figures


def satisfaction_figures(items: Sequence[tuple[int, str, str]],
                         answers: Iterable[tuple[str | None, int, int | None, str]]) -> list[dict]:
    """The satisfaction questionnaire by sex. items: (item_id, kind "scale" or "text", text) in
    order; answers: (sex, item_id, rating 1–5 or None, text). A scale item gets, per group, the
    number of ratings, their mean (None without ratings) and how many gave each value; a text
    item gets its non-empty comments as (sex, text), and per group their number."""
    by_item: dict[int, list[tuple[str | None, int | None, str]]] = {
        item_id: [] for item_id, _, _ in items}
    for sex, item_id, rating, text in answers:
        if item_id in by_item:
            by_item[item_id].append((sex, rating, (text or "").strip()))
    figures = []
    for item_id, kind, text in items:
        entries = by_item[item_id]
        groups = {}
        for group in GROUPS:
            members = entries if group == "total" else [
                entry for entry in entries if SEX_GROUP[entry[0]] == group]
            if kind == "scale":
                ratings = [rating for _, rating, _ in members if rating is not None]
                groups[group] = {"n": len(ratings), "mean": _mean(ratings),
                                 "distribution": {value: ratings.count(value)
                                                  for value in range(1, 6)}}
            else:
                groups[group] = {"n": sum(1 for _, _, comment in members if comment)}
        figure = {"item_id": item_id, "kind": kind, "text": text, "groups": groups}
        if kind != "scale":
            figure["comments"] = [(sex, comment) for sex, _, comment in entries if comment]
        figures.append(figure)
    return figures
