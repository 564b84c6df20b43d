"""The deployment files of deploy/: gunicorn's configuration (loaded by gunicorn itself, and a
real gunicorn that refuses unsafe production settings or serves), the Caddyfile (validated by
Caddy), the systemd units (verified by systemd-analyze) and .env.example, which names every
variable the application reads, as the README's configuration table does."""
from __future__ import annotations

import configparser
import gzip
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from gunicorn.app.base import Application

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
GUNICORN_CONF = DEPLOY / "gunicorn.conf.py"
UNITS = DEPLOY / "systemd"
# Where the units expect the application (README, "Production"), and its virtualenv.
APP_DIR = "/srv/trainings/app"
VENV_BIN = Path(sys.executable).parent

# Every variable a safe production start needs; the others are unset in the tests' processes.
SAFE = {
    "APP_ENV": "production",
    "SECRET_KEY": "0f" * 32,
    "DATABASE_URL": "postgresql+psycopg://trainings@127.0.0.1:5432/trainings_unused",
    "REDIS_URL": "redis://127.0.0.1:6379/13",
    "PUBLIC_BASE_URL": "https://formations.example.org",
    "SESSION_COOKIE_SECURE": "1",
    "PROXY_FIX": "1",
}


def read_variables() -> set[str]:
    """Every environment variable the application or its gunicorn configuration reads."""
    pattern = re.compile(r"""(?:environ\.get|getenv)\(\s*["'](\w+)["']|environ\[["'](\w+)["']\]"""
                         r"""|["'](\w+)["'] (?:not )?in environ\b""")
    names = set()
    for path in [*sorted((ROOT / "trainings").rglob("*.py")), GUNICORN_CONF]:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            names.add(next(group for group in match.groups() if group))
    return names


# gunicorn's configuration ---------------------------------------------------------------------

class ConfigFile(Application):
    """gunicorn's own loading of a configuration file, its validators included, and no more."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__()

    def load_config(self):
        self.load_config_from_file(str(self.path))

    def load(self):
        raise AssertionError("the application is not loaded here")


def gunicorn_settings(monkeypatch, **environ: str):
    for name in read_variables():
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return ConfigFile(GUNICORN_CONF).cfg


def test_gunicorn_reads_its_settings_from_the_environment(monkeypatch):
    cfg = gunicorn_settings(monkeypatch, WEB_CONCURRENCY="5", GUNICORN_THREADS="8",
                            GUNICORN_BIND="10.0.0.5:8000", GUNICORN_TIMEOUT="90",
                            TRUSTED_PROXIES="10.0.0.2", GUNICORN_ACCESS_LOG="1")
    assert (cfg.workers, cfg.threads, cfg.bind, cfg.timeout) == (5, 8, ["10.0.0.5:8000"], 90)
    assert cfg.forwarded_allow_ips == ["10.0.0.2"]
    assert cfg.accesslog == "-" and cfg.errorlog == "-"
    assert cfg.worker_class_str == "gthread"  # threads > 1
    assert cfg.wsgi_app == "wsgi:app" and cfg.chdir == str(ROOT)


def test_gunicorn_defaults_listen_on_loopback_and_trust_only_it(monkeypatch):
    cfg = gunicorn_settings(monkeypatch)
    assert cfg.bind == ["127.0.0.1:8000"]
    assert cfg.forwarded_allow_ips == ["127.0.0.1", "::1"]
    assert cfg.workers == 2 and cfg.accesslog is None


class Server:
    """What on_starting reads of gunicorn's arbiter."""

    def __init__(self, cfg):
        self.cfg = cfg


def test_gunicorn_checks_the_address_it_really_listens_on(monkeypatch, capsys):
    cfg = gunicorn_settings(monkeypatch, **SAFE)
    cfg.set("bind", ["0.0.0.0:8000"])  # as `gunicorn -b 0.0.0.0:8000` would, over GUNICORN_BIND
    with pytest.raises(SystemExit) as exit_:
        cfg.on_starting(Server(cfg))
    assert exit_.value.code == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "Réglages dangereux en production (1) :"
    assert lines[1].startswith("- GUNICORN_BIND : Avec PROXY_FIX=1, l'application écoute sur "
                               "toutes les interfaces")


def test_gunicorn_outside_production_does_not_check(monkeypatch, capsys):
    cfg = gunicorn_settings(monkeypatch, APP_ENV="development")
    cfg.on_starting(Server(cfg))
    assert capsys.readouterr().err == ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(environ: dict[str, str], port: int) -> subprocess.Popen:
    env = {name: value for name, value in os.environ.items() if name not in read_variables()}
    env.update(environ, GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1",
               GUNICORN_THREADS="2")
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_gunicorn_refuses_to_start_in_production_on_unsafe_settings():
    unsafe = {name: value for name, value in SAFE.items() if name != "SECRET_KEY"}
    process = gunicorn({**unsafe, "PUBLIC_BASE_URL": "http://192.168.1.20:5000"}, free_port())
    try:
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            stop(process)
    assert process.returncode == 1
    assert "Réglages dangereux en production (2) :" in err
    assert "- SECRET_KEY : Aucune clé secrète dans l'environnement." in err
    assert "- PUBLIC_BASE_URL : L'adresse publique « http://192.168.1.20:5000 »" in err
    assert ("Le serveur gunicorn ne démarre pas : corrigez ces réglages, puis vérifiez avec "
            "« flask --app wsgi check-config ».") in err
    assert "Booting worker" not in err


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn as systemd does (TERM), and kill it should it linger."""
    process.terminate()
    try:
        process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


def get_when_up(url: str, process: subprocess.Popen, seconds: float = 60):
    """The first answer of a server starting up, within a bound."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            return urllib.request.urlopen(request, timeout=10)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_gunicorn_serves_in_production_with_safe_settings():
    port = free_port()
    process = gunicorn(SAFE, port)
    try:
        response = get_when_up(f"http://127.0.0.1:{port}/login", process)
        page = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie")
    finally:
        stop(process)
    assert response.status == 200 and 'name="csrf_token"' in page
    # The environment reached the application: its session cookie is for HTTPS only.
    assert any(cookie.startswith("session=") and "Secure" in cookie for cookie in cookies)


# Caddy ----------------------------------------------------------------------------------------

def caddy(*args: str, **environ: str) -> subprocess.CompletedProcess:
    executable = shutil.which("caddy")
    assert executable, "Caddy is missing: install Debian's 'caddy' package (./scripts/test does)."
    env = {name: value for name, value in os.environ.items() if not name.startswith("TRAININGS_")}
    return subprocess.run([executable, *args, "--config", str(DEPLOY / "Caddyfile"),
                           "--adapter", "caddyfile"], env={**env, **environ},
                          capture_output=True, text=True, timeout=60)


def test_caddy_validates_the_caddyfile_with_its_defaults():
    result = caddy("validate")
    assert result.returncode == 0, result.stderr
    assert "Valid configuration" in result.stdout + result.stderr


def test_caddy_validates_the_caddyfile_for_several_application_servers():
    result = caddy("validate", TRAININGS_DOMAIN="formations.programme.ma",
                   TRAININGS_UPSTREAMS="10.0.0.5:8000 10.0.0.6:8000 10.0.0.7:8000")
    assert result.returncode == 0, result.stderr


def proxy_handler(config: dict) -> dict:
    """The reverse_proxy handler inside the adapted JSON configuration."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("handler") == "reverse_proxy":
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(config)
    assert len(found) == 1
    return found[0]


def test_caddy_balances_https_over_the_servers_and_sets_the_forwarded_headers():
    result = caddy("adapt", TRAININGS_DOMAIN="formations.programme.ma",
                   TRAININGS_UPSTREAMS="10.0.0.5:8000 10.0.0.6:8000")
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    server = config["apps"]["http"]["servers"]["srv0"]
    assert server["listen"] == [":443"]  # HTTPS, with a certificate for the domain
    assert config["apps"]["tls"]["automation"]["policies"][0]["subjects"] == [
        "formations.programme.ma"]
    assert "trusted_proxies" not in json.dumps(config)  # clients' X-Forwarded-* are not believed
    proxy = proxy_handler(config)
    assert [upstream["dial"] for upstream in proxy["upstreams"]] == ["10.0.0.5:8000",
                                                                     "10.0.0.6:8000"]
    assert proxy["load_balancing"]["selection_policy"]["policy"] == "least_conn"
    assert proxy["health_checks"]["active"]["uri"] == "/healthz"
    assert set(proxy["headers"]["request"]["set"]) == {
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"}


def test_caddy_serves_versioned_static_files_under_long_caching():
    config = json.loads(caddy("adapt").stdout)
    text = json.dumps(config)
    assert '"path": ["/static/*"]' in text and '"handler": "file_server"' in text
    assert '"Cache-Control": ["public, max-age=31536000, immutable"]' in text
    assert '"query": {"v": ["*"]}' in text


def _fetch(url: str, encodings: str | None) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encodings} if encodings
                                     else {})
    with urllib.request.urlopen(request, timeout=5) as response:
        return dict(response.headers), response.read()


def test_caddy_compresses_the_static_files_when_the_client_accepts_it(tmp_path):
    """The proxy compresses (encode zstd gzip), not the application: the deploy Caddyfile run
    over plain HTTP on a free port, its admin endpoint off, the static files from this
    checkout."""
    port = free_port()
    adapted = caddy("adapt", TRAININGS_DOMAIN=f"http://127.0.0.1:{port}",
                    TRAININGS_STATIC=str(ROOT), TRAININGS_UPSTREAMS="127.0.0.1:9")
    assert adapted.returncode == 0, adapted.stderr
    config = {**json.loads(adapted.stdout), "admin": {"disabled": True}}
    (tmp_path / "caddy.json").write_text(json.dumps(config))
    home = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path), "PATH": os.environ.get("PATH", "")}
    server = subprocess.Popen([shutil.which("caddy"), "run", "--config",
                               str(tmp_path / "caddy.json")], env=home,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    css = (ROOT / "static" / "css" / "checkin.css").read_bytes()
    url = f"http://127.0.0.1:{port}/static/css/checkin.css?v=1"
    try:
        for _attempt in range(100):  # up to 10 s for Caddy to listen
            try:
                plain_headers, plain = _fetch(url, None)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("Caddy did not start")
        gzip_headers, gzipped = _fetch(url, "gzip")
        zstd_headers, _zstd = _fetch(url, "zstd, gzip")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "Content-Encoding" not in plain_headers and plain == css
    assert gzip_headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in gzip_headers["Vary"]
    assert gzip.decompress(gzipped) == css and len(gzipped) < len(css) / 2
    assert zstd_headers["Content-Encoding"] == "zstd"
    assert gzip_headers["Cache-Control"] == "public, max-age=31536000, immutable"


# systemd --------------------------------------------------------------------------------------

def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(UNITS / name, encoding="utf-8")
    return parser


def local_command(exec_start: str) -> list[str]:
    """A unit's ExecStart with the server's paths replaced by this checkout's."""
    words = shlex.split(exec_start)
    return [word.replace(f"{APP_DIR}/.venv/bin", str(VENV_BIN)).replace(APP_DIR, str(ROOT))
            for word in words]


def test_the_units_are_exactly_the_application_the_weekly_retention_and_the_nightly_backup():
    assert sorted(path.name for path in UNITS.iterdir()) == [
        "trainings-backup.service", "trainings-backup.timer", "trainings-retention.service",
        "trainings-retention.timer", "trainings.service"]


@pytest.mark.parametrize("name", ["trainings.service", "trainings-retention.service"])
def test_the_services_run_as_trainings_with_the_env_file_and_hardening(name):
    service = unit(name)["Service"]
    assert service["User"] == "trainings" and service["Group"] == "trainings"
    assert service["EnvironmentFile"] == "/etc/trainings/env"
    assert service["WorkingDirectory"] == APP_DIR
    assert service["Environment"] == "APP_ENV=production"
    for option in ("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices"):
        assert service[option] == "yes", option
    assert service["ProtectSystem"] == "strict"
    assert service["ReadWritePaths"] == f"{APP_DIR}/instance"
    assert service["CapabilityBoundingSet"] == ""


def test_the_application_unit_starts_gunicorn_with_the_configuration_file():
    command = local_command(unit("trainings.service")["Service"]["ExecStart"])
    assert command == [str(VENV_BIN / "gunicorn"), "--config", str(GUNICORN_CONF)]
    # gunicorn's own check: the options are known, the file loads, the application imports.
    env = {name: value for name, value in os.environ.items() if name not in read_variables()}
    result = subprocess.run([*command, "--check-config"], cwd=ROOT, env={**env, "SECRET_KEY": "x"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_retention_unit_runs_flask_retention_weekly():
    service = unit("trainings-retention.service")["Service"]
    assert service["Type"] == "oneshot"
    command = local_command(service["ExecStart"])
    assert command == [str(VENV_BIN / "flask"), "--app", "wsgi", "retention"]
    result = subprocess.run([*command, "--help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "SECRET_KEY": "x"})
    assert result.returncode == 0, result.stderr
    assert "--dry-run" in result.stdout
    purge = local_command(service["ExecStartPost"])
    assert purge == [str(VENV_BIN / "flask"), "--app", "wsgi", "field", "purge", "--days", "30"]
    result = subprocess.run([*purge[:5], "--help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "SECRET_KEY": "x"})
    assert result.returncode == 0 and "--days" in result.stdout, result.stderr
    timer = unit("trainings-retention.timer")
    assert timer["Timer"]["OnCalendar"].startswith("Mon ")
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_systemd_analyze_verifies_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed; the units are parsed by the tests above")
    for path in UNITS.iterdir():
        text = path.read_text(encoding="utf-8")
        text = text.replace(f"{APP_DIR}/.venv/bin", str(VENV_BIN)).replace(APP_DIR, str(ROOT))
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    result = subprocess.run([analyze, "verify", *sorted(p.name for p in tmp_path.iterdir())],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    # Unknown keys or sections are only warnings: any output is a fault of the units.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


# .env.example and the README -----------------------------------------------------------------

def example_variables() -> dict[str, int]:
    """The variables .env.example sets or shows commented, with their line numbers."""
    lines = (DEPLOY / ".env.example").read_text(encoding="utf-8").splitlines()
    found = {}
    for number, line in enumerate(lines):
        match = re.match(r"#? ?([A-Z][A-Z0-9_]*)=", line)
        if match:
            found[match.group(1)] = number
    return found


def test_the_scan_finds_the_variables_read():
    names = read_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "PROGRAMME_NAME", "WEB_CONCURRENCY", "TRUSTED_PROXIES",
            "RATELIMIT_IDENTIFY_CODE", "APP_ENV", "FLASK_ENV"} <= names


def test_env_example_names_every_variable_read_with_a_comment():
    lines = (DEPLOY / ".env.example").read_text(encoding="utf-8").splitlines()
    shown = example_variables()
    assert sorted(read_variables() - set(shown)) == []
    for name, number in shown.items():
        above = lines[number - 1]
        assert above.startswith("# ") and not re.match(r"# ?[A-Z][A-Z0-9_]*=", above), name


def test_the_readme_configuration_table_names_every_variable_read():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Configuration"):]
    table = {match.group(1) for match in re.finditer(r"^\| `([A-Z][A-Z0-9_]*)` \|", section,
                                                     re.M)}
    assert sorted(read_variables() - table) == []
