"""QR codes as inline SVG (no image files, no JavaScript). Pure: plain data in, markup out."""
from __future__ import annotations

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def qr_matrix(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_version(data: str) -> int:
    """The QR version the data need at error-correction level M (4 or less reads from afar)."""
    return qr_matrix(data).version


def qr_svg(data: str, css_class: str = "qr") -> str:
    """An SVG element that scales to its container; dark modules drawn as one path."""
    image = qr_matrix(data).make_image()
    svg = image.to_string(encoding="unicode")
    # Drop the fixed size in millimetres so that CSS decides; keep the viewBox.
    start = svg.index("<svg")
    end = svg.index(">", start)
    head = svg[start:end]
    for attribute in ("width", "height"):
        marker = f' {attribute}="'
        if marker in head:
            i = head.index(marker)
            j = head.index('"', i + len(marker))
            head = head[:i] + head[j + 1:]
    return f'{head} class="{css_class}" role="img"{svg[end:]}'
