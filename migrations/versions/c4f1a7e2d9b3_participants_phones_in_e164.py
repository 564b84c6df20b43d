"""participants' phone numbers in one form, E.164 (+212661234567); duplicates reported

A number typed 06…, 07…, 00212… or +212 6 … becomes +2126…/+2127…; a foreign number with its
country code keeps it. A number that cannot be read is left as it is, and so is one whose
normal form another record already holds (the database allows one record per number). Both
are reported with the ids of the records, as are records with the same name in the same
organisation: staff correct them, or merge them (a person's page, "Fusionner"). Nothing is
merged here.

Revision ID: c4f1a7e2d9b3
Revises: 69214c655159
Create Date: 2026-12-03 13:30:00.000000

"""
from __future__ import annotations

import logging
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

from trainings.registry.normalize import fold, normalize_phone


# revision identifiers, used by Alembic.
revision = 'c4f1a7e2d9b3'
down_revision = '69214c655159'
branch_labels = None
depends_on = None

# `flask db upgrade` prints this logger's messages (migrations/alembic.ini).
log = logging.getLogger("alembic.runtime.migration")


def plan(rows) -> tuple[dict[int, str], list[str]]:
    """From (id, phone, last_name, first_name, organization_id) rows: the new number of each
    record to change, and the report, one line per problem."""
    updates: dict[int, str] = {}
    report: list[str] = []
    holders: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for person_id, phone, *_rest in rows:
        if phone is None:
            continue
        normal = normalize_phone(phone)
        if normal is None:
            report.append(f"Fiche n° {person_id} : numéro de téléphone illisible, laissé tel "
                          "quel : à corriger.")
        else:
            holders[normal].append((person_id, phone))
    for normal, records in holders.items():
        # The record that already holds the normal form keeps it, else the oldest one.
        keeper = next((r for r in records if r[1] == normal), min(records))
        if keeper[1] != normal:
            updates[keeper[0]] = normal
        others = sorted(person_id for person_id, _phone in records if person_id != keeper[0])
        if others:
            report.append(
                f"Doublon probable : fiches n° {', '.join(map(str, [keeper[0], *others]))}, "
                f"même numéro de téléphone ; numéro normalisé sur la fiche n° {keeper[0]}, "
                "laissé tel quel sur les autres : à fusionner.")
    report += _same_names(rows)
    return updates, report


def _same_names(rows) -> list[str]:
    by_name: dict[tuple, list[int]] = defaultdict(list)
    for person_id, _phone, last_name, first_name, organization_id in rows:
        if organization_id is not None:
            by_name[(organization_id, fold(last_name), fold(first_name))].append(person_id)
    return [f"Doublon probable : fiches n° {', '.join(map(str, sorted(ids)))}, même nom dans "
            "la même organisation : à vérifier, et à fusionner s'il s'agit d'une même personne."
            for ids in by_name.values() if len(ids) > 1]


def upgrade():
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT id, phone, last_name, first_name, organization_id FROM participants "
        "ORDER BY id")).all()
    updates, report = plan(rows)
    if updates:
        connection.execute(sa.text("UPDATE participants SET phone = :phone WHERE id = :id"),
                           [{"id": person_id, "phone": phone}
                            for person_id, phone in updates.items()])
    log.info("Numéros de téléphone : %d fiche(s) mise(s) au format +212…", len(updates))
    for line in report:
        log.warning(line)


def downgrade():
    pass  # the forms the numbers were typed in are not kept: +212… stays
