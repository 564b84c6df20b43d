"""The figures of shared/stats.md, computed from (sex, pre, post) triples. Pure: no Flask, no
database; full precision (rounding is for display only); None wherever a figure is undefined.

Import path: `trainings.reports.statistics.gain_summary`.
"""
from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence

from scipy import stats as scipy_stats

GROUPS = ("women", "men", "unknown", "total")
SEX_GROUP = {"female": "women", "male": "men", None: "unknown"}
MIN_NONZERO_FOR_WILCOXON = 6

Pair = tuple[str | None, float | None, float | None]


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def group_figures(pairs: Sequence[Pair], pass_mark: float = 70.0) -> dict:
    """Every figure of the stats.md table for one group of (sex, pre, post)."""
    matched = [(pre, post) for _sex, pre, post in pairs if pre is not None and post is not None]
    n = len(matched)
    pres = [pre for pre, _ in matched]
    posts = [post for _, post in matched]
    gains = [post - pre for pre, post in matched]
    mean_pre, mean_post, mean_gain = _mean(pres), _mean(posts), _mean(gains)

    sd = statistics.stdev(gains) if n >= 2 else None
    ci_low = ci_high = None
    if n >= 2:
        half_width = scipy_stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
        ci_low, ci_high = mean_gain - half_width, mean_gain + half_width

    normalized = None
    if n and mean_pre != 100:
        normalized = (mean_post - mean_pre) / (100 - mean_pre)

    nonzero = [d for d in gains if d != 0]
    wilcoxon_p = None
    if len(nonzero) >= MIN_NONZERO_FOR_WILCOXON:
        wilcoxon_p = float(scipy_stats.wilcoxon(gains).pvalue)

    return {
        "n_pre": sum(1 for _s, pre, _p in pairs if pre is not None),
        "n_post": sum(1 for _s, _p, post in pairs if post is not None),
        "n_paired": n,
        "mean_pre": mean_pre,
        "mean_post": mean_post,
        "mean_gain": mean_gain,
        "ci95_low": ci_low,
        "ci95_high": ci_high,
        "normalized_gain": normalized,
        "effect_size_dz": mean_gain / sd if sd else None,
        "improved": sum(1 for d in gains if d > 0),
        "stable": sum(1 for d in gains if d == 0),
        "declined": sum(1 for d in gains if d < 0),
        "share_pass_pre": sum(1 for p in pres if p >= pass_mark) / n if n else None,
        "share_pass_post": sum(1 for p in posts if p >= pass_mark) / n if n else None,
        "wilcoxon_p": wilcoxon_p,
    }


def _difference(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def gain_summary(pairs: Iterable[Pair], pass_mark: float = 70.0) -> dict:
    """Figures for women, men, unknown sex and the total, and the women − men gap.
    pairs: (sex "female"/"male"/None, pre percent or None, post percent or None), one per
    participant and session."""
    pairs = list(pairs)
    by_group: dict[str, list[Pair]] = {group: [] for group in GROUPS}
    for pair in pairs:
        by_group[SEX_GROUP[pair[0]]].append(pair)
    by_group["total"] = pairs
    groups = {group: group_figures(members, pass_mark) for group, members in by_group.items()}
    women, men = groups["women"], groups["men"]
    return {
        "pass_mark": pass_mark,
        "groups": groups,
        "gap_women_minus_men": {
            "mean_gain": _difference(women["mean_gain"], men["mean_gain"]),
            "normalized_gain": _difference(women["normalized_gain"], men["normalized_gain"]),
        },
    }
