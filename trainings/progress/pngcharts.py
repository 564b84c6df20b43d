"""The gain charts of the Word document as PNG pictures (Word shows no SVG): the mean scores
before and after by sex, and the distribution of individual gains. Pure: Pillow only; the
words come from the caller (Arabic shaped by Pillow's Raqm layout when it has it)."""
from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from PIL import Image, ImageDraw, ImageFont

from trainings.reports import statistics

WIDTH, HEIGHT = 1200, 640
LEFT, RIGHT, TOP, BOTTOM = 110, 40, 90, 130
COLOURS = {"pre": (158, 154, 200), "post": (84, 39, 143), "women": (140, 45, 110),
           "men": (40, 110, 160), "unknown": (150, 150, 150)}
INK, GRID = (30, 30, 30), (220, 220, 220)


def _font(font_path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path, size)


def _canvas(title: str, font_path: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((WIDTH / 2, 30), title, fill=INK, font=_font(font_path, 30), anchor="mm")
    return image, draw


def _axis(draw: ImageDraw.ImageDraw, top_value: float, steps: int, font_path: str) -> None:
    font = _font(font_path, 20)
    plot = HEIGHT - TOP - BOTTOM
    for step in range(steps + 1):
        value = top_value * step / steps
        y = HEIGHT - BOTTOM - plot * step / steps
        draw.line((LEFT, y, WIDTH - RIGHT, y), fill=GRID, width=1)
        draw.text((LEFT - 10, y), f"{value:g}", fill=INK, font=font, anchor="rm")
    draw.line((LEFT, TOP, LEFT, HEIGHT - BOTTOM), fill=INK, width=2)
    draw.line((LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM), fill=INK, width=2)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _legend(draw, items: Sequence[tuple[str, tuple[int, int, int]]], font_path: str) -> None:
    font = _font(font_path, 22)
    x = LEFT
    for text, colour in items:
        draw.rectangle((x, HEIGHT - 40, x + 24, HEIGHT - 16), fill=colour)
        draw.text((x + 32, HEIGHT - 28), text, fill=INK, font=font, anchor="lm")
        x += 60 + draw.textlength(text, font=font)


def scores_png(bars: Sequence[tuple[str, Mapping]], title: str, pre: str, post: str,
               font_path: str) -> bytes:
    """Mean pre and post scores (0–100) of each (label, statistics group) with pairs."""
    image, draw = _canvas(title, font_path)
    _axis(draw, 100, 5, font_path)
    bars = [(label, group) for label, group in bars if group.get("n_paired")]
    slot = (WIDTH - LEFT - RIGHT) / max(len(bars), 1)
    plot = HEIGHT - TOP - BOTTOM
    font = _font(font_path, 22)
    for index, (label, group) in enumerate(bars):
        x = LEFT + slot * index + slot * 0.2
        width = slot * 0.3
        for offset, key in ((0, "mean_pre"), (1, "mean_post")):
            height = plot * group[key] / 100
            left = x + offset * width
            draw.rectangle((left, HEIGHT - BOTTOM - height, left + width - 4, HEIGHT - BOTTOM),
                           fill=COLOURS["pre" if offset == 0 else "post"])
        draw.text((LEFT + slot * (index + 0.5), HEIGHT - BOTTOM + 24),
                  f"{label} (n = {group['n_paired']})", fill=INK, font=font, anchor="mm")
    _legend(draw, [(pre, COLOURS["pre"]), (post, COLOURS["post"])], font_path)
    return _png(image)


def histogram_png(gains_by_group: Mapping[str, Sequence[float]], title: str,
                  group_labels: Mapping[str, str], font_path: str) -> bytes:
    """The individual gains by bins of 10 points, stacked by sex (charts.gains_by_sex)."""
    image, draw = _canvas(title, font_path)
    counts = {group: statistics.bin_counts(values) for group, values in gains_by_group.items()}
    totals = [sum(column) for column in zip(*counts.values())] or [0] * statistics.N_BINS
    top = max(max(totals), 1)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**6) if top <= 5 * s)
    _axis(draw, 5 * step, 5, font_path)
    plot = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / statistics.N_BINS
    font = _font(font_path, 16)
    for index in range(statistics.N_BINS):
        bottom = HEIGHT - BOTTOM
        for group, column in counts.items():
            height = plot * column[index] / (5 * step)
            draw.rectangle((LEFT + slot * index + 3, bottom - height,
                            LEFT + slot * (index + 1) - 3, bottom), fill=COLOURS[group])
            bottom -= height
        draw.text((LEFT + slot * (index + 0.5), HEIGHT - BOTTOM + 18 + 22 * (index % 2)),
                  statistics.bin_label(index), fill=INK, font=font, anchor="mm")
    _legend(draw, [(group_labels[group], COLOURS[group]) for group in counts], font_path)
    return _png(image)
