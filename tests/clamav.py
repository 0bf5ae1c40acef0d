"""A real clamd on loopback for the tests, with a signature database written here (no network for
freshclam): the EICAR test string as an MD5 hash signature (the whole file) and as a body
signature (found inside a PDF, a PNG chunk, a JPEG comment, a zip member)."""

import hashlib
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
BODY_SIGNATURE = "Test.EICAR-Body"
HASH_SIGNATURE = "Test.EICAR-Hash"
UNOFFICIAL = ".UNOFFICIAL"  # what clamd adds to the name of a signature not from ClamAV
STREAM_MAX = "1M"  # small, so the tests can cross it with a 2 MB file


def clamd_binary():
    return shutil.which("clamd") or next(
        (path for path in ("/usr/sbin/clamd", "/usr/local/sbin/clamd") if Path(path).exists()), None
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Clamd:
    """clamd in the foreground, its socket, TCP port and database in a temporary folder."""

    def __init__(self, stream_max=STREAM_MAX):
        self.folder = Path(tempfile.mkdtemp(prefix="clamd_test_"))
        database = self.folder / "db"
        database.mkdir()
        (database / "test.ndb").write_text(f"{BODY_SIGNATURE}:0:*:{EICAR.hex()}\n")
        (database / "test.hdb").write_text(
            f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:{HASH_SIGNATURE}\n"
        )  # noqa: S324 - ClamAV's format
        self.socket = str(self.folder / "clamd.sock")
        self.port = free_port()
        # No User directive: clamd runs as whoever starts it (root in CI, a developer here).
        (self.folder / "clamd.conf").write_text(
            "Foreground yes\n"
            f"LocalSocket {self.socket}\n"
            f"TCPSocket {self.port}\n"
            "TCPAddr 127.0.0.1\n"
            f"DatabaseDirectory {database}\n"
            f"StreamMaxLength {stream_max}\n"
            f"LogFile {self.folder / 'clamd.log'}\n"
            "LogSyslog no\n"
            "SelfCheck 0\n"
        )
        self.process = subprocess.Popen(  # noqa: S603 - clamd with our own config
            [clamd_binary(), "--config-file", str(self.folder / "clamd.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_ready()

    def wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.folder / "clamd.log"
                raise RuntimeError(f"clamd ended: {log.read_text() if log.exists() else '(no log)'}")
            try:
                with socket.socket(socket.AF_UNIX) as connection:
                    connection.settimeout(2)
                    connection.connect(self.socket)
                    connection.sendall(b"zPING\0")
                    if connection.recv(16) == b"PONG\0":
                        return
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("clamd did not answer PING within a minute")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
