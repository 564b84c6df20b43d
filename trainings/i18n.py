"""The page's language: French, Arabic (right to left) or English, chosen per request from the
`?lang=` parameter, the participant's cookie, the staff member's preference, the session's
default language and the browser's Accept-Language; see docs/translations.md."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, has_request_context, request, url_for
from flask.signals import before_render_template
from babel import Locale
from babel.numbers import format_percent
from flask_babel import LazyString, force_locale, get_locale, lazy_gettext, refresh
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.routing import BuildError

LANGUAGES = ("fr", "ar", "en")
DEFAULT_LANGUAGE = "fr"
RIGHT_TO_LEFT = frozenset({"ar"})

# Babel formats dates and numbers for Morocco in French and Arabic (ar_MA writes Western
# digits, as Moroccan usage does); the catalogues are looked up by the language alone.
BABEL_LOCALES = {"fr": "fr_MA", "ar": "ar_MA", "en": "en"}

# Each language's name in that language, for the switch.
NATIVE_NAMES = {"fr": "Français", "ar": "العربية", "en": "English"}

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
PARAMETER = "lang"

# The participants' pages whose template shows a training session: its default language
# applies there, before the phone's Accept-Language.
SESSION_BLUEPRINTS = frozenset({"checkin", "tests"})


def valid(language: object) -> str | None:
    """The language if it is one of ours ("ar", "AR", " ar "), else None."""
    if not isinstance(language, str):
        return None
    language = language.strip().lower()
    return language if language in LANGUAGES else None


def best_accepted(accepted: Iterable[tuple[str, float]]) -> str | None:
    """Our language the browser prefers most, from Accept-Language's (tag, quality) pairs:
    "ar-MA" counts as "ar"; ties go to the order the browser listed them in."""
    best, best_quality = None, 0.0
    for tag, quality in accepted:
        language = valid(str(tag).replace("_", "-").split("-")[0])
        if language and quality > best_quality:
            best, best_quality = language, quality
    return best


def choose_language(parameter: object = None, cookie: object = None,
                    preference: object = None, session_default: object = None,
                    accepted: Iterable[tuple[str, float]] = ()) -> str:
    """The first valid among: the `?lang=` parameter, the participant's cookie, the staff
    member's saved preference, the session's default language, the browser's best match;
    else French."""
    for candidate in (parameter, cookie, preference, session_default):
        if language := valid(candidate):
            return language
    return best_accepted(accepted) or DEFAULT_LANGUAGE


def direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def reads_right_to_left() -> bool:
    """Whether the texts translated now (the request's locale, or one forced) are in a
    language written from the right: documents and workbooks then lay out from the right."""
    locale = get_locale()
    return locale is not None and locale.language in RIGHT_TO_LEFT


def translated_language() -> str:
    """The language the texts are translated into now (the request's, or one forced)."""
    locale = get_locale()
    return valid(locale.language if locale is not None else None) or DEFAULT_LANGUAGE


def babel_locale(language: str) -> str:
    return BABEL_LOCALES.get(language, BABEL_LOCALES[DEFAULT_LANGUAGE])


def switch_target(path: str, args: Iterable[tuple[str, str]], language: str) -> str:
    """The same page in another language: the path and query, with lang replaced."""
    kept = [(key, value) for key, value in args if key != PARAMETER]
    return f"{path}?{urlencode([*kept, (PARAMETER, language)])}"


# The Flask side: the locale selector, the cookie, the template variables.

def current_language() -> str:
    """This request's language (outside a request: French)."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    preference = None
    if getattr(current_user, "is_authenticated", False):
        preference = getattr(current_user, "language", None)
    return choose_language(
        parameter=request.args.get(PARAMETER), cookie=request.cookies.get(COOKIE),
        preference=preference, session_default=g.get("session_language"),
        accepted=request.accept_languages)


def select_locale() -> str:
    return babel_locale(current_language())


def use_session_language(language: str | None) -> None:
    """The page shows a session whose participants default to this language."""
    if valid(language) and g.get("session_language") != language:
        g.session_language = language
        refresh()  # a string translated before this point was in the former language


def _page_address() -> tuple[str, list[tuple[str, str]]] | None:
    """The address this page can be opened again at, with its query: itself when it was got,
    its own address without the form when that has a page, else the start of its blueprint's
    flow when one takes the same arguments (the tests' /t/<token>); else None."""
    here = request.script_root + request.path  # behind a proxy's prefix too
    if request.method == "GET":
        return here, list(request.args.items(multi=True))
    if request.url_rule is not None and "GET" in (request.url_rule.methods or ()):
        return here, []
    start = f"{request.blueprint}.start"
    if request.blueprint and start in current_app.view_functions:
        try:
            return url_for(start, **(request.view_args or {})), []
        except BuildError:
            return None
    return None


def language_switch(fallback: str | None = None) -> list[dict[str, str]]:
    """The switch's three links. On an answer to a form whose address has no page, they lead
    to `fallback` when the page gives one (the check-in's steps after the scan: the scan's page
    again), else there is no switch."""
    address = _page_address()
    if address is None and fallback:
        address = (fallback, [])
    if address is None:
        return []
    path, args = address
    current = current_language()
    return [{"code": code, "name": NATIVE_NAMES[code], "dir": direction(code),
             "href": switch_target(path, args, code), "current": code == current}
            for code in LANGUAGES]


def forget_choice(response: Response) -> None:
    """Drop the cookie of a ?lang= link, so that the next sources apply again."""
    response.delete_cookie(COOKIE, samesite="Lax", httponly=True,
                           secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))


_LAST_DIGIT_BEFORE_PERCENT = re.compile(r"0(?=[^0#,.;]*%)")


def percent_pattern(pattern: str, decimals: int) -> str:
    """A locale's percent pattern ("#,##0\u00a0%", "#,##0%") with `decimals` decimals."""
    if not decimals:
        return pattern
    return _LAST_DIGIT_BEFORE_PERCENT.sub("0." + "0" * decimals, pattern, count=1)


def percent(value: float, decimals: int = 1) -> str:
    """A percentage (62.5 for 62.5 %) written as the page's language writes it: "62,5 %" in
    French, "62,5%" in Arabic (Morocco), "62.5%" in English."""
    locale = get_locale() or Locale.parse(babel_locale(DEFAULT_LANGUAGE))
    pattern = percent_pattern(locale.percent_formats[None].pattern, decimals)
    return format_percent(value / 100, pattern, locale=locale)


def bdi(value: object) -> Markup:
    """A number, a time or a code kept left to right inside a sentence of either direction."""
    return Markup('<bdi dir="ltr">{}</bdi>').format(value)


# Projection, posters: what the room reads. A session whose participants default to Arabic
# shows each line in French and in Arabic, whoever opened the page.
BILINGUAL = ("fr", "ar")


def languages_shown(session_language: str | None) -> tuple[str, ...]:
    """The languages of the room's text: French and Arabic for a session whose default
    language is Arabic, else the page's own language."""
    if valid(session_language) in RIGHT_TO_LEFT:
        return BILINGUAL
    return (current_language(),)


def each_language(languages: tuple[str, ...], render: Callable[[], str]) -> Markup:
    """What render() gives in each language (it runs once in each locale), one line each with
    its lang and dir; a single language, the page's own: the text alone. Text is escaped,
    Markup kept."""
    if len(languages) == 1 and languages[0] == current_language():
        return escape(render())
    lines = []
    for language in languages:
        with force_locale(babel_locale(language)):
            text = escape(render())
        lines.append(Markup('<span class="in-language" lang="{}" dir="{}">{}</span>').format(
            language, direction(language), text))
    return Markup("").join(lines)


def in_languages(languages: tuple[str, ...], message: LazyString, **values) -> Markup:
    """The message (lazy_gettext's, `_l` in templates, so that it is extracted) translated in
    each language, as each_language lays it out."""
    def render() -> Markup:
        text = Markup(escape(str(message)))
        return text % values if values else text
    return each_language(languages, render)


def language_variables() -> dict:
    language = current_language()
    return {"locale": language, "direction": direction(language),
            "language_switch": language_switch}


def init_app(app: Flask) -> None:
    app.context_processor(language_variables)
    app.add_template_filter(bdi)
    app.add_template_global(NATIVE_NAMES, "LANGUAGE_NAMES")
    app.add_template_global(languages_shown)
    app.add_template_global(in_languages)
    app.add_template_global(lazy_gettext, "_l")

    def session_default(_sender, template, context, **_extra) -> None:
        """A participant page showing a session: its default language, and the template's
        variables computed again (the context processors ran before)."""
        if has_request_context() and request.blueprint in SESSION_BLUEPRINTS:
            use_session_language(getattr(context.get("session"), "language", None))
            context.update(language_variables())

    before_render_template.connect(session_default, app, weak=False)

    @app.after_request
    def remember_choice(response: Response) -> Response:
        language = valid(request.args.get(PARAMETER))
        if language and request.cookies.get(COOKIE) != language:
            response.set_cookie(
                COOKIE, language, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True,
                secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
        return response
