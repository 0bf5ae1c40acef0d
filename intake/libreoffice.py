"""Turn .doc and .odt files into .docx with LibreOffice, so one converter reads them all (Điều 11.4).

Each run gets its own throw-away LibreOffice profile: two imports at once must not
fight over one profile, and a crashed run must not leave a lock behind. LibreOffice runs
under an address-space cap (LIBREOFFICE_MEMORY_BYTES, set by ``site_kb.worker exec``) and a
timeout that ends its whole process group, so a hostile .doc/.odt cannot take the server's
memory or leave a converter running (issue 12).
"""

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from site_kb.sandbox import PROJECT_ROOT, worker_command

logger = logging.getLogger(__name__)

# The import filter is named, so a damaged file is refused instead of being read as plain text.
INPUT_FILTERS = {"doc": "MS Word 97", "odt": "writer8", "docx": "MS Word 2007 XML"}


class ConversionError(Exception):
    """LibreOffice is missing or could not convert the file; the message is for the editor."""


def soffice_binary():
    """settings.LIBREOFFICE_BINARY if set, else ``soffice`` or ``libreoffice`` on the PATH."""
    configured = getattr(settings, "LIBREOFFICE_BINARY", None)
    if configured:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def run_in_own_group(command, *, timeout, cwd):
    """subprocess.run, but a timeout kills the whole process group: ``soffice`` starts ``soffice.bin``,
    which a plain kill of the first process would leave running."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    with subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # anything it left behind
            except ProcessLookupError:
                pass
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def convert(data, source_extension, target_extension="docx"):
    """The bytes of ``data`` (a .doc/.odt/.docx file) converted to ``target_extension``."""
    binary = soffice_binary()
    if not binary:
        raise ConversionError(
            _(
                "Máy chủ chưa cài LibreOffice nên chưa đọc được tệp .%(extension)s. Hãy mở tệp bằng Word, "
                "chọn Lưu thành (Save As) định dạng .docx rồi tải lên tệp .docx."
            )
            % {"extension": source_extension}
        )
    timeout = settings.LIBREOFFICE_TIMEOUT_SECONDS
    with tempfile.TemporaryDirectory(prefix="intake-soffice-") as workdir:
        work = Path(workdir)
        source = work / f"input.{source_extension}"
        source.write_bytes(data)
        outdir = work / "out"
        outdir.mkdir()
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"--infilter={INPUT_FILTERS[source_extension]}",
            "--convert-to",
            target_extension,
            "--outdir",
            str(outdir),
            str(source),
        ]
        memory = settings.LIBREOFFICE_MEMORY_BYTES  # a 1 MB .doc converts in about 210 MB
        limited = worker_command("exec", *command, memory_bytes=memory, cpu_seconds=timeout)
        try:
            completed = run_in_own_group(limited, timeout=timeout, cwd=workdir)
        except subprocess.TimeoutExpired as error:
            logger.warning("LibreOffice timed out after %ss converting a .%s file", timeout, source_extension)
            raise ConversionError(
                _(
                    "LibreOffice chuyển đổi tệp quá lâu (hơn %(seconds)s giây); tệp có thể bị hỏng hoặc quá nặng."
                )
                % {"seconds": timeout}
            ) from error
        except OSError as error:
            logger.warning("LibreOffice could not start: %s", error)
            raise ConversionError(_("Không chạy được LibreOffice trên máy chủ để chuyển đổi tệp.")) from error
        target = outdir / f"input.{target_extension}"
        if completed.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            logger.warning(
                "LibreOffice failed (%s) converting a .%s file: %s",
                completed.returncode,
                source_extension,
                completed.stderr.decode(errors="replace")[-500:],
            )
            raise ConversionError(
                _(
                    "LibreOffice không chuyển được tệp .%(extension)s này (tệp có thể bị hỏng hoặc có mật khẩu). "
                    "Hãy mở tệp bằng Word, lưu lại thành .docx rồi tải lên."
                )
                % {"extension": source_extension}
            )
        return target.read_bytes()
