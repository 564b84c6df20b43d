"""QR codes as inline SVG: small enough to read from the back of a room, sized by CSS."""
from trainings.phone.qr import qr_svg, qr_version


def test_a_typical_check_in_link_fits_version_4_at_level_m():
    url = "http://192.168.100.200:5000/c/AAAAAQAAB9Dx2a5Qy0s3Zg"
    url += "x" * (55 - len(url))
    assert len(url) == 55
    assert qr_version(url) <= 4


def test_the_svg_scales_to_its_container():
    svg = qr_svg("http://192.168.1.20:5000/c/abc", "qr big")
    head = svg[:svg.index(">")]
    assert head.startswith("<svg") and "viewBox=" in head
    assert " width=" not in head and " height=" not in head
    assert 'class="qr big"' in head
