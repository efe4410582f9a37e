"""Symmetric encryption of small secrets stored in the database (webhook secrets, MFA seeds).

One key ring per purpose: each key material (a ``SECRET_KEY``-like string) is stretched by
HKDF-SHA256 (RFC 5869, no salt, ``info`` = the purpose's fixed context label) into a 32-byte Fernet
key, so the same ``SECRET_KEY`` gives unrelated keys to unrelated purposes. Fernet (``cryptography``)
is AES-128-CBC with an HMAC-SHA256 tag; its tokens are URL-safe base64 starting with
``FERNET_TOKEN_PREFIX`` (version byte ``0x80`` + timestamp). The first key material encrypts; every
one of them decrypts (``MultiFernet``), which is how ``SECRET_KEY_FALLBACKS`` keep old values
readable after a key rotation.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = ["FERNET_TOKEN_PREFIX", "InvalidToken", "derived_fernet", "key_ring", "looks_encrypted"]

#: Every Fernet token starts with these characters (base64 of the version byte 0x80 and the high,
#: still-zero bytes of a 64-bit timestamp); a value without them was never encrypted.
FERNET_TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - a token prefix, not a secret


def derived_fernet(key_material: str, context: bytes) -> Fernet:
    """The Fernet whose key is HKDF-SHA256(``key_material``, info=``context``), 32 bytes."""
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=context).derive(key_material.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def key_ring(key_materials: Iterable[str], context: bytes) -> MultiFernet:
    """A ``MultiFernet`` over ``key_materials`` (first encrypts, all decrypt); empty values are
    skipped; ``ValueError`` when none is left."""
    fernets = [derived_fernet(material, context) for material in key_materials if material]
    if not fernets:
        raise ValueError("No key material to derive an encryption key from.")
    return MultiFernet(fernets)


def looks_encrypted(value: str) -> bool:
    """``True`` when ``value`` has the shape of a Fernet token (prefix only; it may still not decrypt)."""
    return isinstance(value, str) and value.startswith(FERNET_TOKEN_PREFIX)
