"""`flask users create|list|deactivate`."""
from __future__ import annotations

import sqlalchemy as sa

from tests import factories
from trainings.auth.models import Role, User
from trainings.extensions import db

PASSWORD = "mot-de-passe-solide\n"


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _count_users() -> int:
    return db.session.scalar(sa.select(sa.func.count(User.id)))


def test_create_reads_the_password_from_stdin(runner):
    result = runner.invoke(args=["users", "create", "Nadia@Example.org", "--role", "expert",
                                 "--name", "Nadia Bensaïd"], input=PASSWORD)
    assert result.exit_code == 0, result.output
    user = _user("nadia@example.org")
    assert (user.role, user.region, user.name) == (Role.EXPERT, None, "Nadia Bensaïd")
    assert user.check_password("mot-de-passe-solide")


def test_create_coordinator_with_region(runner):
    result = runner.invoke(args=["users", "create", "coord@example.org", "--role", "coordinator",
                                 "--region", "souss-massa"], input=PASSWORD)
    assert result.exit_code == 0, result.output
    assert _user("coord@example.org").region == "souss-massa"


def test_duplicate_email_is_refused(runner):
    factories.user(Role.EXPERT, email="nadia@example.org")
    db.session.commit()
    result = runner.invoke(args=["users", "create", "NADIA@example.org", "--role", "observer"],
                           input=PASSWORD)
    assert result.exit_code == 1
    assert "Un compte utilise déjà l'adresse nadia@example.org." in result.output
    assert _count_users() == 1


def test_coordinator_without_region_is_refused(runner):
    result = runner.invoke(args=["users", "create", "c@example.org", "--role", "coordinator"],
                           input=PASSWORD)
    assert result.exit_code == 1
    assert "doit avoir une région" in result.output
    assert _count_users() == 0


def test_region_for_a_non_coordinator_is_refused(runner):
    result = runner.invoke(args=["users", "create", "e@example.org", "--role", "expert",
                                 "--region", "oriental"], input=PASSWORD)
    assert result.exit_code == 1
    assert "Seuls les comptes de coordination ont une région." in result.output
    assert _count_users() == 0


def test_short_password_is_refused(runner):
    result = runner.invoke(args=["users", "create", "e@example.org", "--role", "expert"],
                           input="court\n")
    assert result.exit_code == 1
    assert "au moins 10 caractères" in result.output
    assert _count_users() == 0


def test_unknown_role_is_refused(runner):
    result = runner.invoke(args=["users", "create", "e@example.org", "--role", "chef"],
                           input=PASSWORD)
    assert result.exit_code != 0
    assert _count_users() == 0


def test_list_shows_every_account(runner):
    factories.user(Role.COORDINATOR, "oriental", email="coord@example.org")
    factories.user(Role.OBSERVER, email="obs@example.org", active=False)
    db.session.commit()
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    coord = next(line for line in lines if line.startswith("coord@example.org"))
    obs = next(line for line in lines if line.startswith("obs@example.org"))
    assert coord.split() == ["coord@example.org", "coordinator", "oriental", "oui"]
    assert obs.split() == ["obs@example.org", "observer", "-", "non"]


def test_deactivate(runner):
    user = factories.user(Role.EXPERT, email="nadia@example.org")
    db.session.commit()
    result = runner.invoke(args=["users", "deactivate", "Nadia@example.org"])
    assert result.exit_code == 0, result.output
    db.session.refresh(user)
    assert user.active is False


def test_deactivate_unknown_email(runner):
    result = runner.invoke(args=["users", "deactivate", "personne@example.org"])
    assert result.exit_code == 1
    assert "Aucun compte n'utilise l'adresse personne@example.org." in result.output
