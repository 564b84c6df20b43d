"""Two application servers behind a proxy, on loopback, for the multi-host test: gunicorn
processes of their own on one database and one Redis, Caddy balancing between them, and
phones or laptops that speak plain HTTP with their own cookies."""
from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
# The gunicorn of the virtual environment running the tests, not one found on the PATH.
GUNICORN = Path(sys.executable).parent / "gunicorn"
START_SECONDS = 60
REQUEST_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def refuses(port: int) -> bool:
    """True when nothing listens on the port any more."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return True
    return False


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.1)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def upstream(self) -> str | None:
        """The application server that answered through the proxy (X-Upstream)."""
        return self.headers.get("X-Upstream")

    def json(self):
        return json.loads(self.text)

    def hidden(self, name: str) -> str:
        """A form's hidden field, as a browser sends it back."""
        tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', self.text)
        assert tag, f"no field {name} in the page ({self.status})"
        return re.search(r'\bvalue="([^"]*)"', tag.group(0)).group(1)


@dataclass
class Sent:
    """One request as the client saw it: when it left, and its status or error."""
    started: float
    status: int | str
    upstream: str | None = None


@dataclass
class Browser:
    """One phone or laptop: its own cookies, a new connection per request, no redirect
    followed unless asked; each request noted in `journal` when one is given."""
    cookies: dict[str, str] = field(default_factory=dict)
    journal: list[Sent] | None = None

    def send(self, port: int, method: str, path: str, form: dict | None = None,
             headers: dict | None = None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_SECONDS)
        sent = dict(headers or {})
        if form is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        note = Sent(time.monotonic(), "no answer")
        if self.journal is not None:
            self.journal.append(note)
        try:
            connection.request(method, path, urlencode(form) if form is not None else None, sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            # A server killed while answering: no answer, or a page cut short.
            note.status = type(error).__name__
            raise
        finally:
            connection.close()
        note.status, note.upstream = response.status, response.headers.get("X-Upstream")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, response.headers, text)

    def get(self, port: int, path: str, **kw) -> Answer:
        return self.send(port, "GET", path, **kw)

    def post(self, port: int, path: str, form: dict) -> Answer:
        return self.send(port, "POST", path, form)

    def follow(self, port: int, answer: Answer) -> Answer:
        """GET the page a redirect points to, on the same port."""
        assert answer.status in (302, 303), answer.status
        return self.get(port, path_of(answer.headers["Location"]))


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Process:
    """A child process in its own process group, so that a kill reaches its workers too (a
    machine that dies takes every process with it); its output goes to a file for the
    failure message."""

    def __init__(self, name: str, command: list[str], env: dict, log: Path) -> None:
        self.name, self.command, self.env, self.log = name, command, env, log
        self.start()

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.popen = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=out,
                                          stderr=subprocess.STDOUT, start_new_session=True)

    def alive(self) -> bool:
        return self.popen.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def kill(self) -> None:
        """SIGKILL to the whole group, at once: no worker finishes its request."""
        self._signal_group(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL to the group if it has not ended within 10 s."""
        if not self.alive():
            return
        self._signal_group(signal.SIGTERM)
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal_group(self, sig: int) -> None:
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            pass


class AppServer(Process):
    """gunicorn serving wsgi:app (2 sync workers, as in production) on a loopback port."""

    def __init__(self, name: str, env: dict, folder: Path) -> None:
        assert GUNICORN.exists(), f"gunicorn is missing at {GUNICORN}: install requirements.txt"
        self.port = free_port()
        super().__init__(name, [str(GUNICORN), "-w", "2", "-b", f"127.0.0.1:{self.port}",
                                "--timeout", "30", "--graceful-timeout", "5", "wsgi:app"],
                         {**env, "PYTHONPATH": str(ROOT)}, folder / f"{name}.log")
        wait_ready(self, self.port)

    def revive(self) -> bool:
        """Start it again on its port if it was killed; whether it was."""
        if self.alive():
            return False
        self.start()
        wait_ready(self, self.port)
        return True


CADDYFILE = """\
{{
\tadmin off
\tauto_https off
}}

http://127.0.0.1:{port} {{
\tbind 127.0.0.1
\treverse_proxy {upstreams} {{
\t\tlb_policy round_robin
\t\t# A server that refuses the connection is skipped, the request tried on another, for up
\t\t# to 5 s; it is left out for fail_duration.
\t\tlb_try_duration 5s
\t\tlb_try_interval 100ms
\t\tfail_duration 30s
\t\theader_down X-Upstream {{http.reverse_proxy.upstream.hostport}}
\t}}
}}
"""


class Proxy(Process):
    """Caddy on a loopback port, balancing round robin between the servers, from a Caddyfile
    of its own (no admin endpoint, no certificate, nothing written outside its folder)."""

    def __init__(self, servers: list[AppServer], folder: Path) -> None:
        caddy = shutil.which("caddy")
        assert caddy, "caddy is missing: install Debian's 'caddy' package (./scripts/test does)"
        self.port = free_port()
        config = folder / "Caddyfile"
        config.write_text(CADDYFILE.format(port=self.port, upstreams=" ".join(
            f"127.0.0.1:{server.port}" for server in servers)))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(folder),
               "XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config")}
        super().__init__("caddy", [caddy, "run", "--config", str(config), "--adapter",
                                   "caddyfile"], env, folder / "caddy.log")
        wait_ready(self, self.port)

    def restart(self) -> None:
        """A fresh proxy, which has forgotten which servers failed (fail_duration)."""
        self.stop()
        self.start()
        wait_ready(self, self.port)


def wait_ready(process: Process, port: int) -> None:
    """Until the login page answers 200 on the port; the process's output if it stops."""
    def ready() -> bool:
        assert process.alive(), f"{process.name} stopped:\n{process.output()}"
        try:
            return Browser().get(port, "/login").status == 200
        except OSError:
            return False

    try:
        wait_until(ready, START_SECONDS, f"{process.name} answering on port {port}")
    except AssertionError:
        process.stop()
        raise
