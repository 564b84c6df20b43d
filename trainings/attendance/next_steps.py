"""What the check-in pages show of the features above attendance: the link the projection shows
beside the check-in code (the open test's), and what the confirmation offers next (the tests).
Assessments registers its providers when its blueprint is imported: attendance sits below it
and may not import it. Nothing registered, nothing shown."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from trainings.schedule.models import Session


@dataclass(frozen=True)
class Offer:
    """A page the check-in confirmation offers to the person who just checked in."""

    what: str  # e.g. "pre", "post" or "satisfaction"
    label: str
    url: str


# The session -> {"label": ..., "url": ...} of the link to project, or None.
ProjectedLink = Callable[[Session], dict | None]
# The session and the person who checked in -> what to offer them.
Offers = Callable[[Session, int], list[Offer]]

_projected_links: dict[str, ProjectedLink] = {}
_offers: dict[str, Offers] = {}


def register(name: str, projected_link: ProjectedLink, offers: Offers) -> None:
    """Add a feature's providers, under its name (registering it again replaces them)."""
    _projected_links[name] = projected_link
    _offers[name] = offers


def projected_link(session: Session) -> dict | None:
    """The first link a provider has to project for the session, or None."""
    for provider in _projected_links.values():
        if (link := provider(session)) is not None:
            return link
    return None


def offers(session: Session, participant_id: int) -> list[Offer]:
    """Everything the providers offer the person, in the order they were registered."""
    return [offer for provider in _offers.values() for offer in provider(session, participant_id)]
