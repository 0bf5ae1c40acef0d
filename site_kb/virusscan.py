"""Every upload streamed to ClamAV's daemon before anything is kept (Điều 4: the IT officer
protects the site against viruses and malicious code).

The site publishes what units upload (documents, pictures, Word imports) and keeps what readers
attach; a file that carries malware would be handed on to every reader under the office's name.
When ``CLAMAV_SOCKET`` (clamd's unix socket) or ``CLAMAV_HOST`` (its TCP address) is set, each
upload is sent to clamd with its INSTREAM command: ``zINSTREAM\\0``, the bytes in chunks each
prefixed by its length (4 bytes, big-endian), a zero-length chunk, then one reply:
``stream: OK`` or ``stream: <signature> FOUND``. Nothing else is read from clamd, so no client
library is needed (python-clamd, the usual one, has had no release since 2014).

Fail closed: when clamd is configured but cannot be reached, times out or answers anything else,
the upload is refused and the error is logged; a virus scanner that is down must not let files
through unseen. When nothing is configured, no file is scanned.
"""

import logging
import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
REPLY_MAX = 4096

INFECTED = _("Tệp bị phát hiện có mã độc (%(name)s) nên không được lưu. Hãy quét virus trên máy của bạn.")
UNAVAILABLE = _(
    "Hiện không kiểm tra được virus cho tệp này nên hệ thống chưa nhận tệp. Hãy thử lại sau ít "
    "phút; nếu vẫn lỗi, hãy báo cán bộ quản trị hệ thống."
)
TOO_LARGE_TO_SCAN = _("Tệp quá lớn để kiểm tra virus (tối đa %(limit)s) nên không được lưu.")


class ScanUnavailable(Exception):
    """clamd is configured but gave no verdict: unreachable, timed out, or an error reply."""


class TooLargeToScan(ScanUnavailable):
    """The file is larger than clamd accepts in one stream (its StreamMaxLength)."""


def configured():
    return bool(settings.CLAMAV_SOCKET or settings.CLAMAV_HOST)


def _connect():
    timeout = settings.CLAMAV_TIMEOUT_SECONDS
    if settings.CLAMAV_SOCKET:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        try:
            connection.connect(settings.CLAMAV_SOCKET)
        except BaseException:
            connection.close()
            raise
        return connection
    return socket.create_connection((settings.CLAMAV_HOST, settings.CLAMAV_PORT), timeout=timeout)


def _read_reply(connection):
    reply = b""
    while not reply.endswith(b"\0") and len(reply) < REPLY_MAX:
        data = connection.recv(REPLY_MAX)
        if not data:
            break
        reply += data
    return reply.rstrip(b"\0").decode("utf-8", errors="replace").strip()


def ping():
    """True when clamd answers PING with PONG (used by tests and by the IT officer's checks)."""
    try:
        with _connect() as connection:
            connection.sendall(b"zPING\0")
            return _read_reply(connection) == "PONG"
    except OSError:
        return False


def scan(fileobj):
    """The signature name clamd finds in ``fileobj``, or None when it is clean.

    Raises ScanUnavailable when there is no verdict (TooLargeToScan above CLAMAV_STREAM_MAX_BYTES).
    The file is read in chunks from its start and rewound afterwards.
    """
    limit = settings.CLAMAV_STREAM_MAX_BYTES
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(0)
    if size > limit:
        raise TooLargeToScan(f"{size} bytes > CLAMAV_STREAM_MAX_BYTES {limit}")
    try:
        with _connect() as connection:
            try:
                connection.sendall(b"zINSTREAM\0")
                while chunk := fileobj.read(CHUNK):
                    connection.sendall(struct.pack(">I", len(chunk)) + chunk)
                connection.sendall(struct.pack(">I", 0))
            except (BrokenPipeError, ConnectionResetError):
                pass  # clamd stops reading past its StreamMaxLength and says why: read the reply
            reply = _read_reply(connection)
    except OSError as error:  # refused, missing socket, timeout (socket.timeout is an OSError)
        raise ScanUnavailable(f"clamd: {error}") from error
    finally:
        fileobj.seek(0)
    if reply == "stream: OK":
        return None
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        return reply[len("stream: ") : -len(" FOUND")].strip()
    if "size limit exceeded" in reply:
        raise TooLargeToScan(f"clamd: {reply}")
    raise ScanUnavailable(f"clamd answered {reply!r}")


def check_upload(upload):
    """Raise ValidationError (Vietnamese) unless clamd, when configured, finds ``upload`` clean.

    Called by every form a file enters through (site_kb.documents, editorial.uploads, site_kb.avatars,
    intake.formats, feedback.forms), after the content checks, before anything is stored.
    """
    if not configured():
        return
    name = getattr(upload, "name", "") or ""
    try:
        found = scan(upload)
    except TooLargeToScan as error:
        logger.error("Upload %r refused: too large for the virus scan (%s)", name, error)
        raise ValidationError(
            TOO_LARGE_TO_SCAN,
            params={"limit": filesizeformat(settings.CLAMAV_STREAM_MAX_BYTES)},
            code="virus_scan_too_large",
        ) from error
    except ScanUnavailable as error:
        logger.error("Upload %r refused: the virus scan is unavailable (%s)", name, error)
        raise ValidationError(UNAVAILABLE, code="virus_scan_unavailable") from error
    if found:
        logger.warning("Upload %r refused: clamd found %s", name, found)
        raise ValidationError(INFECTED, params={"name": found}, code="virus_found")
