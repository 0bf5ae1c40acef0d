"""Upload benchmark (issue 12): what a hostile Word file or picture costs, before and after the limits.

    python bench/uploads.py                      # every case, before and after
    python bench/uploads.py --after-only         # skip the slow, unbounded "before" runs
    python bench/uploads.py --case png-11000 --case reported-27mb --timeout 300

Each measurement runs in a fresh process, so its peak memory is its own. "before" is what the
web worker did without limits: mammoth on the whole file in the worker (``convert_docx``), or
Wagtail's image field and a 165 px admin thumbnail cut from the original. "after" is the path an
upload takes now: the format check and counting (``intake.formats``/``intake.limits``) in the web
worker, then the conversion or decoding in the limited worker process (``site_kb.worker``), then
the thumbnail from the stored (downscaled) picture. Figures: wall-clock seconds, peak RSS of the
web-worker side and peak RSS of the worker processes it started (what a server must have free).
The hostile files are built by the test builders; nothing is stored, no database is needed.
"""

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GB = 1024**3

DOCX_CASES = {
    "reported-27mb": ("many_paragraphs_docx", (450_000,)),  # 151 KB file, 27 MB of XML: 1.4 GB, 158 s
    "giant-paragraph": ("giant_paragraph_docx", (200_000,)),  # 9.4 MB of XML, 200,000 runs
    "huge-table": ("huge_table_docx", (200, 200)),
    "zip-bomb-part": ("padded_part_docx", (90 * 1024 * 1024,)),
    "at-the-limits": ("many_paragraphs_docx", (19_990, 5)),  # accepted: 19,991 paragraphs, 99,951 runs
    "ordinary-news": ("news", ()),
}
IMAGE_CASES = {
    "png-11000": "streamed_png(11000, 11000)",  # 353 KB, 121 Mpx: 4–6 s and +460 MB, listing 14 s 1.1 GB
    "phone-108mpx": "phone_photo()",
    "bomb-30000": "streamed_png(30000, 30000, rows=4)",
    "gif-jar": "picture_bytes('GIF', mode='P', colour=3) + jar_bytes()",
    "ordinary-photo": "picture_bytes('JPEG', size=(4000, 3000), colour=(90, 140, 60))",
}


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_kb.settings.test")
    import django

    django.setup()


def build(case):
    if case in DOCX_CASES:
        from tests import docx_builders

        name, arguments = DOCX_CASES[case]
        if name == "news":
            return docx_builders.docx_bytes(docx_builders.news_document())
        return getattr(docx_builders, name)(*arguments)
    from tests.test_image_limits import jar_bytes, phone_photo, picture_bytes, streamed_png  # noqa: F401

    return eval(IMAGE_CASES[case])  # noqa: S307 - the fixed expressions above


def docx_before(data):
    from intake.conversion import convert_docx

    document = convert_docx(data)
    return f"converted: {len(document.blocks)} blocks"


def docx_after(data):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from intake import importer, limits
    from intake.formats import check_upload

    try:
        check_upload(SimpleUploadedFile("bench.docx", data))
        document = importer.read_document(data)
        limits.check_body(importer.stream_data(document, [0] * len(document.images)))
    except ValidationError as error:
        return "refused: " + " ".join(error.messages)[:90]
    except importer.WordImportError as error:
        return "refused: " + str(error)[:90]
    return f"converted: {len(document.blocks)} blocks"


def thumbnail(data):
    import willow

    picture = willow.Image.open(io.BytesIO(data)).auto_orient()
    width, height = picture.get_size()
    scale = min(165 / width, 165 / height)
    picture.resize((max(int(width * scale), 1), max(int(height * scale), 1))).save_as_png(io.BytesIO())


def image_before(data):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wagtail.images.fields import WagtailImageField

    name = "bench." + {b"\x89P": "png", b"GI": "gif", b"\xff\xd8": "jpg"}[data[:2]]
    started = time.monotonic()
    try:
        WagtailImageField().clean(SimpleUploadedFile(name, data))
    except ValidationError as error:
        return "refused: " + " ".join(error.messages)[:90]
    except Exception as error:  # noqa: BLE001 - the 500 this benchmark shows
        return f"500: {type(error).__name__}"
    upload = time.monotonic() - started
    thumbnail(data)
    return f"accepted as is (upload {upload:.1f} s, then listing thumbnail {time.monotonic() - started - upload:.1f} s)"


def image_after(data):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from editorial.uploads import UploadImageField

    name = "bench." + {b"\x89P": "png", b"GI": "gif", b"\xff\xd8": "jpg"}[data[:2]]
    uploaded = SimpleUploadedFile(name, data)
    try:
        UploadImageField().clean(uploaded)
    except ValidationError as error:
        return "refused: " + " ".join(error.messages)[:90]
    uploaded.seek(0)
    stored = uploaded.read()
    thumbnail(stored)  # made at upload now; the listing only reads it
    return f"accepted, stored {len(stored) // 1024} KB"


def measure(mode, case, path):
    """One measurement, in this (fresh) process, of the file the parent built; prints a JSON line."""
    setup_django()
    data = Path(path).read_bytes()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    kind = "docx" if case in DOCX_CASES else "image"
    outcome = {
        "docx": {"before": docx_before, "after": docx_after},
        "image": {"before": image_before, "after": image_after},
    }[kind][mode](data)
    print(
        json.dumps(
            {
                "seconds": time.monotonic() - started,
                "file_kb": len(data) / 1024,
                "web_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "baseline_mb": baseline / 1024,
                "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "outcome": outcome,
            }
        )
    )


def run(mode, case, path, timeout, memory_cap):
    command = [sys.executable, __file__, "--measure", mode, case, str(path)]

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (memory_cap, memory_cap))

    started = time.monotonic()
    try:
        completed = subprocess.run(  # noqa: S603 - this script, fixed arguments
            command, capture_output=True, timeout=timeout, preexec_fn=cap, cwd=ROOT, check=False
        )
    except subprocess.TimeoutExpired:
        return {"outcome": f"still running after {timeout} s: stopped", "seconds": timeout}
    lines = [line for line in completed.stdout.decode().splitlines() if line.startswith("{")]
    if not lines:
        tail = completed.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["?"]
        return {
            "outcome": f"died ({completed.returncode}) after {time.monotonic() - started:.0f} s "
            f"under a {memory_cap // GB} GB cap: {tail[0][:60]}",
        }
    return json.loads(lines[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=[*DOCX_CASES, *IMAGE_CASES])
    parser.add_argument("--after-only", action="store_true")
    parser.add_argument("--timeout", type=int, default=240, help="seconds before a 'before' run is stopped")
    parser.add_argument("--memory-cap", type=int, default=4, help="GB of address space for each run")
    parser.add_argument("--measure", nargs=3, metavar=("MODE", "CASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(*args.measure)
        return
    modes = ["after"] if args.after_only else ["before", "after"]
    setup_django()
    workdir = Path(tempfile.mkdtemp(prefix="bench-uploads-"))
    print(f"{'case':<16} {'mode':<7} {'file':>8} {'seconds':>8} {'web MB':>7} {'worker MB':>9}  outcome")
    for case in args.case or [*DOCX_CASES, *IMAGE_CASES]:
        path = workdir / case
        path.write_bytes(build(case))
        for mode in modes:
            result = run(mode, case, path, args.timeout, args.memory_cap * GB)
            file_kb = f"{result['file_kb']:.0f} KB" if "file_kb" in result else ""
            seconds = f"{result['seconds']:.1f}" if "seconds" in result else ""
            web = f"{result['web_mb']:.0f}" if "web_mb" in result else ""
            worker = f"{result['worker_mb']:.0f}" if result.get("worker_mb") else "-"
            print(
                f"{case:<16} {mode:<7} {file_kb:>8} {seconds:>8} {web:>7} {worker:>9}  {result['outcome']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
