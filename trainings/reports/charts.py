"""The two charts of a knowledge-gain report as inline SVG strings: mean pre and post scores by
group, and the distribution of individual gains. Pure: plain data in, markup out; every word
comes from the caller's ChartLabels, already translated."""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol
from xml.sax.saxutils import escape


from trainings.reports import statistics
from trainings.reports.statistics import GAIN_BINS, SEX_GROUP, ZERO_BIN, gain_bin  # noqa: F401

SVG_NS = "http://www.w3.org/2000/svg"
HISTOGRAM_GROUPS = ("women", "men", "unknown")  # stacking order, bottom to top
MISSING = "—"

# Fallback fills when the SVG is opened without app.css (a saved page); app.css has the same.
# Okabe-Ito colours, told apart by readers with any common colour-vision deficiency; every bar
# has a dark outline so that a light fill still has a visible edge.
FILLS = {"pre": "#E69F00", "post": "#0072B2",
         "women": "#D55E00", "men": "#0072B2", "unknown": "#BBBBBB"}
INK = "#1d2430"
GRID = "#d6dbe3"

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


@dataclass(frozen=True)
class ChartLabels:
    """The words of both charts, translated by the caller. `n` takes {n}; `percent` takes
    {value}; `interval_below` and `interval_above` take {low} and {high} and name the bins below
    and above zero, whose lower and upper bound respectively is included."""

    pre: str
    post: str
    n: str  # "n = {n}"
    title_scores: str
    title_gains: str
    gain_axis: str  # "Gain (points)"
    people_axis: str  # "Participants"
    women: str
    men: str
    unknown: str
    total: str
    no_data: str
    missing: str = MISSING
    percent: str = "{value} %"
    interval_below: str = "[{low}, {high})"
    interval_above: str = "({low}, {high}]"

    def group(self, key: str) -> str:
        return {"women": self.women, "men": self.men, "unknown": self.unknown}[key]


def one_decimal(value: float) -> str:
    """A number with one decimal and a French decimal comma: 57.25 -> "57,3"."""
    return f"{value:.1f}".replace(".", ",").replace("-", "\u2212")


def _integer(value: int) -> str:
    return str(value).replace("-", "\u2212")


def _text(value: object) -> str:
    return escape(str(value))


def _attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


def _num(value: float) -> str:
    """A coordinate: short, and exact enough for a 400-unit drawing."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _check_prefix(id_prefix: str) -> str:
    if not _ID.match(id_prefix):
        raise ValueError(f"id_prefix must be an XML name, not {id_prefix!r}")
    return id_prefix


def _svg(id_prefix: str, kind: str, width: int, height: int, title: str, desc: str,
         body: list[str]) -> str:
    # Only the viewBox sizes the drawing: width 100% lets it shrink to a phone's width.
    opening = (f'<svg xmlns="{SVG_NS}" class="chart chart-{kind}" viewBox="0 0 {width} {height}"'
               f' width="100%" role="img" aria-labelledby="{id_prefix}-title"'
               f' aria-describedby="{id_prefix}-desc" font-family="system-ui, sans-serif"'
               f' font-size="12" fill="{INK}">')
    return "".join([
        opening,
        f'<title id="{id_prefix}-title">{_text(title)}</title>',
        f'<desc id="{id_prefix}-desc">{_text(desc)}</desc>',
        *body,
        "</svg>",
    ])


def _no_data(id_prefix: str, kind: str, title: str, labels: ChartLabels) -> str:
    message = (f'<text class="label no-data" x="200" y="34" text-anchor="middle">'
               f"{_text(labels.no_data)}</text>")
    return _svg(id_prefix, kind, 400, 60, title, labels.no_data, [message])


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> str:
    """(css class, word) pairs in a row; the width of a word is estimated, not measured."""
    parts = ['<g class="legend">']
    for css, word in items:
        parts.append(f'<rect class="bar {css}" x="{_num(x)}" y="{_num(y - 10)}" width="12"'
                     f' height="12" fill="{FILLS[css]}" stroke="{INK}" stroke-width="0.75"/>')
        parts.append(f'<text class="label" x="{_num(x + 16)}" y="{_num(y)}">{_text(word)}</text>')
        x += 16 + 7.5 * len(word) + 18
    parts.append("</g>")
    return "".join(parts)


def _bar(css: str, x: float, y: float, width: float, height: float, extra: str = "") -> str:
    return (f'<rect class="bar {css}" x="{_num(x)}" y="{_num(y)}" width="{_num(width)}"'
            f' height="{_num(height)}" fill="{FILLS[css]}" stroke="{INK}" stroke-width="0.75"'
            f"{extra}/>")


# Mean pre and post scores ------------------------------------------------------------------

SCORES_WIDTH, SCORES_LEFT, SCORES_RIGHT = 400, 46, 8
SCORES_TOP, SCORES_PLOT = 44, 200
SCORES_HEIGHT = SCORES_TOP + SCORES_PLOT + 44


def _has_scores(figures: Mapping) -> bool:
    return bool(figures.get("n_paired")) and figures.get("mean_pre") is not None \
        and figures.get("mean_post") is not None


def scores_by_sex(summary: Mapping, labels: ChartLabels) -> list[tuple[str, dict]]:
    """The usual bars of mean_scores_chart(): women, men, unknown sex only when someone is in
    it (as docs/statistics.md asks), and the total. summary: statistics.gain_summary()."""
    groups = summary["groups"]
    bars = [(labels.women, groups["women"]), (labels.men, groups["men"])]
    if groups["unknown"]["n_paired"]:
        bars.append((labels.unknown, groups["unknown"]))
    bars.append((labels.total, groups["total"]))
    return bars


def mean_scores_chart(bars: Sequence[tuple[str, Mapping]], labels: ChartLabels,
                      number: Callable[[float], str] = one_decimal, *,
                      id_prefix: str = "scores") -> str:
    """Mean pre and post scores (0–100 %) side by side for each (label, figures) of `bars`,
    figures being a group of statistics.gain_summary(); n_paired is shown under each group and a
    group without pairs shows labels.missing instead of bars."""
    id_prefix = _check_prefix(id_prefix)
    if not bars:
        return _no_data(id_prefix, "scores", labels.title_scores, labels)

    def percent(value: float) -> str:
        return labels.percent.format(value=number(value))

    plot_width = SCORES_WIDTH - SCORES_LEFT - SCORES_RIGHT
    bottom = SCORES_TOP + SCORES_PLOT
    body = [_legend([("pre", labels.pre), ("post", labels.post)], SCORES_LEFT, 16)]

    body.append('<g class="axis">')
    for tick in (0, 25, 50, 75, 100):
        y = bottom - SCORES_PLOT * tick / 100
        body.append(f'<line class="grid" x1="{SCORES_LEFT}" x2="{SCORES_WIDTH - SCORES_RIGHT}"'
                    f' y1="{_num(y)}" y2="{_num(y)}" stroke="{GRID}"/>')
        body.append(f'<text class="label tick" x="{SCORES_LEFT - 4}" y="{_num(y + 4)}"'
                    f' text-anchor="end">{_text(labels.percent.format(value=tick))}</text>')
    body.append(f'<line class="baseline" x1="{SCORES_LEFT}" x2="{SCORES_WIDTH - SCORES_RIGHT}"'
                f' y1="{bottom}" y2="{bottom}" stroke="{INK}"/>')
    body.append("</g>")

    slot = plot_width / len(bars)
    bar_width = min(40.0, slot * 0.36)
    sentences = []
    for index, (label, figures) in enumerate(bars):
        centre = SCORES_LEFT + slot * (index + 0.5)
        n = figures.get("n_paired") or 0
        n_text = labels.n.format(n=n)
        body.append('<g class="group">')
        if _has_scores(figures):
            for css, value, x in (("pre", figures["mean_pre"], centre - bar_width - 1),
                                  ("post", figures["mean_post"], centre + 1)):
                height = SCORES_PLOT * min(max(value, 0.0), 100.0) / 100
                body.append(_bar(css, x, bottom - height, bar_width, height))
                body.append(f'<text class="label value" x="{_num(x + bar_width / 2)}"'
                            f' y="{_num(bottom - height - 4)}" text-anchor="middle">'
                            f"{_text(number(value))}</text>")
            sentences.append(f"{label} ({n_text}): {labels.pre} {percent(figures['mean_pre'])},"
                             f" {labels.post} {percent(figures['mean_post'])}.")
        else:
            body.append(f'<text class="label missing" x="{_num(centre)}" y="{bottom - 8}"'
                        f' text-anchor="middle">{_text(labels.missing)}</text>')
            sentences.append(f"{label} ({n_text}): {labels.missing}.")
        body.append(f'<text class="label group-label" x="{_num(centre)}" y="{bottom + 18}"'
                    f' text-anchor="middle">{_text(label)}</text>')
        body.append(f'<text class="label n" x="{_num(centre)}" y="{bottom + 34}"'
                    f' text-anchor="middle">{_text(n_text)}</text>')
        body.append("</g>")
    return _svg(id_prefix, "scores", SCORES_WIDTH, SCORES_HEIGHT, labels.title_scores,
                " ".join(sentences), body)


# Distribution of individual gains ----------------------------------------------------------

class GainLike(Protocol):
    """What gains_by_sex() reads of a row; report_data.GainRow has it."""

    @property
    def sex(self) -> str | None: ...

    @property
    def gain(self) -> float | None: ...


def gains_by_sex(rows: Iterable[GainLike]) -> dict[str, list[float]]:
    """{"women"/"men"/"unknown": gains} from report_data.GainRow-like rows (.sex, .gain), leaving
    out rows without a gain and groups without anyone."""
    gains: dict[str, list[float]] = {}
    for row in rows:
        gain = row.gain  # a computed property: read once
        if gain is not None:
            gains.setdefault(SEX_GROUP[row.sex], []).append(gain)
    return {group: gains[group] for group in HISTOGRAM_GROUPS if group in gains}


def bin_counts(gains_by_group: Mapping[str, Sequence[float]]) -> dict[str, list[int]]:
    """For each group present, how many gains fall in each bin of GAIN_BINS."""
    unknown_keys = set(gains_by_group) - set(HISTOGRAM_GROUPS)
    if unknown_keys:
        raise ValueError(f"groups are {HISTOGRAM_GROUPS}, not {sorted(unknown_keys)}")
    counts = {}
    for group in HISTOGRAM_GROUPS:
        if group in gains_by_group:
            counts[group] = statistics.bin_counts(gains_by_group[group])
    return counts


def _count_step(top: int) -> int:
    """An integer tick step giving at most five ticks above zero."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500):
        if top <= 5 * step:
            return step
    return 10 ** math.ceil(math.log10(top / 5))


GAINS_WIDTH, GAINS_LEFT, GAINS_RIGHT = 420, 34, 14
GAINS_TOP, GAINS_PLOT = 50, 180
GAINS_HEIGHT = GAINS_TOP + GAINS_PLOT + 40


def gain_histogram(gains_by_group: Mapping[str, Sequence[float]], labels: ChartLabels, *,
                   id_prefix: str = "gains") -> str:
    """The individual gains (post − pre, points) of each group, stacked women, men, unknown,
    in bins of 10 points with zero as a bar of its own. gains_by_group: see gains_by_sex()."""
    id_prefix = _check_prefix(id_prefix)
    counts = bin_counts(gains_by_group)
    totals = [sum(row[index] for row in counts.values()) for index in range(len(GAIN_BINS))]
    if not sum(totals):
        return _no_data(id_prefix, "gains", labels.title_gains, labels)

    step = _count_step(max(totals))
    top = step * math.ceil(max(totals) / step)
    unit = GAINS_PLOT / top
    bottom = GAINS_TOP + GAINS_PLOT
    plot_width = GAINS_WIDTH - GAINS_LEFT - GAINS_RIGHT
    slot = plot_width / len(GAIN_BINS)
    bar_width = slot - 2

    body = [_legend([(group, labels.group(group)) for group in counts], GAINS_LEFT, 16)]
    body.append(f'<text class="label axis-title" x="{GAINS_LEFT - 4}" y="{GAINS_TOP - 12}">'
                f"{_text(labels.people_axis)}</text>")
    body.append('<g class="axis">')
    for tick in range(0, top + 1, step):
        y = bottom - tick * unit
        body.append(f'<line class="grid" x1="{GAINS_LEFT}" x2="{GAINS_WIDTH - GAINS_RIGHT}"'
                    f' y1="{_num(y)}" y2="{_num(y)}" stroke="{GRID}"/>')
        body.append(f'<text class="label tick" x="{GAINS_LEFT - 4}" y="{_num(y + 4)}"'
                    f' text-anchor="end">{tick}</text>')
    body.append(f'<line class="baseline" x1="{GAINS_LEFT}" x2="{GAINS_WIDTH - GAINS_RIGHT}"'
                f' y1="{bottom}" y2="{bottom}" stroke="{INK}"/>')
    # Bounds under the bins' edges, and "0" under the zero bar, which is a bin of its own.
    for value, x in ((-100, 0), (-50, 5), (0, ZERO_BIN + 0.5), (50, 16), (100, 21)):
        body.append(f'<line class="tick" x1="{_num(GAINS_LEFT + slot * x)}"'
                    f' x2="{_num(GAINS_LEFT + slot * x)}" y1="{bottom}" y2="{bottom + 3}"'
                    f' stroke="{INK}"/>')
        body.append(f'<text class="label tick" x="{_num(GAINS_LEFT + slot * x)}"'
                    f' y="{bottom + 15}" text-anchor="middle">{_integer(value)}</text>')
    body.append(f'<text class="label axis-title" x="{_num(GAINS_LEFT + plot_width / 2)}"'
                f' y="{bottom + 32}" text-anchor="middle">{_text(labels.gain_axis)}</text>')
    body.append("</g>")

    sentences = [f"{labels.people_axis}: " + ", ".join(
        f"{labels.group(group)} {sum(row)}" for group, row in counts.items()) + "."]
    sentences.append(f"{labels.gain_axis}:")
    for index in range(len(GAIN_BINS)):
        x = GAINS_LEFT + slot * index + 1
        name = statistics.bin_label(index, labels.interval_below, labels.interval_above)
        body.append(f'<g class="bin{" zero" if index == ZERO_BIN else ""}"'
                    f' data-bin="{_attr(name)}" data-count="{totals[index]}">')
        body.append(f"<title>{_text(name)}: {totals[index]}</title>")
        y = bottom
        for group, row in counts.items():
            if row[index]:
                height = row[index] * unit
                y -= height
                body.append(_bar(group, x, y, bar_width, height,
                                 f' data-count="{row[index]}"'))
        if totals[index]:
            body.append(f'<text class="label value" x="{_num(x + bar_width / 2)}"'
                        f' y="{_num(y - 3)}" text-anchor="middle" font-size="10">'
                        f"{totals[index]}</text>")
            detail = ", ".join(f"{labels.group(group)} {row[index]}"
                               for group, row in counts.items() if row[index])
            sentences.append(f"{name}: {totals[index]} ({detail});")
        body.append("</g>")
    sentences[-1] = sentences[-1].rstrip(";") + "."
    return _svg(id_prefix, "gains", GAINS_WIDTH, GAINS_HEIGHT, labels.title_gains,
                " ".join(sentences), body)
