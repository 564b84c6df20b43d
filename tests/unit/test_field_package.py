"""The field kit's archives, without an app: signed, checked, and refused when altered, too big,
of another kind or of another version."""
from __future__ import annotations

import base64
import io
import json
import zipfile

import pytest

from trainings.field import package

KEY = package.new_signing_key()
SECRET = "ab" * 32


def kit(data=None, **manifest) -> bytes:
    head = {"format": package.KIT_FORMAT, "version": package.VERSION,
            "server_key": package.public_key(KEY), **manifest}
    return package.build(head, data or {"session": {"title": "Atelier genre Figuig"}},
                         package.kit_signer(KEY))


def results(data=None, key=SECRET) -> bytes:
    head = {"format": package.RESULTS_FORMAT, "version": package.VERSION}
    return package.build(head, data or {"check_ins": []}, package.results_signer(key))


def rewrite(blob: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, change(name, source.read(name)))
    return out.getvalue()


def reason(blob: bytes, expected=package.KIT_FORMAT) -> str:
    with pytest.raises(package.PackageError) as refused:
        package.read(blob, expected)
    return refused.value.reason


def test_a_kit_reads_back_with_its_data_and_a_valid_signature():
    opened = package.read(kit(), package.KIT_FORMAT)
    assert opened.data == {"session": {"title": "Atelier genre Figuig"}}
    assert package.kit_signature_valid(opened)


def test_the_same_data_gives_the_same_bytes_whatever_the_order_of_keys():
    assert package.canonical({"b": 1, "a": "فاطمة"}) == package.canonical({"a": "فاطمة", "b": 1})


def test_changed_data_no_longer_matches_its_manifest():
    altered = rewrite(kit(), lambda name, raw: raw.replace(b"Figuig", b"Jerada")
                      if name == "data.json" else raw)
    assert reason(altered) == "altered"


def test_a_manifest_changed_and_its_data_rehashed_fails_the_signature():
    def forge(name, raw):
        if name != "manifest.json":
            return raw
        manifest = json.loads(raw)
        manifest["session_id"] = 99
        return package.canonical(manifest)
    opened = package.read(rewrite(kit(), forge), package.KIT_FORMAT)
    assert not package.kit_signature_valid(opened)


def test_a_kit_signed_by_another_key_than_the_one_it_names_is_invalid():
    other = package.new_signing_key()
    blob = package.build({"format": package.KIT_FORMAT, "version": package.VERSION,
                          "server_key": package.public_key(KEY)}, {}, package.kit_signer(other))
    assert not package.kit_signature_valid(package.read(blob, package.KIT_FORMAT))


def test_results_are_checked_with_the_kits_secret_only():
    opened = package.read(results(), package.RESULTS_FORMAT)
    assert package.results_signature_valid(opened, SECRET)
    assert not package.results_signature_valid(opened, "cd" * 32)


@pytest.mark.parametrize("blob, expected", [
    (b"", "not-a-package"),
    (b"PK\x03\x04 broken", "not-a-package"),
    (b"%PDF-1.7", "not-a-package"),
])
def test_what_is_not_a_package_says_so(blob, expected):
    assert reason(blob) == expected


def test_an_extra_member_or_a_missing_one_is_not_a_package():
    def extra():
        out = io.BytesIO()
        source = zipfile.ZipFile(io.BytesIO(kit()))
        with zipfile.ZipFile(out, "w") as archive:
            for name in source.namelist():
                archive.writestr(name, source.read(name))
            archive.writestr("../../etc/passwd", b"x")
        return out.getvalue()
    assert reason(extra()) == "not-a-package"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", b"{}")
    assert reason(out.getvalue()) == "not-a-package"


def test_a_kit_is_not_results_and_results_are_not_a_kit():
    assert reason(kit(), package.RESULTS_FORMAT) == "wrong-format"
    assert reason(results(), package.KIT_FORMAT) == "wrong-format"


def test_another_version_is_refused():
    blob = package.build({"format": package.KIT_FORMAT, "version": 2}, {},
                         package.kit_signer(KEY))
    assert reason(blob) == "wrong-version"


def test_a_compression_bomb_is_refused_before_it_is_inflated():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        archive.writestr("data.json", b" " * (20 * 1024 * 1024))
        archive.writestr("signature", b"")
    assert reason(out.getvalue()) == "too-large"


def test_a_signature_that_is_not_base64_is_invalid_not_an_error():
    def garble(name, raw):
        return b"not base64 !!" if name == "signature" else raw
    opened = package.read(rewrite(kit(), garble), package.KIT_FORMAT)
    assert not package.kit_signature_valid(opened)
    assert base64.b64decode(package.public_key(KEY))  # the public key is base64 of 32 bytes
