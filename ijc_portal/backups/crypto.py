"""Streaming authenticated encryption of a backup archive (AES-256-GCM, the STREAM construction).

An archive can be larger than memory, so it is encrypted in chunks of ``CHUNK`` bytes. Each chunk is
sealed with AES-GCM under a nonce made of a random per-file prefix, the chunk's number and a flag
that marks the last chunk (Hoang, Reyhanitabar, Rogaway, Vizár, "Online Authenticated-Encryption and
its Nonce-Reuse Misuse-Resistance", CRYPTO 2015): a chunk changed, dropped, reordered or a file cut
short fails to decrypt. The key is 32 random bytes, written in URL-safe base64 (``BACKUP_ENCRYPTION_KEY``)::

    python -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"

File layout: ``MAGIC`` (8 bytes), the nonce prefix (7 bytes), then for each chunk its sealed length
(4 bytes, big-endian) and the sealed chunk (ciphertext and 16-byte tag).
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"IJCBKE1\n"
CHUNK = 1024 * 1024
PREFIX_BYTES = 7
TAG_BYTES = 16


class BackupKeyError(ValueError):
    """The key is missing, malformed, or not the one the archive was encrypted with."""


def load_key(text: str) -> bytes:
    """The 32-byte key from its URL-safe base64 text; ``BackupKeyError`` when it is not one."""
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError) as error:
        raise BackupKeyError("BACKUP_ENCRYPTION_KEY is not URL-safe base64.") from error
    if len(key) != 32:
        raise BackupKeyError("BACKUP_ENCRYPTION_KEY must be 32 bytes (44 characters of URL-safe base64).")
    return key


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")


def is_encrypted(path: os.PathLike | str) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(MAGIC)) == MAGIC


def encrypt_stream(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    """Encrypt all of ``source`` into ``target``."""
    aead = AESGCM(key)
    prefix = os.urandom(PREFIX_BYTES)
    target.write(MAGIC + prefix)
    counter = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        sealed = aead.encrypt(_nonce(prefix, counter, last), chunk, MAGIC)
        target.write(struct.pack(">I", len(sealed)) + sealed)
        if last:
            return
        chunk, counter = following, counter + 1


def decrypt_stream(source: BinaryIO, target: BinaryIO, key: bytes) -> None:
    """Decrypt ``source`` (written by ``encrypt_stream``) into ``target``; ``BackupKeyError`` when the
    key is wrong or the file was changed or cut short."""
    aead = AESGCM(key)
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupKeyError("This file is not an encrypted IJC backup.")
    prefix = source.read(PREFIX_BYTES)
    counter = 0
    header = source.read(4)
    while True:
        if len(header) != 4:
            raise BackupKeyError("The encrypted backup is cut short.")
        (length,) = struct.unpack(">I", header)
        if length < TAG_BYTES or length > CHUNK + TAG_BYTES:
            raise BackupKeyError("The encrypted backup is damaged.")
        sealed = source.read(length)
        header = source.read(4)
        last = not header
        try:
            target.write(aead.decrypt(_nonce(prefix, counter, last), sealed, MAGIC))
        except InvalidTag as error:
            raise BackupKeyError("Wrong BACKUP_ENCRYPTION_KEY, or the backup was changed or cut short.") from error
        if last:
            return
        counter += 1
