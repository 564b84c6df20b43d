"""The field kit's archives, as plain bytes: a zip of `manifest.json`, `data.json` and
`signature`. The manifest names the format, its version and the SHA-256 of the data; the
signature covers the manifest's exact bytes, so it covers the data too.

- A kit (central server → laptop) is signed with the server's Ed25519 key: the laptop checks
  it with the public key the manifest carries, and that key against the server it trusts.
- A results package (laptop → central server) is signed with HMAC-SHA256 under the key the
  kit gave the laptop: only the server that made the kit, which kept the key, can check it.

Pure functions: no app, no database. Errors are `PackageError` with a reason code, which the
services turn into a French message."""
from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import zipfile
import zlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey, Ed25519PublicKey,
)

KIT_FORMAT = "trainings-field-kit"
RESULTS_FORMAT = "trainings-field-results"
VERSION = 1
NAMES = ("manifest.json", "data.json", "signature")
# Decompressed: a workshop's records, signatures included, are a few megabytes.
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200


class PackageError(Exception):
    """A package that cannot be used; `reason` says why (see the services' messages)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Package:
    manifest: dict
    manifest_bytes: bytes
    data: dict
    signature: bytes


def canonical(value: dict) -> bytes:
    """JSON with sorted keys and no spaces: the same dict gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def build(manifest: dict, data: dict, sign) -> bytes:
    """The archive of `data` under `manifest` (its data_sha256 added), signed by `sign`."""
    data_bytes = canonical(data)
    manifest = {**manifest, "data_sha256": hashlib.sha256(data_bytes).hexdigest()}
    manifest_bytes = canonical(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("data.json", data_bytes)
        archive.writestr("signature", sign(manifest_bytes))
    return buffer.getvalue()


def read(blob: bytes, expected_format: str) -> Package:
    """Open an archive, refusing anything but the three expected members within their limits,
    a manifest of another format or version, and data that does not match the manifest."""
    members = _members(blob)
    manifest_bytes = members["manifest.json"]
    manifest = _json(manifest_bytes)
    if manifest.get("format") != expected_format:
        raise PackageError("wrong-format")
    if manifest.get("version") != VERSION:
        raise PackageError("wrong-version")
    data_bytes = members["data.json"]
    if hashlib.sha256(data_bytes).hexdigest() != manifest.get("data_sha256"):
        raise PackageError("altered")
    return Package(manifest, manifest_bytes, _json(data_bytes), members["signature"])


def _members(blob: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise PackageError("not-a-package") from None
    if sorted(info.filename for info in infos) != sorted(NAMES):
        raise PackageError("not-a-package")
    members = {}
    for info in infos:
        if (info.file_size > MAX_MEMBER_BYTES
                or info.file_size > MAX_RATIO * max(info.compress_size, 1024)):
            raise PackageError("too-large")
        try:
            members[info.filename] = archive.read(info)
        except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, zlib.error):
            raise PackageError("altered") from None  # zlib.error: a byte changed in a member
    return members


def _json(raw: bytes) -> dict:
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise PackageError("altered") from None
    if not isinstance(value, dict):
        raise PackageError("altered")
    return value


# --- Ed25519: kits ---------------------------------------------------------------------------

def new_signing_key() -> bytes:
    """32 random bytes: an Ed25519 private key, raw."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
        serialization.NoEncryption())


def public_key(private_raw: bytes) -> str:
    """The public key of a raw private key, base64 (what a kit's manifest carries)."""
    public = Ed25519PrivateKey.from_private_bytes(private_raw).public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def kit_signer(private_raw: bytes):
    key = Ed25519PrivateKey.from_private_bytes(private_raw)
    return lambda manifest_bytes: base64.b64encode(key.sign(manifest_bytes))


def kit_signature_valid(package: Package) -> bool:
    """Whether the kit was signed by the key its manifest names (who holds that key is the
    caller's question)."""
    try:
        key = Ed25519PublicKey.from_public_bytes(
            base64.b64decode(str(package.manifest.get("server_key", "")), validate=True))
        key.verify(base64.b64decode(package.signature, validate=True), package.manifest_bytes)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


# --- HMAC: results ---------------------------------------------------------------------------

def results_signer(key_hex: str):
    key = bytes.fromhex(key_hex)
    return lambda manifest_bytes: hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest()


def results_signature_valid(package: Package, key_hex: str) -> bool:
    expected = results_signer(key_hex)(package.manifest_bytes)
    try:
        given = package.signature.decode("ascii")
    except UnicodeDecodeError:
        return False
    return hmac.compare_digest(expected, given)
