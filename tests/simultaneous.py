"""Many phones sending the same form at the same instant, against the live server: the
statuses they get, redirects not followed."""
from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def simultaneous_posts(url: str, form: dict, times: int) -> list[int]:
    """POST the form `times` times at once (threads released together); each answer's status."""
    body = urllib.parse.urlencode(form).encode()
    start = threading.Barrier(times)
    opener = urllib.request.build_opener(_NoRedirect)

    def post(_):
        start.wait(timeout=30)
        try:
            with opener.open(url, data=body, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(post, range(times)))
