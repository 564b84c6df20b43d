"""The training catalogue: experts keep it, coordinators and observers read it."""
from __future__ import annotations

import re
from decimal import Decimal

import sqlalchemy as sa

from tests import factories
from trainings.assessments.models import Question, QuestionKind
from trainings.extensions import db
from trainings.models import Role, Training

FORM = {"title": "Approche genre et migration", "theme": "gender-migration",
        "duration_hours": "12", "objectives": "Comprendre le genre", "description": ""}


def titles() -> list[str]:
    return list(db.session.scalars(sa.select(Training.title)))


def test_expert_creates_and_edits_a_training(client, auth):
    auth.as_role(Role.EXPERT)
    assert client.post("/trainings/new", data=FORM).status_code == 302
    training = db.session.scalar(sa.select(Training))
    assert (training.title, str(training.duration_hours)) == ("Approche genre et migration", "12.0")
    client.post(f"/trainings/{training.id}/edit", data={**FORM, "duration_hours": "6,5",
                                                        "title": "Genre et migration"})
    db.session.expire_all()
    assert titles() == ["Genre et migration"]


def test_duplicate_title_is_refused(client, auth):
    auth.as_role(Role.EXPERT)
    factories.training(title="Approche genre et migration")
    db.session.commit()
    response = client.post("/trainings/new", data={**FORM, "title": "approche GENRE et migration"})
    assert "Une formation porte déjà cet intitulé." in response.get_data(as_text=True)
    assert len(titles()) == 1


def test_non_positive_duration_is_refused(client, auth):
    auth.as_role(Role.EXPERT)
    response = client.post("/trainings/new", data={**FORM, "duration_hours": "0"})
    assert "Une durée entre 0,5 et 999 heures." in response.get_data(as_text=True)
    assert titles() == []


def test_training_with_sessions_cannot_be_deleted(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    client.post(f"/trainings/{session.training_id}/delete")
    assert len(titles()) == 1


def test_training_without_sessions_is_deleted(client, auth):
    auth.as_role(Role.EXPERT)
    training = factories.training()
    client.post(f"/trainings/{training.id}/delete")
    assert titles() == []


def test_coordinator_reads_the_catalogue_but_cannot_change_it(client, auth):
    training = factories.training(title="Audit genre")
    auth.as_role(Role.COORDINATOR, "oriental")
    assert "Audit genre" in client.get("/trainings/").get_data(as_text=True)
    assert client.post("/trainings/new", data=FORM).status_code == 403
    assert client.post(f"/trainings/{training.id}/delete").status_code == 403
    assert titles() == ["Audit genre"]


def test_unknown_training_is_404(client, auth):
    auth.as_role(Role.EXPERT)
    assert client.get("/trainings/424242").status_code == 404


def _sessions_cell(page: str, title: str) -> str:
    """The "Sessions" column of a training's row in the catalogue list."""
    return re.search(rf"{title}</a></td>\s*<td>[^<]*</td>\s*<td>[^<]*</td>\s*<td>(\d+)</td>",
                     page).group(1)


def test_the_list_counts_the_sessions_of_each_training(client, auth):
    planned = factories.training(title="Planifiée deux fois")
    factories.session(training_id=planned.id)
    factories.session(training_id=planned.id)
    factories.training(title="Jamais planifiée")
    auth.as_role(Role.EXPERT)
    page = client.get("/trainings/").get_data(as_text=True)
    assert _sessions_cell(page, "Planifiée deux fois") == "2"
    assert _sessions_cell(page, "Jamais planifiée") == "0"


def test_a_training_page_shows_its_bank_size_and_offers_deletion_only_without_sessions(
        client, auth):
    used = factories.session().training_id
    unused = factories.training()
    for n in range(3):
        db.session.add(Question(training_id=unused.id, kind=QuestionKind.SINGLE,
                                text=f"Question {n} ?", points=Decimal(1), position=n))
    auth.as_role(Role.EXPERT)
    page = client.get(f"/trainings/{unused.id}").get_data(as_text=True)
    assert "Banque de questions (3)" in page
    assert f'action="/trainings/{unused.id}/delete"' in page
    page = client.get(f"/trainings/{used}").get_data(as_text=True)
    assert "Banque de questions (0)" in page
    assert f'action="/trainings/{used}/delete"' not in page
