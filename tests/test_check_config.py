"""`flask check-config`: exit 1 and every unsafe production setting named in French, or exit 0
and one line saying the configuration is safe."""
from __future__ import annotations

from tests.unit.test_deployment_checks import SAFE  # one safe environment for both

SETTINGS = ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "RATELIMIT_STORAGE_URI",
            "RATELIMIT_ENABLED", "PUBLIC_BASE_URL", "SESSION_COOKIE_SECURE", "PROXY_FIX",
            "GUNICORN_BIND", "TRUSTED_PROXIES")


def environment(**changes: str | None) -> dict[str, str | None]:
    """SAFE with changes, every other setting unset whatever the machine's environment says."""
    return {**dict.fromkeys(SETTINGS), **SAFE, **changes}


def test_safe_settings_pass(runner):
    result = runner.invoke(args=["check-config"], env=environment())
    assert result.exit_code == 0, result.output
    assert result.stdout == "Configuration de production sûre : rien à corriger.\n"


def test_unsafe_settings_fail_with_each_problem_in_french(runner):
    result = runner.invoke(args=["check-config"], env=environment(
        SECRET_KEY=None, PUBLIC_BASE_URL="http://192.168.1.20:5000", PROXY_FIX="0"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "Réglages dangereux en production (3) :"
    assert [line.split(" : ", 1)[0] for line in lines[1:]] == [
        "- SECRET_KEY", "- PUBLIC_BASE_URL", "- PROXY_FIX"]
    assert "« http://192.168.1.20:5000 » n'est pas une adresse https" in lines[2]
    assert "Configuration de production sûre" not in result.output


def test_an_explicit_run_checks_as_production_whatever_app_env_says(runner):
    result = runner.invoke(args=["check-config"],
                           env=environment(APP_ENV="development", DATABASE_URL=None))
    assert result.exit_code == 1
    assert "- DATABASE_URL : La base de données est SQLite" in result.stderr
