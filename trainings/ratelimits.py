"""Rate limits: slow down password and token guessing without turning away a whole room that
checks in from one Wi-Fi address. The limits are read from the RATELIMIT_* settings."""
from __future__ import annotations

import hashlib
import threading
import time

from collections.abc import Callable

from flask import Blueprint, Flask, Response, current_app, g, request, session
from limits.storage import MemoryStorage

from trainings.extensions import limiter

# What guessing earns: an unknown token or link (404), a wrong typed code or a forged form
# (400). Not 403 (window closed) nor 410 (expired QR code or typed code): a whole room scanning
# or typing a genuine code too early or too late would lock itself out.
FAILURE_STATUSES = frozenset({400, 404})

# How many failures an address may have (RATELIMIT_CHECKIN_FAILURES, 100 a minute): a room of 60
# behind one Wi-Fi address shares the count, so it is sized to the room, not to a person: half of
# the room could mistype the code or a form field three times within the same minute before
# anybody is refused (a code read too late is a 410 and costs nothing). It still makes guessing
# a typed code hopeless: a code is 6 characters of 32 (32**6, about 1.07e9), a half-day accepts
# 2 of them at a time (the current and the previous rotation) and only while its window is open;
# with even 20 half-days open at once, 1 guess in 27 million hits. At 100 guesses a minute
# (144,000 a day) that is about six months per address on average, while the code changes every
# 20 seconds and a hit only opens a check-in page, the trainer seeing walk-ins flagged. Links,
# proofs and badges carry 64-bit signatures: far beyond any rate.


class LockedMemoryStorage(MemoryStorage):
    """limits' in-memory counters, safe for a threaded server. limits 5.8 starts its expiry
    timer from every counting thread without a lock (alisaifee/limits#26): two phones counted
    at the same instant start the same thread twice, which corrupts Python's thread table.
    Registered under the "memory" scheme, so `memory://` (the default) means this class."""

    STORAGE_SCHEME = ["memory"]

    def __init__(self, *args, **kwargs):
        self._expiry_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def _MemoryStorage__schedule_expiry(self) -> None:  # the parent's private method
        with self._expiry_lock:
            super()._MemoryStorage__schedule_expiry()

    def __setstate__(self, state: dict) -> None:
        super().__setstate__(state)
        self._expiry_lock = threading.Lock()

    def __getstate__(self) -> dict:
        state = super().__getstate__()
        state.pop("_expiry_lock", None)
        return state


# Limits read from the configuration at each request, not when a blueprint registers them (once,
# on import): each application, and each test, sets its own.
def login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def login_email_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN_EMAIL"]


def checkin_limit() -> str:
    return current_app.config["RATELIMIT_CHECKIN"]


def checkin_failures_limit() -> str:
    return current_app.config["RATELIMIT_CHECKIN_FAILURES"]


def submitted_email() -> str:
    """The e-mail typed in the login form, hashed so that the counters' store holds no address;
    guessing one account's password from many addresses still hits this limit."""
    email = request.form.get("email", "").strip().lower()
    return "email:" + hashlib.sha256(email.encode()).hexdigest()[:24]


def identify_device_limit() -> str:
    return current_app.config["RATELIMIT_IDENTIFY_DEVICE"]


def identify_code_limit() -> str:
    return current_app.config["RATELIMIT_IDENTIFY_CODE"]


def is_failure(response: Response) -> bool:
    """A guess: an answer 400 or 404, or a contact typed that is not one of the session's
    participants (answered like a newcomer, 200, yet a guess all the same: see count_as_miss)."""
    return response.status_code in FAILURE_STATUSES or bool(g.get("identification_miss"))


def count_as_miss() -> None:
    """The contact just typed is nobody of this session: count it with the failures (of the
    address, and of the half-day's code or test link), though the page answers 200."""
    g.identification_miss = True


def device_key() -> str:
    """The phone: the secret of its CSRF session (every form of these pages needs one), hashed;
    a phone that drops its cookies to start afresh is still counted by its address."""
    secret = session.get("csrf_token") or request.remote_addr or ""
    return "device:" + hashlib.sha256(str(secret).encode()).hexdigest()[:24]


def limit_identification(code_key: Callable[[], str]):
    """Limit a view where a participant types their phone or e-mail: per phone (every attempt,
    RATELIMIT_IDENTIFY_DEVICE, shared by the check-in and test pages), and per half-day code or
    test link (`code_key`: the contacts that are nobody of the session, whatever the address,
    RATELIMIT_IDENTIFY_CODE). The address's own brake is the failures' (limit_participant_pages),
    which these misses also count toward."""
    def decorate(view):
        view = limiter.limit(identify_code_limit, key_func=lambda: "code:" + code_key(),
                             scope="identify-code", deduct_when=is_failure,
                             override_defaults=False)(view)
        return limiter.shared_limit(identify_device_limit, scope="identify-device",
                                    key_func=device_key, override_defaults=False)(view)
    return decorate


def init_app(app: Flask) -> None:
    limiter.init_app(app)


def limit_participant_pages(blueprint: Blueprint, scope: str) -> None:
    """Limit a blueprint of the participants' pages (no account, reached from the room): one
    counter per address across all its pages (`scope`), not one per page; and one counter of
    failures per address shared by every such blueprint, since guessing links or contacts counts
    the same on any of them. Each blueprint calls this on itself, in its own module."""
    limiter.shared_limit(checkin_limit, scope=scope)(blueprint)
    # Only failures are counted, after the response is known; once over, every page answers 429.
    limiter.shared_limit(checkin_failures_limit, scope="checkin-failures",
                         deduct_when=is_failure)(blueprint)


def retry_after() -> int:
    """Seconds until the limit that was just exceeded resets (for the Retry-After header)."""
    exceeded = limiter.current_limit
    if exceeded is None:
        return 60
    return max(1, int(exceeded.reset_at - time.time()))
