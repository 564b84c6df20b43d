"""Choosing the page's language (trainings/i18n.py): pure, without an app."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from hypothesis import given, strategies as st

from trainings.i18n import (
    LANGUAGES, babel_locale, best_accepted, choose_language, direction, switch_target, valid,
)

ours = st.sampled_from(LANGUAGES)
anything = st.one_of(st.none(), st.text(max_size=8), st.integers(), ours)
accepted = st.lists(st.tuples(st.sampled_from(["fr", "ar-MA", "en-GB", "de", "es", "*", "AR"]),
                              st.floats(min_value=0, max_value=1)), max_size=5)


def test_order_parameter_cookie_preference_session_browser():
    browser = [("en", 1.0)]
    assert choose_language("ar", "en", "fr", "fr", browser) == "ar"
    assert choose_language(None, "ar", "en", "fr", browser) == "ar"
    assert choose_language(None, None, "ar", "en", browser) == "ar"
    assert choose_language(None, None, None, "ar", browser) == "ar"
    assert choose_language(None, None, None, None, browser) == "en"
    assert choose_language() == "fr"


def test_an_invalid_value_is_skipped_for_the_next_source():
    assert choose_language("xx", "ar") == "ar"
    assert choose_language("", None, None, None, [("en", 1)]) == "en"
    assert choose_language("<script>", "../../etc", "e" * 10_000, "fr") == "fr"
    assert choose_language(" AR ") == "ar"


def test_the_browser_best_match_among_our_three():
    assert best_accepted([("de", 1.0), ("ar-MA", 0.8), ("en", 0.5)]) == "ar"
    assert best_accepted([("en-GB", 0.4), ("fr-FR", 0.9)]) == "fr"
    assert best_accepted([("de", 1.0), ("es", 0.9)]) is None
    assert best_accepted([("en", 0.7), ("ar", 0.7)]) == "en"  # a tie: the browser's order
    assert best_accepted([("ar", 0.0)]) is None  # q=0: not acceptable


@given(anything, anything, anything, anything, accepted)
def test_the_choice_is_always_one_of_ours(parameter, cookie, preference, session, browser):
    assert choose_language(parameter, cookie, preference, session, browser) in LANGUAGES


@given(ours, anything, anything, anything, accepted)
def test_a_valid_parameter_always_wins(parameter, cookie, preference, session, browser):
    assert choose_language(parameter, cookie, preference, session, browser) == parameter


def test_arabic_reads_right_to_left_and_formats_for_morocco():
    assert direction("ar") == "rtl"
    assert direction("fr") == direction("en") == "ltr"
    assert [babel_locale(code) for code in LANGUAGES] == ["fr_MA", "ar_MA", "en"]


def test_arabic_for_morocco_writes_western_digits():
    from datetime import date

    from babel.dates import format_date
    from babel.numbers import format_decimal

    assert format_decimal(1234.5, locale=babel_locale("ar")) == "1.234,5"
    assert "2026" in format_date(date(2026, 12, 3), "d MMMM y", locale=babel_locale("ar"))


@given(st.lists(st.tuples(st.sampled_from(["lang", "page", "q", "région"]),
                          st.text(max_size=12)), max_size=6), ours)
def test_the_switch_keeps_the_path_and_query_and_replaces_lang(args, language):
    target = switch_target("/c/abc", args, language)
    parts = urlsplit(target)
    assert parts.path == "/c/abc"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    assert pairs[-1] == ("lang", language)
    assert pairs[:-1] == [(key, value) for key, value in args if key != "lang"]


def test_valid():
    assert [valid(code) for code in ("fr", "ar", "en", "de", None, 3, "")] == \
        ["fr", "ar", "en", None, None, None, None]
