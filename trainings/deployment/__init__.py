"""Deploying to production: the settings refused before serving (checks.py, pure) and the
`flask check-config` command (cli.py)."""
