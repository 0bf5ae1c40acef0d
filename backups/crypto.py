"""Streaming authenticated encryption of a backup archive (AES-256-GCM in 1 MiB chunks).

Fernet would hold the whole archive in memory; here memory stays at one chunk whatever the size
of the site. The key is derived from the passphrase in ``BACKUP_ENCRYPTION_KEY`` with scrypt and
a random salt per archive. Layout::

    header  = MAGIC (8) | salt (16) | nonce prefix (8) | key check (32)
    record  = final flag (1) | ciphertext length (4) | ciphertext (AES-GCM, tag included)

Every record is authenticated together with the header, its index and its final flag, so a
flipped byte, a reordered or dropped record, and a truncated file are all refused; the key check
(a second scrypt output, not the key) tells a wrong key apart from a damaged file.
"""

import hmac
import os
import struct

from django.utils.translation import gettext as _

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"SKBKENC1"
CHUNK_SIZE = 1024 * 1024
SALT_SIZE = 16
PREFIX_SIZE = 8
CHECK_SIZE = 32
HEADER_SIZE = len(MAGIC) + SALT_SIZE + PREFIX_SIZE + CHECK_SIZE
RECORD_HEADER = struct.Struct(">BI")
TAG_SIZE = 16


class ArchiveError(Exception):
    """An archive that cannot be used, with a message for the IT officer (Vietnamese)."""


class WrongKeyError(ArchiveError):
    pass


def derive(passphrase, salt):
    """(AES key, key check) from the passphrase: scrypt makes guessing a weak passphrase costly."""
    raw = Scrypt(salt=salt, length=64, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))
    return raw[:32], raw[32:]


def _aad(header, index, final):
    return header + struct.pack(">QB", index, final)


class EncryptingWriter:
    """A write-only file object: what is written to it reaches ``raw`` encrypted, chunk by chunk."""

    def __init__(self, raw, passphrase):
        self.raw = raw
        salt, self.prefix = os.urandom(SALT_SIZE), os.urandom(PREFIX_SIZE)
        key, check = derive(passphrase, salt)
        self.header = MAGIC + salt + self.prefix + check
        self.aead = AESGCM(key)
        self.buffer = bytearray()
        self.index = 0
        self.closed = False
        raw.write(self.header)

    def write(self, data):
        self.buffer += data
        while len(self.buffer) >= CHUNK_SIZE:
            self._emit(bytes(self.buffer[:CHUNK_SIZE]), final=0)
            del self.buffer[:CHUNK_SIZE]
        return len(data)

    def flush(self):
        self.raw.flush()

    def _emit(self, plain, final):
        nonce = self.prefix + struct.pack(">I", self.index)
        sealed = self.aead.encrypt(nonce, plain, _aad(self.header, self.index, final))
        self.raw.write(RECORD_HEADER.pack(final, len(sealed)) + sealed)
        self.index += 1

    def close(self):
        """Writes the last (final) record; the raw file stays open for its owner to close."""
        if not self.closed:
            self._emit(bytes(self.buffer), final=1)
            self.buffer.clear()
            self.closed = True


class DecryptingReader:
    """A read-only file object giving back the plaintext; refuses any damage as soon as it is read."""

    def __init__(self, raw, passphrase):
        self.raw = raw
        header = raw.read(HEADER_SIZE)
        if len(header) < HEADER_SIZE or not header.startswith(MAGIC):
            raise ArchiveError(_("Tệp không phải bản sao lưu mã hóa của trang hoặc đã bị cắt cụt."))
        salt = header[len(MAGIC) : len(MAGIC) + SALT_SIZE]
        self.prefix = header[len(MAGIC) + SALT_SIZE : len(MAGIC) + SALT_SIZE + PREFIX_SIZE]
        key, check = derive(passphrase, salt)
        if not hmac.compare_digest(check, header[-CHECK_SIZE:]):
            raise WrongKeyError(
                _(
                    "Khóa giải mã (BACKUP_ENCRYPTION_KEY) không đúng với khóa đã mã hóa bản sao lưu này; "
                    "không khôi phục gì."
                )
            )
        self.header = header
        self.aead = AESGCM(key)
        self.buffer = b""
        self.position = 0
        self.index = 0
        self.finished = False

    def _next_record(self):
        head = self.raw.read(RECORD_HEADER.size)
        if len(head) < RECORD_HEADER.size:
            raise ArchiveError(_("Bản sao lưu bị cắt cụt (thiếu phần cuối); không khôi phục gì."))
        final, length = RECORD_HEADER.unpack(head)
        if final not in (0, 1) or length > CHUNK_SIZE + TAG_SIZE:
            raise ArchiveError(_("Bản sao lưu bị hỏng (dữ liệu mã hóa sai cấu trúc); không khôi phục gì."))
        sealed = self.raw.read(length)
        if len(sealed) < length:
            raise ArchiveError(_("Bản sao lưu bị cắt cụt (thiếu phần cuối); không khôi phục gì."))
        nonce = self.prefix + struct.pack(">I", self.index)
        try:
            plain = self.aead.decrypt(nonce, sealed, _aad(self.header, self.index, final))
        except InvalidTag:
            raise ArchiveError(
                _("Bản sao lưu bị hỏng (dữ liệu mã hóa không khớp mã xác thực); không khôi phục gì.")
            ) from None
        self.index += 1
        if final:
            self.finished = True
            if self.raw.read(1):
                raise ArchiveError(_("Bản sao lưu có dữ liệu lạ sau phần cuối; không khôi phục gì."))
        return plain

    def read(self, size=-1):
        if size is None or size < 0:
            parts = [self.buffer[self.position :]]
            while not self.finished:
                parts.append(self._next_record())
            self.buffer, self.position = b"", 0
            return b"".join(parts)
        while len(self.buffer) - self.position < size and not self.finished:
            # Refilled once per record (1 MiB), so small reads do not copy the buffer each time.
            self.buffer, self.position = self.buffer[self.position :] + self._next_record(), 0
        data = self.buffer[self.position : self.position + size]
        self.position += len(data)
        return data

    def readable(self):
        return True
