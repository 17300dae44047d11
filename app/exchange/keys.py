"""The post's signing key (Ed25519): made when the book is made, kept beside it as
<book>.key, and used to sign every monthly package."""

import base64
import hashlib
import os
import re
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def key_path(book_path: Path) -> Path:
    return Path(f"{book_path}.key")


def signing_key(book_path: Path) -> Ed25519PrivateKey:
    """The post's key, made now if the book has none yet (an older book)."""
    path = key_path(book_path)
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if isinstance(key, Ed25519PrivateKey):
            return key
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
    return key


def public_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def verify(public: str, signature: bytes, message: bytes) -> bool:
    """Whether `signature` is the post's (the base64 public key) over `message`."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public, validate=True))
        key.verify(base64.b64decode(signature, validate=True), message)
    except (ValueError, TypeError, InvalidSignature):  # malformed or wrong: not valid
        return False
    return True


def sign(key: Ed25519PrivateKey, message: bytes) -> bytes:
    return base64.b64encode(key.sign(message))


def fingerprint(public: str) -> str:
    """The short form of a public key, easy to read aloud: 24 letters and digits of its
    SHA-256 in base32 (no 0, 1, 8 or 9 to mistake), in groups of four."""
    digest = hashlib.sha256(base64.b64decode(public, validate=True)).digest()
    text = base64.b32encode(digest[:15]).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_fingerprint(text: str) -> str | None:
    """A fingerprint as typed (any case, spaces or dashes), written the standard way; None if
    it cannot be one."""
    letters = re.sub(r"[\s\-]", "", text or "").upper()
    if not re.fullmatch(r"[A-Z2-7]{24}", letters):
        return None
    return " ".join(letters[i : i + 4] for i in range(0, 24, 4))


def book_fingerprint(book_path: Path) -> str:
    """The fingerprint of the book's own key, as the other side registers it (the key is
    made now if the book has none yet)."""
    return fingerprint(public_text(signing_key(book_path)))


def existing_fingerprint(book_path: Path) -> str:
    """The fingerprint of the book's key, or "" if it has none yet (nothing is written)."""
    try:
        key = serialization.load_pem_private_key(key_path(book_path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError):
        return ""
    return fingerprint(public_text(key)) if isinstance(key, Ed25519PrivateKey) else ""
