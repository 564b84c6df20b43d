"""`flask demo` (to be completed)."""
import click


@click.command("demo")
def demo_command():
    """Remplit une base vide avec des données de démonstration."""
