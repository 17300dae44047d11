"""The commander's PIN, kept as a salted scrypt digest, never as itself. Imported when a PIN
is set or checked: opening a book needs none of it."""

import base64
import hashlib
import hmac
import secrets

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hashed(pin: str) -> str:
    """What the book keeps of a PIN: scrypt's digest with its salt and parameters."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **_SCRYPT)
    encode = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${encode(salt)}${encode(digest)}"


def matches(pin: str, stored: str) -> bool:
    """Whether `pin` is the one whose digest the book keeps."""
    try:
        _name, n, r, p, salt, digest = stored.split("$")
        computed = hashlib.scrypt(
            str(pin).encode(), salt=base64.b64decode(salt), dklen=32, n=int(n), r=int(r), p=int(p)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed, base64.b64decode(digest))
