"""`flask check-config`: the production settings of this environment, refused when unsafe."""
from __future__ import annotations

import os

import click
from flask_babel import gettext as _

from trainings.deployment import checks


@click.command("check-config")
def check_config_command() -> None:
    """Vérifier les réglages de production de l'environnement (code de sortie 1 si dangereux)."""
    found = checks.problems(os.environ)
    if found:
        for line in checks.report(found):
            click.echo(line, err=True)
        click.get_current_context().exit(1)
    click.echo(_("Configuration de production sûre : rien à corriger."))
