"""gunicorn's settings for the platform, from the environment:
`gunicorn -c deploy/gunicorn.conf.py wsgi:app` (deploy/systemd/trainings.service).
With APP_ENV=production (or FLASK_ENV=production) it refuses to start on the unsafe settings
`flask --app wsgi check-config` lists (trainings/deployment/checks.py)."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

wsgi_app = "wsgi:app"
chdir = str(ROOT)
# Behind the proxy, on loopback when the proxy runs on the same machine; otherwise the private
# address the proxy reaches (never every interface: checks.py says why).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes (each a copy of the application) times threads (requests at once in each):
# gunicorn's usual WEB_CONCURRENCY, about 2 per core.
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A report or an export of a whole programme may take a while; a stuck worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# The proxy's X-Forwarded-Proto is believed only from these addresses; the application's
# PROXY_FIX reads the client's address from the same proxy.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
# The proxy logs every request already: gunicorn's access log only when asked, to stdout
# (the journal). Errors always go to stderr (the journal too).
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "0") == "1" else None
errorlog = "-"
proc_name = "trainings"


def on_starting(server):
    """In production, refuse to start on the settings `flask check-config` refuses, for the
    addresses gunicorn actually listens on (its -b may override GUNICORN_BIND)."""
    sys.path.insert(0, str(ROOT))
    from trainings.deployment import checks

    if not checks.is_production(os.environ):
        return
    found = []
    for address in server.cfg.bind:
        for problem in checks.problems({**os.environ, "GUNICORN_BIND": address}):
            if problem not in found:
                found.append(problem)
    if found:
        print("\n".join([*checks.report(found), checks.refusal()]), file=sys.stderr, flush=True)
        sys.exit(1)
