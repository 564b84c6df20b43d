"""The SVG charts of the knowledge-gain reports, read back as XML the way a reader sees them."""
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainings.reports.charts import (
    GAIN_BINS,
    SCORES_PLOT,
    ZERO_BIN,
    ChartLabels,
    gain_bin,
    gain_histogram,
    gains_by_sex,
    mean_scores_chart,
    one_decimal,
    scores_by_sex,
)
from trainings.reports.report_data import GainRow
from trainings.reports.statistics import gain_summary

NS = {"svg": "http://www.w3.org/2000/svg"}
LABELS = ChartLabels(
    pre="Avant", post="Après", n="n = {n}", title_scores="Scores moyens avant et après",
    title_gains="Gains individuels", gain_axis="Gain (points)", people_axis="Participants",
    women="Femmes", men="Hommes", unknown="Non renseigné", total="Total",
    no_data="Aucune donnée")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(element: ET.Element) -> list[str]:
    return ["".join(text.itertext()) for text in element.iterfind(".//svg:text", NS)]


def group_of(mean_pre, mean_post, n):
    return {"n_paired": n, "mean_pre": mean_pre, "mean_post": mean_post}


def bars(element: ET.Element, css: str) -> list[ET.Element]:
    return [rect for rect in element.iterfind(".//svg:rect", NS)
            if rect.get("class") == f"bar {css}"]


# Mean scores ---------------------------------------------------------------------------------

def test_bar_heights_are_proportional_to_the_means():
    root = parse(mean_scores_chart([("A", group_of(50, 100, 3)), ("B", group_of(25, 0, 2))],
                                   LABELS))
    groups = root.findall("svg:g[@class='group']", NS)
    a_pre, a_post = bars(groups[0], "pre")[0], bars(groups[0], "post")[0]
    b_pre, b_post = bars(groups[1], "pre")[0], bars(groups[1], "post")[0]
    assert float(a_post.get("height")) == SCORES_PLOT
    assert float(a_pre.get("height")) == SCORES_PLOT / 2
    assert float(b_pre.get("height")) == SCORES_PLOT / 4
    assert float(b_post.get("height")) == 0
    # Bars stand on the same baseline.
    assert float(a_pre.get("y")) + float(a_pre.get("height")) == float(a_post.get("y")) + float(
        a_post.get("height"))
    assert "50,0" in texts(groups[0]) and "100,0" in texts(groups[0])


def test_each_group_shows_its_label_and_n():
    root = parse(mean_scores_chart(
        [("Femmes", group_of(40, 60, 12)), ("Hommes", group_of(45, 70, 7))], LABELS))
    groups = root.findall("svg:g[@class='group']", NS)
    assert ["Femmes", "n = 12"] == [t for t in texts(groups[0]) if not t[0].isdigit()]
    assert "n = 7" in texts(groups[1]) and "Hommes" in texts(groups[1])


def test_an_empty_group_shows_a_dash_and_no_bar_never_zero():
    summary = gain_summary([("female", 40, 60), ("female", 50, 90)])
    root = parse(mean_scores_chart(
        [("Femmes", summary["groups"]["women"]), ("Hommes", summary["groups"]["men"])], LABELS))
    women, men = root.findall("svg:g[@class='group']", NS)
    assert len(bars(women, "pre")) == len(bars(women, "post")) == 1
    assert men.findall("svg:rect", NS) == []
    assert texts(men) == ["—", "Hommes", "n = 0"]
    assert not any(text.startswith("0") for text in texts(men))
    assert "Hommes (n = 0): —." in root.find("svg:desc", NS).text


def test_the_description_gives_the_figures_in_words():
    root = parse(mean_scores_chart([("Femmes", group_of(57.25, 80, 4))], LABELS))
    assert root.find("svg:title", NS).text == "Scores moyens avant et après"
    assert root.find("svg:desc", NS).text == "Femmes (n = 4): Avant 57,2 %, Après 80,0 %."


def test_the_caller_formats_the_numbers():
    root = parse(mean_scores_chart([("Women", group_of(57.25, 80, 4))], LABELS,
                                   number=lambda value: f"{value:.2f}"))
    assert {"57.25", "80.00"} <= set(texts(root))


def test_gridlines_legend_and_default_formatter():
    root = parse(mean_scores_chart([("A", group_of(10, 20, 1))], LABELS))
    assert len(root.findall(".//svg:line[@class='grid']", NS)) == 5
    assert {"0 %", "25 %", "50 %", "75 %", "100 %", "Avant", "Après"} <= set(texts(root))
    assert one_decimal(57.25) == "57,2" and one_decimal(-3.06) == "−3,1"


def test_scores_by_sex_shows_unknown_only_when_someone_is_in_it():
    with_unknown = gain_summary([("female", 40, 60), (None, 50, 50)])
    assert [label for label, _ in scores_by_sex(with_unknown, LABELS)] == [
        "Femmes", "Hommes", "Non renseigné", "Total"]
    without = gain_summary([("female", 40, 60)])
    assert [label for label, _ in scores_by_sex(without, LABELS)] == ["Femmes", "Hommes", "Total"]


# Gain histogram ------------------------------------------------------------------------------

def bins(root: ET.Element) -> list[ET.Element]:
    return root.findall(".//svg:g[@data-bin]", NS)


@pytest.mark.parametrize(("gain", "index"), [
    (0, ZERO_BIN), (0.0, ZERO_BIN), (10, ZERO_BIN + 1), (0.5, ZERO_BIN + 1),
    (-10, ZERO_BIN - 1), (-0.5, ZERO_BIN - 1), (-9.99, ZERO_BIN - 1), (10.01, ZERO_BIN + 2),
    (100, len(GAIN_BINS) - 1), (-100, 0), (-90, 1), (90, ZERO_BIN + 9),
    # Float noise: 100·10/30 − 100·7/30 is 10.000000000000004, a gain of 10 as in the workbook.
    (100 * 10 / 30 - 100 * 7 / 30, ZERO_BIN + 1)])
def test_gain_bin_edges(gain, index):
    assert gain_bin(gain) == index


@pytest.mark.parametrize("gain", [100.5, -101, float("nan")])
def test_a_gain_outside_the_scale_is_refused(gain):
    with pytest.raises(ValueError):
        gain_bin(gain)


def test_histogram_bins_as_a_reader_sees_them():
    root = parse(gain_histogram({"women": [0, 10, -10, 100, -100, 0]}, LABELS))
    by_name = {g.get("data-bin"): int(g.get("data-count")) for g in bins(root)}
    assert len(by_name) == 21
    assert by_name["0"] == 2
    assert by_name["(0, 10]"] == 1
    assert by_name["[−10, 0)"] == 1
    assert by_name["(90, 100]"] == 1
    assert by_name["[−100, −90)"] == 1
    assert sum(by_name.values()) == 6
    assert bins(root)[ZERO_BIN].get("data-bin") == "0"


def test_stacked_counts_add_up_and_heights_follow_the_counts():
    gains = {"women": [5, 5, 5, 0], "men": [5, -20], "unknown": [5]}
    root = parse(gain_histogram(gains, LABELS))
    five = bins(root)[ZERO_BIN + 1]
    segments = five.findall("svg:rect", NS)
    assert [s.get("class") for s in segments] == ["bar women", "bar men", "bar unknown"]
    assert [int(s.get("data-count")) for s in segments] == [3, 1, 1]
    assert int(five.get("data-count")) == 5
    heights = [float(s.get("height")) for s in segments]
    assert heights[0] == pytest.approx(3 * heights[1]) and heights[1] == pytest.approx(heights[2])
    # Stacked: each segment starts where the one below ends.
    assert float(segments[1].get("y")) + heights[1] == pytest.approx(float(segments[0].get("y")))
    assert "5" in texts(five)
    desc = root.find("svg:desc", NS).text
    assert "Participants: Femmes 4, Hommes 2, Non renseigné 1." in desc
    assert "(0, 10]: 5 (Femmes 3, Hommes 1, Non renseigné 1)" in desc


def test_only_groups_present_are_in_the_legend_and_ticks_are_integers():
    root = parse(gain_histogram({"men": [10, 20, 20, 30, 30, 30, 30, 30, 30, 30]}, LABELS))
    legend = root.find("svg:g[@class='legend']", NS)
    assert texts(legend) == ["Hommes"]
    assert [r.get("class") for r in legend.findall("svg:rect", NS)] == ["bar men"]
    ticks = [t.text for t in root.iterfind(".//svg:text[@class='label tick']", NS)]
    assert ticks[:-5] == ["0", "2", "4", "6", "8"]  # then the five gain bounds under the axis


def test_empty_input_gives_a_small_svg_with_the_no_data_text():
    for empty in ({}, {"women": [], "men": []}):
        root = parse(gain_histogram(empty, LABELS))
        assert texts(root) == ["Aucune donnée"]
        assert root.find("svg:desc", NS).text == "Aucune donnée"
        assert root.findall(".//svg:rect", NS) == []


def test_unknown_group_keys_are_refused():
    with pytest.raises(ValueError):
        gain_histogram({"female": [10]}, LABELS)


def test_gains_by_sex_from_report_rows():
    def row(sex, pre, post):
        return GainRow("P1", sex, None, "r", "p", "t", "th", 1, "s", None, None, pre, post)
    rows = [row("female", 40, 60), row("male", 50, None), row(None, 70, 60), row("male", 0, 0)]
    assert gains_by_sex(rows) == {"women": [20], "men": [0], "unknown": [-10]}


@given(st.dictionaries(st.sampled_from(["women", "men", "unknown"]),
                       st.lists(st.floats(min_value=-100, max_value=100), max_size=30),
                       min_size=1))
def test_bar_counts_add_up_to_the_number_of_gains(gains):
    root = parse(gain_histogram(gains, LABELS))
    n = sum(len(values) for values in gains.values())
    if n == 0:
        assert texts(root) == ["Aucune donnée"]
        return
    bin_counts = [int(g.get("data-count")) for g in bins(root)]
    segment_counts = [int(rect.get("data-count")) for g in bins(root)
                      for rect in g.findall("svg:rect", NS)]
    assert sum(bin_counts) == sum(segment_counts) == n
    for group, values in gains.items():
        assert sum(int(rect.get("data-count")) for rect in bars(root, group)
                   if rect.get("data-count")) == len(values)


# Both charts: markup a browser and a screen reader can trust ---------------------------------

def both(labels=LABELS, **kwargs):
    return [mean_scores_chart([("x", group_of(30, 60, 5))], labels, **kwargs),
            gain_histogram({"women": [5, -5, 0]}, labels, **kwargs)]


def test_labels_are_escaped():
    tricky = ChartLabels(**{**LABELS.__dict__, "women": '<Femmes & "co">',
                            "title_scores": "<b>&</b>"})
    scores = mean_scores_chart([('<Femmes & "co">', group_of(30, 60, 5))], tricky)
    histogram = gain_histogram({"women": [5]}, tricky)
    for svg in (scores, histogram):
        assert "<Femmes" not in svg and "&amp;" in svg
        assert '<Femmes & "co">' in texts(parse(svg))
    assert parse(scores).find("svg:title", NS).text == "<b>&</b>"


def test_no_script_no_style_no_external_reference_and_phone_friendly():
    for svg in both():
        root = parse(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.get("role") == "img" and root.get("viewBox")
        assert root.get("width") == "100%" and root.get("height") is None
        assert root.get("aria-labelledby") == root.find("svg:title", NS).get("id")
        assert root.get("aria-describedby") == root.find("svg:desc", NS).get("id")
        for element in root.iter():
            assert not element.tag.endswith(("script", "style", "image", "use", "a"))
            assert "style" not in element.attrib
            assert not any("href" in name for name in element.attrib)
        assert "url(" not in svg and "http" not in svg.replace(
            'xmlns="http://www.w3.org/2000/svg"', "")


def test_every_bar_has_a_fallback_fill_and_a_class():
    for svg in both():
        for rect in parse(svg).iterfind(".//svg:rect", NS):
            assert rect.get("fill", "").startswith("#")
            assert rect.get("class").startswith("bar ")


def ids(svg: str) -> list[str]:
    return [element.get("id") for element in parse(svg).iter() if element.get("id")]


def test_ids_follow_the_prefix_and_differ_between_prefixes():
    for make in (lambda prefix: both(id_prefix=prefix)[0],
                 lambda prefix: both(id_prefix=prefix)[1]):
        first, second = ids(make("session-1")), ids(make("programme"))
        assert all(i.startswith("session-1-") for i in first)
        assert all(i.startswith("programme-") for i in second)
        assert len(first) == len(set(first)) == 2
        assert not set(first) & set(second)


def test_default_prefixes_differ_between_the_two_charts():
    scores, histogram = both()
    assert not set(ids(scores)) & set(ids(histogram))


@pytest.mark.parametrize("prefix", ["", "1abc", 'a"b', "a b"])
def test_a_prefix_that_is_not_an_xml_name_is_refused(prefix):
    with pytest.raises(ValueError):
        mean_scores_chart([], LABELS, id_prefix=prefix)
