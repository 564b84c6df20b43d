"""The session page: schedule draws the session and its half-days, and the features above it
(registry: registrations; assessments: tests) add their panels, registered when their blueprint
is imported, because schedule may not import them. Any feature's view renders the page through
render_detail(), never through another feature's view."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import render_template

from trainings.schedule import services
from trainings.schedule.forms import HalfDayForm
from trainings.schedule.models import Session


@dataclass(frozen=True)
class Panel:
    """A part of the session page drawn by a feature above schedule."""

    template: str  # included in the page, below the attendance links
    # (the session, the forms posted from the page) -> the variables of its template
    context: Callable[[Session, Mapping[str, object]], dict]
    position: int  # panels follow one another by position


_panels: dict[str, Panel] = {}


def add_panel(name: str, panel: Panel) -> None:
    """Add a feature's panel under its name (adding it again replaces it)."""
    _panels[name] = panel


def render_detail(session: Session, status: int = 200, **forms):
    """The session page, also re-rendered (status 400) with the errors of a form posted from
    it: `half_day_form` for schedule's own, the panels' for theirs (e.g. `roster_form`)."""
    panels = sorted(_panels.values(), key=lambda panel: panel.position)
    context: dict = {}
    for panel in panels:
        context.update(panel.context(session, forms))
    return render_template(
        "schedule/detail.html", session=session, panels=panels,
        half_day_form=forms.get("half_day_form") or HalfDayForm(),
        local_times=services.local_times, **context,
    ), status
