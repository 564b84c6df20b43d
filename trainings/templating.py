"""Jinja filters and globals: French dates, Morocco's local time, labels of codes."""
from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import format_date, format_decimal
from markupsafe import Markup

from trainings import i18n, places
from trainings.auth.models import ROLE_LABELS
from trainings.clock import local_time, to_local
from trainings.i18n import each_language
from trainings.notice.notices import LEGAL_BASIS_LABELS
from trainings.registry.models import SEX_LABELS
from trainings.registry.services import SOURCE_LABELS
from trainings.registry.visibility import sees_contacts
from trainings.schedule.models import PERIOD_LABELS, STATUS_LABELS


def date_fr(value: date | None, style: str = "d MMMM y") -> str:
    return format_date(value, style) if value else ""


def half_day_in_languages(languages: tuple[str, ...], half_day) -> Markup:
    """"lundi 7 décembre 2026, matin" in each of the languages (i18n.each_language)."""
    return each_language(languages, lambda: f"{format_date(half_day.date, 'EEEE d MMMM y')}, "
                                            f"{PERIOD_LABELS[half_day.period]}")


def local_datetime(value: datetime | None) -> str:
    if not value:
        return ""
    local = to_local(value)
    return f"{format_date(local.date(), 'd MMM y')} {local.strftime('%H:%M')}"


NO_FIGURE = "—"  # docs/statistics.md: a figure of an empty group shows a dash, never 0


def figure(value: float | None, decimals: int = 1) -> str:
    """A figure rounded for display only (1 decimal for percentages and points, 2 for ⟨g⟩ and
    d), in French; a dash when undefined."""
    if value is None:
        return NO_FIGURE
    return format_decimal(value, format="#,##0." + "0" * decimals if decimals else "#,##0")


def share(value: float | None) -> str:
    """A fraction in [0, 1] shown as a percentage with one decimal."""
    return NO_FIGURE if value is None else i18n.percent(value * 100)


def p_value(value: float | None) -> str:
    if value is None:
        return NO_FIGURE
    return f"< {figure(0.001, 3)}" if value < 0.001 else figure(value, 3)


def init_app(app: Flask) -> None:
    app.add_template_filter(figure)
    app.add_template_filter(share)
    app.add_template_filter(p_value)
    app.add_template_filter(date_fr)
    app.add_template_global(half_day_in_languages)
    app.add_template_filter(local_time)
    app.add_template_filter(local_datetime)
    app.add_template_global(places.REGIONS, "REGIONS")
    app.add_template_global(places.PROVINCES, "PROVINCES")
    app.add_template_global(places.ORGANIZATION_KINDS, "ORGANIZATION_KINDS")
    app.add_template_global(places.THEMES, "THEMES")
    # sees_contacts(current_user.role): whether a page may show phones and e-mails
    app.add_template_global(sees_contacts, "sees_contacts")

    labels = {
        "region": places.REGIONS,
        "province": {code: lbl for code, (_r, lbl) in places.PROVINCES.items()},
        "kind": places.ORGANIZATION_KINDS,
        "theme": places.THEMES,
        "status": STATUS_LABELS,
        "period": PERIOD_LABELS,
        "sex": SEX_LABELS,
        "source": SOURCE_LABELS,
        "role": ROLE_LABELS,
        "legal_basis": LEGAL_BASIS_LABELS,
    }
    for name, mapping in labels.items():
        app.add_template_filter(lambda code, m=mapping: str(m.get(code, "")) if code in m else "",
                                f"{name}_label")
