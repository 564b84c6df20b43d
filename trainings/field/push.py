"""The laptop sends its results package to the central API when the network comes back
(`flask field push`): in pieces, each request tried again a few times when the connection
drops, resuming from what the server says it holds; then the server's preview, then the
import. Standard library only: the laptop may have nothing else to install."""
from __future__ import annotations

import hashlib
import http.client
import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable

from flask_babel import gettext as _

from trainings.field.presentation import KIND_LABELS

CHUNK_SIZE = 256 * 1024
TRIES = 5
BACKOFF_SECONDS = (1, 2, 4, 8)  # waits between the tries: 15 s at most in all
TIMEOUT_SECONDS = 60
UPLOADS_PATH = "/api/v1/field/uploads/"
CUT = (urllib.error.URLError, http.client.HTTPException, ConnectionError, socket.timeout,
       TimeoutError)

sleep = time.sleep  # tests do not wait


class PushError(Exception):
    """Why the push stopped, for the person at the laptop."""


class Answer:
    """The server's answer: its status and its JSON body (empty when it sent none)."""

    def __init__(self, status: int, body: bytes):
        self.status = status
        try:
            self.data = json.loads(body or b"{}")
        except ValueError:
            self.data = {}

    @property
    def error(self) -> str:
        return str(self.data.get("error") or self.status)


class Client:
    """Requests to one server with one token, each tried again on a cut or a server error."""

    def __init__(self, server: str, token: str):
        self.server = server.rstrip("/")
        self.token = token

    def send(self, method: str, path: str, body: bytes | None = None,
             headers: dict | None = None) -> Answer:
        request = urllib.request.Request(
            self.server + path, data=body, method=method,
            headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json",
                     **(headers or {})})
        for attempt in range(TRIES):
            answer = self._once(request)
            if answer is not None and answer.status < 500:
                return answer
            if attempt < TRIES - 1:
                sleep(BACKOFF_SECONDS[attempt])
        raise PushError(_("Le serveur %(server)s ne répond pas (%(tries)s essais) : vérifiez la "
                          "connexion, puis relancez la commande ; l'envoi reprendra où il "
                          "s'est arrêté.", server=self.server, tries=TRIES))

    @staticmethod
    def _once(request: urllib.request.Request) -> Answer | None:
        """The answer, or None when the connection failed."""
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return Answer(response.status, response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.read())
        except CUT:
            return None


def push(content: bytes, server: str, token: str, dry_run: bool,
         echo: Callable[[str], None], chunk_size: int = CHUNK_SIZE) -> list[str]:
    """Send the package, echo the server's preview, then import it unless `dry_run`: the
    lines of what the import did (or would do)."""
    client = Client(server, token)
    path = UPLOADS_PATH + hashlib.sha256(content).hexdigest()
    _upload(client, path, content, chunk_size)
    preview = _checked(client.send("POST", path + "/preview"))
    for line in answer_lines(preview):
        echo(line)
    if dry_run:
        return [_("Essai à blanc : rien n'est importé.")]
    return answer_lines(_checked(client.send("POST", path + "/apply")))


def _upload(client: Client, path: str, content: bytes, chunk_size: int) -> None:
    """The pieces the server does not hold yet, from where it says it is."""
    state = client.send("GET", path)
    received = state.data.get("received", 0) if state.status == 200 else 0
    if state.status not in (200, 404):
        _checked(state)
    total = len(content)
    resyncs = 0
    while received < total:
        end = min(received + chunk_size, total) - 1
        answer = client.send("PUT", path, content[received:end + 1], {
            "Content-Type": "application/octet-stream",
            "Content-Range": f"bytes {received}-{end}/{total}"})
        if answer.status == 409 and isinstance(answer.data.get("received"), int) \
                and resyncs < TRIES:
            received = answer.data["received"]  # a piece that arrived, its answer lost
            resyncs += 1
            continue
        resyncs = 0
        received = _checked(answer)["received"]


def _checked(answer: Answer) -> dict:
    """The answer's data when the server accepted; PushError with its reason otherwise."""
    if answer.status in (401, 403):
        raise PushError(_("Jeton refusé par le serveur : %(reason)s", reason=answer.error))
    if answer.status >= 400:
        raise PushError(_("Paquet refusé par le serveur : %(reason)s", reason=answer.error))
    return answer.data


def answer_lines(report: dict) -> list[str]:
    """The server's report as lines, in the words of `flask field import-results`."""
    lines = [_("Session n° %(id)s « %(title)s »", id=report.get("session_id"),
               title=report.get("session_title", "")), report.get("summary", "")]
    for kind, label in KIND_LABELS.items():
        added, already, removed = (report.get(key, {}).get(kind, 0)
                                   for key in ("added", "already", "removed"))
        if added or already or removed:
            lines.append(_("  %(label)s : %(added)s ajouté(s), %(already)s déjà là, "
                           "%(removed)s retiré(s)", label=label, added=added,
                           already=already, removed=removed))
    if report.get("walk_ins"):
        lines.append(_("Personnes arrivées sans inscription :"))
        lines.extend(f"  {walk_in['text']}" for walk_in in report["walk_ins"])
    if report.get("conflicts"):
        lines.append(_("Conflits :"))
        lines.extend(f"  {conflict['text']}" for conflict in report["conflicts"])
    return lines
