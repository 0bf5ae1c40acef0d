"""The limited worker process for the heavy part of an upload (issue 12, Điều 11.4).

``python -m site_kb.worker --memory BYTES --cpu SECONDS TASK [OPTIONS_JSON]`` reads one file on
standard input and writes one JSON object on standard output. Before anything else it caps its
own address space (RLIMIT_AS) and CPU time (RLIMIT_CPU), so a zip bomb, a decompression bomb or a
parser that runs away ends this process, and the upload is refused; the web worker never holds
the document's tree or the decoded pixels. ``exec`` applies the same caps and then becomes the
given program (LibreOffice), without ``preexec_fn``, which is unsafe in a threaded web server.

No Django here: starting it costs the Python start-up and the converter's imports only.
"""

import argparse
import base64
import importlib
import json
import os
import resource
import sys
import traceback


def apply_limits(memory_bytes, cpu_seconds):
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def image_task(data, options):
    from PIL import Image

    from site_kb.pictures import PictureError, normalise

    Image.MAX_IMAGE_PIXELS = options["max_pixels"]
    try:
        picture = normalise(data, max_side=options["max_side"], max_pixels=options["max_pixels"])
    except PictureError as error:
        return {"error": error.code}
    return {
        "format": picture.format,
        "width": picture.width,
        "height": picture.height,
        "data": base64.b64encode(picture.data).decode() if picture.changed else None,
    }


# The core's own tasks by name; an app's task is named "package.module:function" (intake's Word
# conversion: "intake.worker_tasks:docx_task"), imported only in the worker that runs it.
TASKS = {"image": image_task}


def find_task(name):
    if name in TASKS:
        return TASKS[name]
    module, _colon, function = name.partition(":")
    return getattr(importlib.import_module(module), function)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m site_kb.worker")
    parser.add_argument("--memory", type=int, required=True, help="address-space limit in bytes")
    parser.add_argument("--cpu", type=int, required=True, help="CPU-time limit in seconds")
    parser.add_argument("task", help='"exec", a task name (image) or "package.module:function"')
    parser.add_argument("arguments", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    apply_limits(args.memory, args.cpu)
    if args.task == "exec":
        os.execv(args.arguments[0], args.arguments)  # noqa: S606 - the caller's fixed command line
    options = json.loads(args.arguments[0]) if args.arguments else {}
    data = sys.stdin.buffer.read()
    try:
        result = find_task(args.task)(data, options)
    except MemoryError:
        result = {"error": "memory"}
    except Exception:  # noqa: BLE001 - any parser failure: the file cannot be read
        traceback.print_exc(limit=5)
        result = {"error": "unreadable"}
    sys.stdout.buffer.write(json.dumps(result).encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
