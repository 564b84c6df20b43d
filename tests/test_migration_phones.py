"""The migration that writes the phone numbers already stored in one form (E.164) and reports the
duplicates it finds without merging them. It runs on a database of its own, built through the
migrations up to the revision before it: a SQLite file, or a PostgreSQL database created beside
TEST_DATABASE_URL's and dropped after."""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tests.conftest import make_app
from trainings.extensions import db

BEFORE, REVISION = "69214c655159", "c4f1a7e2d9b3"



PEOPLE = [  # id, phone as typed before, last name, first name, organisation
    (1, "0661234567", "Amrani", "Fatima", 1),
    (2, "+212661234567", "Amrani", "Fatima", None),  # the same number, already in E.164
    (3, "00212 700 00 00 00", "Benali", "Omar", 1),
    (4, "abc", "Chraibi", "Salma", None),
    (5, "+33 6 12 34 56 78", "Diop", "Awa", None),
    (6, None, "Alaoui", "Khadija", 1),
    (7, "0612345678", "ALAOUI", "khadija", 1),  # same name, same organisation as n° 6
    (8, "06 12 34 56 78", "Zerouali", "Nadia", None),  # same number as n° 7, typed otherwise
    (9, "=HYPERLINK(\"x\")", "Essaidi", "Youssef", None),
]


def test_numbers_are_normalised_and_duplicates_reported_not_merged(empty_database_url, capfd):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO organizations (id, name, kind, region, created_at) "
                "VALUES (1, 'Association Nour', 'osc', 'oriental', CURRENT_TIMESTAMP)"))
            for person_id, phone, last_name, first_name, organization_id in PEOPLE:
                connection.execute(sa.text(
                    "INSERT INTO participants (id, first_name, last_name, function, phone, "
                    "region, organization_id, created_at) VALUES (:id, :first, :last, '', "
                    ":phone, 'oriental', :org, CURRENT_TIMESTAMP)"),
                    {"id": person_id, "first": first_name, "last": last_name, "phone": phone,
                     "org": organization_id})
        capfd.readouterr()
        upgrade(revision=REVISION)
        report = capfd.readouterr().err
        with db.engine.connect() as connection:
            phones = dict(connection.execute(sa.text("SELECT id, phone FROM participants")).all())
            people = connection.execute(sa.text("SELECT count(*) FROM participants")).scalar()
        db.engine.dispose()

    assert people == len(PEOPLE)  # nothing merged
    assert phones == {
        1: "0661234567",  # left: n° 2 already holds +212661234567
        2: "+212661234567",
        3: "+212700000000",
        4: "abc",  # cannot be read: left as it is
        5: "+33612345678",
        6: None,
        7: "+212612345678",  # the oldest of the two records with that number
        8: "06 12 34 56 78",
        9: "=HYPERLINK(\"x\")",
    }
    lines = [line for line in report.splitlines() if "Fiche" in line or "Doublon" in line]
    assert any("fiches n° 2, 1, même numéro de téléphone" in line for line in lines)
    assert any("fiches n° 7, 8, même numéro de téléphone" in line for line in lines)
    assert any("fiches n° 6, 7, même nom dans la même organisation" in line for line in lines)
    assert any("Fiche n° 4 : numéro de téléphone illisible" in line for line in lines)
    assert any("Fiche n° 9 : numéro de téléphone illisible" in line for line in lines)
    assert len(lines) == 5, lines
    # The report names records by their id, not the people or their numbers.
    assert not re.search(r"Amrani|Fatima|0661|\+212", "\n".join(lines))


def test_the_migrations_go_down_and_up_again(empty_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="8002a2a3f517")
        assert "participant_merges" not in sa.inspect(db.engine).get_table_names()
        upgrade()
        assert "participant_merges" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
