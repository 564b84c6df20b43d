"""The production settings refused by `flask check-config` and gunicorn's start: each unsafe
one is named with its French message; a safe environment has nothing to correct."""
from __future__ import annotations

import pytest

from trainings.deployment import checks

SAFE = {
    "SECRET_KEY": "0f" * 32,
    "DATABASE_URL": "postgresql+psycopg://trainings@10.0.0.3:5432/trainings",
    "REDIS_URL": "redis://10.0.0.4:6379/0",
    "PUBLIC_BASE_URL": "https://formations.example.org",
    "SESSION_COOKIE_SECURE": "1",
    "PROXY_FIX": "1",
}


def found(**changes: str | None) -> dict[str, str]:
    """The problems of SAFE with some variables changed (None removes one), by variable."""
    environ = {**SAFE, **changes}
    environ = {name: value for name, value in environ.items() if value is not None}
    return {problem.setting: problem.message for problem in checks.problems(environ)}


def test_a_safe_environment_has_nothing_to_correct():
    assert checks.problems(SAFE) == []


@pytest.mark.parametrize("secret", [None, "", "  "])
def test_a_secret_key_must_come_from_the_environment(secret):
    assert found(SECRET_KEY=secret) == {"SECRET_KEY": (
        "Aucune clé secrète dans l'environnement. Celle générée dans instance/ diffère d'un "
        "serveur à l'autre : les connexions et les formulaires ne passeraient pas d'un serveur "
        "à l'autre. Générez-en une (python3 -c \"import secrets; print(secrets.token_hex(32))\") "
        "et mettez-la dans le fichier d'environnement de chaque serveur.")}


@pytest.mark.parametrize("url", [None, "sqlite:////srv/trainings/instance/trainings.db"])
def test_sqlite_is_refused(url):
    assert found(DATABASE_URL=url) == {"DATABASE_URL": (
        "La base de données est SQLite : plusieurs processus ou serveurs ne peuvent pas y "
        "écrire ensemble. Indiquez une base PostgreSQL "
        "(postgresql+psycopg://utilisateur@hôte:5432/base).")}


MEMORY = ("Les limites de tentatives sont comptées en mémoire : chaque processus compte de son "
          "côté et un devineur multiplie ses essais par leur nombre. Indiquez un Redis partagé "
          "(REDIS_URL=redis://hôte:6379/0).")


def test_rate_limits_in_memory_are_refused():
    assert found(REDIS_URL=None) == {"RATELIMIT_STORAGE_URI": MEMORY}
    assert found(RATELIMIT_STORAGE_URI="memory://") == {"RATELIMIT_STORAGE_URI": MEMORY}


def test_rate_limits_in_redis_without_redis_url_are_safe():
    assert found(REDIS_URL=None, RATELIMIT_STORAGE_URI="redis://10.0.0.4:6379/1") == {}


def test_rate_limits_switched_off_are_refused():
    assert found(RATELIMIT_ENABLED="0") == {"RATELIMIT_ENABLED": (
        "Les limites de tentatives sont désactivées : rien ne freine plus les mots de passe "
        "ou les codes devinés. Retirez RATELIMIT_ENABLED=0 (réservé aux tests de charge).")}


def test_a_missing_public_address_is_refused():
    assert found(PUBLIC_BASE_URL=None) == {"PUBLIC_BASE_URL": (
        "L'adresse publique n'est pas indiquée : les codes QR pointeraient vers l'adresse "
        "d'un serveur interne. Indiquez l'adresse https du proxy "
        "(https://formations.example.org).")}


@pytest.mark.parametrize("url", ["http://formations.example.org", "https://", "formations.ma"])
def test_a_public_address_not_https_is_refused(url):
    assert found(PUBLIC_BASE_URL=url) == {"PUBLIC_BASE_URL": (
        f"L'adresse publique « {url} » n'est pas une adresse https : mots de passe, "
        "cookies et données des participant·e·s passeraient en clair. Servez l'application "
        "derrière un proxy HTTPS et indiquez son adresse https.")}


@pytest.mark.parametrize("secure", [None, "0", "true"])
def test_cookies_not_secure_are_refused(secure):
    assert found(SESSION_COOKIE_SECURE=secure) == {"SESSION_COOKIE_SECURE": (
        "Les cookies de connexion ne sont pas réservés à HTTPS : le navigateur les enverrait "
        "aussi en clair. Mettez SESSION_COOKIE_SECURE=1.")}


@pytest.mark.parametrize("proxy_fix", [None, "0"])
def test_not_reading_the_proxys_headers_is_refused(proxy_fix):
    assert found(PROXY_FIX=proxy_fix) == {"PROXY_FIX": (
        "L'application ne lit pas les en-têtes X-Forwarded-* du proxy : tous les clients "
        "auraient l'adresse du proxy (une seule limite de tentatives pour tout le monde) et "
        "les pages se croiraient en http. Mettez PROXY_FIX=1.")}


@pytest.mark.parametrize("bind", ["0.0.0.0:8000", "[::]:8000", ":8000"])
def test_listening_on_every_interface_behind_the_proxy_is_refused(bind):
    assert found(GUNICORN_BIND=bind, TRUSTED_PROXIES="10.0.0.2") == {"GUNICORN_BIND": (
        "Avec PROXY_FIX=1, l'application écoute sur toutes les interfaces : un client qui "
        "la joint sans passer par le proxy pourrait falsifier son adresse. Écoutez sur "
        "127.0.0.1 (proxy sur la même machine) ou sur l'adresse privée que le proxy joint.")}


@pytest.mark.parametrize("trusted", ["*", "10.0.0.2, *", " , "])
def test_trusting_any_proxy_is_refused(trusted):
    assert found(TRUSTED_PROXIES=trusted) == {"TRUSTED_PROXIES": (
        "Les proxys de confiance doivent être nommés, pas « * » : indiquez l'adresse du "
        "proxy (par exemple 10.0.0.2).")}


def test_a_private_address_needs_the_proxy_named():
    assert found(GUNICORN_BIND="10.0.0.5:8000") == {"TRUSTED_PROXIES": (
        "L'application écoute sur « 10.0.0.5 », hors de la machine : indiquez dans "
        "TRUSTED_PROXIES l'adresse du proxy qui la joint.")}
    assert found(GUNICORN_BIND="10.0.0.5:8000", TRUSTED_PROXIES="10.0.0.2") == {}


@pytest.mark.parametrize("bind", ["127.0.0.1:8000", "[::1]:8000", "unix:/run/trainings.sock",
                                  "localhost:8000"])
def test_a_loopback_address_trusts_the_local_proxy_by_default(bind):
    assert found(GUNICORN_BIND=bind) == {}


def test_every_problem_is_listed_together():
    assert list(found(SECRET_KEY=None, DATABASE_URL=None, REDIS_URL=None, PUBLIC_BASE_URL=None,
                      SESSION_COOKIE_SECURE=None, PROXY_FIX=None)) == [
        "SECRET_KEY", "DATABASE_URL", "RATELIMIT_STORAGE_URI", "PUBLIC_BASE_URL",
        "SESSION_COOKIE_SECURE", "PROXY_FIX"]


@pytest.mark.parametrize(("environ", "production"), [
    ({"APP_ENV": "production"}, True), ({"FLASK_ENV": "Production"}, True),
    ({"APP_ENV": "development", "FLASK_ENV": "production"}, True),
    ({"APP_ENV": "development"}, False), ({}, False)])
def test_production_is_named_by_app_env_or_flask_env(environ, production):
    assert checks.is_production(environ) is production


@pytest.mark.parametrize(("bind", "host"), [
    ("127.0.0.1:8000", "127.0.0.1"), ("[::1]:8000", "::1"), ("0.0.0.0:80", "0.0.0.0"),
    (":8000", ""), ("unix:/run/trainings.sock", "unix"), ("10.0.0.5", "10.0.0.5")])
def test_bind_host(bind, host):
    assert checks.bind_host(bind) == host
