"""Virus-scan and profile-picture benchmark (issue 14.5): what the checks add to an upload.

    python bench/virusscan.py            # a clamd of its own (tests/clamav.py), EICAR signatures only
    CLAMAV_SOCKET=/run/clamav/clamd.ctl python bench/virusscan.py   # the server's clamd

1. Seconds to stream a file of each size to clamd and read its verdict (site_kb.virusscan.scan),
   the median of 5. With the test database (two signatures) this is the cost of the transfer and
   of clamd's parsers; the official signatures (~8 million) add clamd's matching time on top.
2. The profile picture: peak memory and seconds of Wagtail's own avatar form (resize in the web
   worker) and of site_kb.avatars.AvatarForm (checks, then decoding in the limited worker), each
   in a fresh process on the same pictures.
"""

import io
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
SIZES = [100 * 1024, 1 * MB, 5 * MB, 20 * MB, 30 * MB]
PICTURES = {
    "photo-4000x3000": "picture_bytes('JPEG', size=(4000, 3000), colour=(90, 140, 60))",
    "png-11000x11000": "streamed_png(11000, 11000)",
}


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_kb.settings.test")
    import django

    django.setup()


def scan_figures():
    from django.test import override_settings

    from site_kb import virusscan
    from tests.clamav import EICAR, Clamd

    socket_path = os.environ.get("CLAMAV_SOCKET")
    daemon = None
    if not socket_path:
        started = time.perf_counter()
        daemon = Clamd(stream_max="40M")
        print(f"clamd (test signatures) ready in {time.perf_counter() - started:.2f} s")
        socket_path = daemon.socket
    try:
        with override_settings(CLAMAV_SOCKET=socket_path, CLAMAV_HOST=""):
            print(f"{'size':>10}  {'median s':>9}  {'MB/s':>7}  verdict")
            for size in SIZES:
                data = os.urandom(size - len(EICAR)) + EICAR
                times = []
                for _ in range(5):
                    started = time.perf_counter()
                    found = virusscan.scan(io.BytesIO(data))
                    times.append(time.perf_counter() - started)
                median = statistics.median(times)
                print(f"{size // 1024:>7} KB  {median:>9.3f}  {size / MB / median:>7.0f}  {found}")
    finally:
        if daemon:
            daemon.stop()


def avatar_run(form, case):
    """In a fresh process: clean one avatar upload with ``form``; print seconds and peak RSS."""
    setup_django()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wagtail.admin.forms.account import AvatarPreferencesForm
    from wagtail.users.models import UserProfile

    from site_kb.avatars import AvatarForm
    from tests.editorial.test_image_limits import picture_bytes, streamed_png  # noqa: F401 - used by eval

    data = eval(PICTURES[case])  # noqa: S307 - our own table of builders
    extension = "jpg" if data[:3] == b"\xff\xd8\xff" else "png"
    form_class = {"wagtail": AvatarPreferencesForm, "ours": AvatarForm}[form]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    bound = form_class(
        data={}, files={"avatar": SimpleUploadedFile(f"a.{extension}", data)}, instance=UserProfile()
    )
    try:
        valid = bound.is_valid()
        outcome = "accepted" if valid else "refused: " + " ".join(bound.errors.get("avatar", []))[:60]
    except Exception as error:  # noqa: BLE001 - a crash is a figure too (a 500 for the user)
        outcome = f"error: {type(error).__name__}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        f"{form:<8} {case:<18} {seconds:>6.2f} s  web +{(peak - before) / 1024:>6.0f} MB  "
        f"worker {children / 1024:>5.0f} MB  {len(data) // 1024} KB  {outcome}"
    )


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--avatar":
        avatar_run(sys.argv[2], sys.argv[3])
        return
    setup_django()
    scan_figures()
    print("\nProfile picture: Wagtail's form vs site_kb.avatars (fresh process each)")
    for case in PICTURES:
        for form in ("wagtail", "ours"):
            subprocess.run([sys.executable, __file__, "--avatar", form, case], check=False, cwd=ROOT)  # noqa: S603


if __name__ == "__main__":
    main()
