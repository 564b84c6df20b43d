"""Backups: `flask backup` copies the database while the application runs, `flask restore`
puts a copy back into an empty database (trainings/backup/cli.py)."""
