"""Static files under the production settings (issue 14.2): what `collectstatic` costs and what
WhiteNoise then sends for the site's and the admin's main CSS and JS.

    python bench/static_files.py

Runs ``manage.py collectstatic --noinput`` with site_kb.settings.production (a throw-away
SECRET_KEY and host) into a temporary STATIC_ROOT, then prints its time, the files written and,
for a few files, the bytes of the original, the gzip copy and the brotli copy.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    "css/site.css",
    "wagtailadmin/css/core.css",
    "wagtailadmin/js/core.js",
    "wagtailadmin/js/vendor.js",
]


def main():
    with tempfile.TemporaryDirectory(prefix="site_kb_static_bench_") as static_root:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_kb.settings.production",
            "SECRET_KEY": "bench-only-not-secret",
            "ALLOWED_HOSTS": "pgd.example.edu.vn",
            "WAGTAILADMIN_BASE_URL": "https://pgd.example.edu.vn",
            "STATIC_ROOT": static_root,
        }
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        elapsed = time.monotonic() - started
        files = [path for path in Path(static_root).rglob("*") if path.is_file()]
        total = sum(path.stat().st_size for path in files)
        print(f"collectstatic (production storage): {elapsed:.1f} s, load average {os.getloadavg()[0]:.1f}")
        print(
            f"files written: {len(files)} ({sum(p.suffix == '.gz' for p in files)} .gz, "
            f"{sum(p.suffix == '.br' for p in files)} .br), {total / 1e6:.1f} MB"
        )
        manifest = json.loads((Path(static_root) / "staticfiles.json").read_text())["paths"]
        print(f"{'file':32} {'bytes':>9} {'gzip':>9} {'brotli':>9}")
        for name in SAMPLES:
            hashed = Path(static_root) / manifest[name]
            sizes = [hashed.stat().st_size] + [
                Path(f"{hashed}.{suffix}").stat().st_size if Path(f"{hashed}.{suffix}").exists() else 0
                for suffix in ("gz", "br")
            ]
            print(f"{name:32} {sizes[0]:>9} {sizes[1]:>9} {sizes[2]:>9}")


if __name__ == "__main__":
    main()
