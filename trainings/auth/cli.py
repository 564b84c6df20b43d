"""`flask users ...` (to be completed)."""
import click
from flask.cli import AppGroup

users_cli = AppGroup("users", help="Gérer les comptes.")
