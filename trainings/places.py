"""Regions, provinces, organisation kinds and themes of the programme; docs/glossaire.md lists
them for users, and a test keeps the two alike."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

REGIONS: dict[str, object] = {
    "oriental": _l("Oriental"),
    "souss-massa": _l("Souss-Massa"),
    "rabat": _l("Rabat (équipe centrale)"),
}

# Province (or préfecture) code -> (region code, label).
PROVINCES: dict[str, tuple[str, object]] = {
    "oujda-angad": ("oriental", _l("Préfecture d'Oujda-Angad")),
    "berkane": ("oriental", _l("Province de Berkane")),
    "driouch": ("oriental", _l("Province de Driouch")),
    "figuig": ("oriental", _l("Province de Figuig")),
    "guercif": ("oriental", _l("Province de Guercif")),
    "jerada": ("oriental", _l("Province de Jerada")),
    "nador": ("oriental", _l("Province de Nador")),
    "taourirt": ("oriental", _l("Province de Taourirt")),
    "agadir-ida-outanane": ("souss-massa", _l("Préfecture d'Agadir Ida-Outanane")),
    "inezgane-ait-melloul": ("souss-massa", _l("Préfecture d'Inezgane-Aït Melloul")),
    "chtouka-ait-baha": ("souss-massa", _l("Province de Chtouka-Aït Baha")),
    "taroudant": ("souss-massa", _l("Province de Taroudant")),
    "tata": ("souss-massa", _l("Province de Tata")),
    "tiznit": ("souss-massa", _l("Province de Tiznit")),
    "rabat": ("rabat", _l("Préfecture de Rabat")),
}

ORGANIZATION_KINDS: dict[str, object] = {
    "osc": _l("Association locale (OSC)"),
    "diaspora": _l("Association de la diaspora"),
    "commune": _l("Commune"),
    "provincial-council": _l("Conseil provincial ou préfectoral"),
    "regional-council": _l("Conseil régional"),
    "territorial-administration": _l("Wilaya / province (administration territoriale)"),
    "state-service": _l("Service déconcentré de l'État"),
    "public-agency": _l("Agence publique"),
    "project-team": _l("Équipe projet"),
    "other": _l("Autre"),
}

THEMES: dict[str, object] = {
    "gender-migration": _l("Approche genre et migration"),
    "gender-projects": _l("Formulation de projets sensibles au genre"),
    "gender-me": _l("Suivi-évaluation sensible au genre"),
    "pac": _l("Migration et genre dans le Plan d'Action de la Commune (PAC)"),
    "regional-fund": _l("Fonds régional sensible au genre"),
    "inclusive-language": _l("Langage inclusif"),
    "gender-risk": _l("Analyse des risques liés au genre"),
    "gender-audit": _l("Audit genre"),
    "other": _l("Autre thème"),
}


def provinces_of(region: str | None) -> list[tuple[str, object]]:
    """The (code, label) pairs of a region's provinces, or of all of them when region is None."""
    return [(code, label) for code, (reg, label) in PROVINCES.items() if region in (None, reg)]


def region_of_province(province: str) -> str | None:
    entry = PROVINCES.get(province)
    return entry[0] if entry else None


def label(mapping: dict, code: str | None) -> str:
    """The display label of a code, or an empty string when the code is unset or unknown."""
    return str(mapping.get(code, "")) if code else ""


def province_label(code: str | None) -> str:
    entry = PROVINCES.get(code) if code else None
    return str(entry[1]) if entry else ""


PROVINCE_LABELS: dict[str, object] = {code: label for code, (_region, label) in PROVINCES.items()}
