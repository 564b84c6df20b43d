"""`flask people export|erase` and `flask retention`: a person's data from the command line."""
from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _

from trainings.extensions import db
from trainings.privacy import services
from trainings.registry.models import Participant

people_cli = AppGroup("people", help="Données personnelles d'une personne (loi 09-08).")


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    click.get_current_context().exit(1)


def _person(key: str) -> Participant:
    person = services.find_person(key)
    if person is None:
        _fail(_("Aucune personne ne correspond à « %(key)s » (téléphone, e-mail ou n° de fiche).",
                key=key))
    return person


@people_cli.command("export")
@click.argument("key", metavar="TELEPHONE_EMAIL_OU_NUMERO")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="Dossier où écrire les fichiers.")
@click.option("--lang", "language", type=click.Choice(["fr", "ar", "en"]), default="fr",
              show_default=True, help="Langue du PDF.")
def export_command(key: str, out_dir: Path, language: str) -> None:
    """Écrire tout ce qui est détenu sur une personne, en JSON et en PDF."""
    person = _person(key)
    content = services.export(person, None, language)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / f"{content.basename}.json"
    pdf_path = out_dir / f"{content.basename}.pdf"
    json_path.write_bytes(content.json)
    pdf_path.write_bytes(content.pdf)
    db.session.commit()
    click.echo(_("Données de la fiche n° %(id)s écrites : %(json)s et %(pdf)s.",
                 id=person.id, json=json_path, pdf=pdf_path))


@people_cli.command("erase")
@click.argument("key", metavar="TELEPHONE_EMAIL_OU_NUMERO")
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
def erase_command(key: str, yes: bool) -> None:
    """Anonymiser une personne : nom, contacts, fonction, signatures et commentaires effacés."""
    person = _person(key)
    if person.erased_at is not None:
        _fail(_("La fiche n° %(id)s est déjà anonymisée.", id=person.id))
    if not yes and not click.confirm(_("Anonymiser la fiche n° %(id)s (%(name)s) ? C'est "
                                       "définitif.", id=person.id, name=person.full_name)):
        _fail(_("Rien n'a été modifié."))
    services.erase(person, None)
    db.session.commit()
    click.echo(_("Fiche n° %(id)s anonymisée.", id=person.id))


@click.command("retention")
@click.option("--older-than-months", "months", type=click.IntRange(min=1),
              help="Sans activité depuis ce nombre de mois (par défaut RETENTION_MONTHS, 36).")
@click.option("--dry-run", is_flag=True, help="Compter seulement, sans rien modifier.")
def retention_command(months: int | None, dry_run: bool) -> None:
    """Anonymiser les personnes sans activité depuis N mois (durée de conservation)."""
    months = months or current_app.config["RETENTION_MONTHS"]
    result = services.retention(months, dry_run)
    db.session.commit()
    values = {"n": result.people, "months": result.months,
              "cutoff": result.cutoff.date().isoformat()}
    if dry_run:
        click.echo(_("%(n)s personne(s) sans activité depuis %(months)s mois (avant le "
                     "%(cutoff)s) seraient anonymisées. Rien n'a été modifié.", **values))
    else:
        click.echo(_("%(n)s personne(s) sans activité depuis %(months)s mois (avant le "
                     "%(cutoff)s) anonymisées.", **values))
