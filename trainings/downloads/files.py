"""A file to download and the one way it is sent: as an attachment that no cache keeps (every
download holds personal data); a temporary file streamed and closed (hence deleted) once sent;
a file written while it is sent, piece by piece, with no length announced."""
from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from flask import Response, send_file, stream_with_context

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIMETYPE = "application/pdf"


@dataclass(frozen=True)
class Download:
    """A file ready to send: bytes, an open binary file positioned at its start, or the
    pieces of a file still being written (an iterator of bytes)."""

    content: bytes | IO[bytes] | Iterator[bytes]
    filename: str
    mimetype: str = XLSX_MIMETYPE


def send(download: Download) -> Response:
    content = download.content
    if isinstance(content, bytes):
        response = send_file(io.BytesIO(content), mimetype=download.mimetype,
                             as_attachment=True, download_name=download.filename)
    elif not hasattr(content, "read"):
        # Written while sent: the request's context (database session, language) stays until
        # the last piece; no length, so an interrupted file is seen as such (HTTP/1.1 chunks).
        response = Response(stream_with_context(content), mimetype=download.mimetype, headers={
            "Content-Disposition": f"attachment; filename={download.filename}"})
    else:
        size = os.fstat(content.fileno()).st_size
        response = Response(_chunks(content), mimetype=download.mimetype, headers={
            "Content-Disposition": f"attachment; filename={download.filename}",
            "Content-Length": str(size)})
    # Personal data: no copy in shared caches or in the browser's.
    response.headers["Cache-Control"] = "no-store"
    return response


def _chunks(file: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    """A temporary file sent piece by piece, closed (hence deleted) once sent or abandoned."""
    with file:
        while chunk := file.read(size):
            yield chunk
