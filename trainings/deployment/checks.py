"""Production settings refused before they serve anyone: `flask check-config` and gunicorn's
start (deploy/gunicorn.conf.py) read the environment and list what is unsafe, in French.

A production deployment is several gunicorn workers, perhaps on several servers, behind one
HTTPS reverse proxy (deploy/Caddyfile). So the secret key must be shared (from the
environment), the database and the rate-limit counters too (PostgreSQL, Redis), the public
address is https, cookies are Secure, and the application reads the client's address and scheme
from the proxy's X-Forwarded-* headers (PROXY_FIX=1) while listening only where the proxy
reaches it (GUNICORN_BIND on a named address, never every interface) and trusting only it
(TRUSTED_PROXIES)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from ipaddress import ip_address
from urllib.parse import urlsplit

from flask_babel import gettext as _

PRODUCTION = "production"
DEFAULT_BIND = "127.0.0.1:8000"
DEFAULT_TRUSTED_PROXIES = "127.0.0.1,::1"
EVERY_INTERFACE = frozenset({"", "0.0.0.0", "::"})


@dataclass(frozen=True)
class Problem:
    """One unsafe setting: the variable to change and why, in the reader's language."""

    setting: str
    message: str

    def __str__(self) -> str:
        return f"{self.setting} : {self.message}"


def is_production(environ: Mapping[str, str]) -> bool:
    """APP_ENV=production or FLASK_ENV=production: gunicorn then refuses unsafe settings."""
    return PRODUCTION in (environ.get("APP_ENV", "").strip().lower(),
                          environ.get("FLASK_ENV", "").strip().lower())


def report(found: list[Problem]) -> list[str]:
    """The lines that announce the problems: a title, then one line per problem."""
    return [_("Réglages dangereux en production (%(count)s) :", count=len(found)),
            *(f"- {problem}" for problem in found)]


def refusal() -> str:
    """gunicorn's last word when it refuses to start."""
    return _("Le serveur gunicorn ne démarre pas : corrigez ces réglages, puis vérifiez avec "
             "« flask --app wsgi check-config ».")


def problems(environ: Mapping[str, str]) -> list[Problem]:
    """Every unsafe setting of a production deployment, in a stable order; empty when safe."""
    return [*_secret_problems(environ), *_shared_state_problems(environ),
            *_https_problems(environ), *_proxy_problems(environ)]


def _secret_problems(environ: Mapping[str, str]) -> list[Problem]:
    if environ.get("SECRET_KEY", "").strip():
        return []
    return [Problem("SECRET_KEY", _(
        "Aucune clé secrète dans l'environnement. Celle générée dans instance/ diffère d'un "
        "serveur à l'autre : les connexions et les formulaires ne passeraient pas d'un serveur "
        "à l'autre. Générez-en une (python3 -c \"import secrets; print(secrets.token_hex(32))\") "
        "et mettez-la dans le fichier d'environnement de chaque serveur."))]


def _shared_state_problems(environ: Mapping[str, str]) -> list[Problem]:
    found = []
    database = environ.get("DATABASE_URL", "").strip()
    if not database or database.startswith("sqlite"):
        found.append(Problem("DATABASE_URL", _(
            "La base de données est SQLite : plusieurs processus ou serveurs ne peuvent pas y "
            "écrire ensemble. Indiquez une base PostgreSQL "
            "(postgresql+psycopg://utilisateur@hôte:5432/base).")))
    storage = (environ.get("RATELIMIT_STORAGE_URI", "").strip()
               or environ.get("REDIS_URL", "").strip() or "memory://")
    if storage.startswith("memory://"):
        found.append(Problem("RATELIMIT_STORAGE_URI", _(
            "Les limites de tentatives sont comptées en mémoire : chaque processus compte de son "
            "côté et un devineur multiplie ses essais par leur nombre. Indiquez un Redis partagé "
            "(REDIS_URL=redis://hôte:6379/0).")))
    if environ.get("RATELIMIT_ENABLED", "1").strip() != "1":
        found.append(Problem("RATELIMIT_ENABLED", _(
            "Les limites de tentatives sont désactivées : rien ne freine plus les mots de passe "
            "ou les codes devinés. Retirez RATELIMIT_ENABLED=0 (réservé aux tests de charge).")))
    return found


def _https_problems(environ: Mapping[str, str]) -> list[Problem]:
    found = []
    public = environ.get("PUBLIC_BASE_URL", "").strip()
    if not public:
        found.append(Problem("PUBLIC_BASE_URL", _(
            "L'adresse publique n'est pas indiquée : les codes QR pointeraient vers l'adresse "
            "d'un serveur interne. Indiquez l'adresse https du proxy "
            "(https://formations.example.org).")))
    elif urlsplit(public).scheme.lower() != "https" or not urlsplit(public).hostname:
        found.append(Problem("PUBLIC_BASE_URL", _(
            "L'adresse publique « %(url)s » n'est pas une adresse https : mots de passe, "
            "cookies et données des participant·e·s passeraient en clair. Servez l'application "
            "derrière un proxy HTTPS et indiquez son adresse https.", url=public)))
    if environ.get("SESSION_COOKIE_SECURE", "0").strip() != "1":
        found.append(Problem("SESSION_COOKIE_SECURE", _(
            "Les cookies de connexion ne sont pas réservés à HTTPS : le navigateur les enverrait "
            "aussi en clair. Mettez SESSION_COOKIE_SECURE=1.")))
    return found


def _proxy_problems(environ: Mapping[str, str]) -> list[Problem]:
    if environ.get("PROXY_FIX", "0").strip() != "1":
        return [Problem("PROXY_FIX", _(
            "L'application ne lit pas les en-têtes X-Forwarded-* du proxy : tous les clients "
            "auraient l'adresse du proxy (une seule limite de tentatives pour tout le monde) et "
            "les pages se croiraient en http. Mettez PROXY_FIX=1."))]
    found = []
    host = bind_host(environ.get("GUNICORN_BIND", DEFAULT_BIND))
    if host in EVERY_INTERFACE:
        found.append(Problem("GUNICORN_BIND", _(
            "Avec PROXY_FIX=1, l'application écoute sur toutes les interfaces : un client qui "
            "la joint sans passer par le proxy pourrait falsifier son adresse. Écoutez sur "
            "127.0.0.1 (proxy sur la même machine) ou sur l'adresse privée que le proxy joint.")))
    trusted = [item.strip() for item in
               environ.get("TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES).split(",") if item.strip()]
    if "*" in trusted or not trusted:
        found.append(Problem("TRUSTED_PROXIES", _(
            "Les proxys de confiance doivent être nommés, pas « * » : indiquez l'adresse du "
            "proxy (par exemple 10.0.0.2).")))
    elif not (found or _is_loopback(host) or "TRUSTED_PROXIES" in environ):
        found.append(Problem("TRUSTED_PROXIES", _(
            "L'application écoute sur « %(host)s », hors de la machine : indiquez dans "
            "TRUSTED_PROXIES l'adresse du proxy qui la joint.", host=host)))
    return found


def bind_host(bind: str) -> str:
    """The address part of a gunicorn bind ("127.0.0.1:8000", "[::1]:8000", "unix:/run/x")."""
    bind = bind.strip()
    if bind.startswith("unix:"):
        return "unix"
    if bind.startswith("["):
        return bind[1:bind.index("]")] if "]" in bind else bind[1:]
    return bind.rsplit(":", 1)[0] if ":" in bind else bind


def _is_loopback(host: str) -> bool:
    if host in ("unix", "localhost"):
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False
