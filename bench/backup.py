"""Backup benchmark (issue 14): archive size, backup time and restore time for the demo site.

    python bench/backup.py                       # the demo site (seed_demo) on SQLite
    python bench/backup.py --pages 50000         # seed_demo --scale 50000: a 50,000-page archive
    python bench/backup.py --db postgres         # the same on a throwaway PostgreSQL database
    python bench/backup.py --encrypt             # with BACKUP_ENCRYPTION_KEY set

A throwaway DATA_DIR (database, media, private attachments, backups) is built with ``migrate``
and ``seed_demo``; then ``manage.py backup`` and ``manage.py restore --noinput`` run in their own
processes, as cron and the IT officer run them. Figures: wall-clock seconds of each command (the
Django start-up included), the archive's size, what it holds, and the peak memory of each run.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
MB = 1024 * 1024


def manage(args, env):
    """Runs ``manage.py args``; (wall seconds, the command's own seconds from its summary, or None,
    peak RSS in MB of that process with pg_dump/pg_restore)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed ({process.returncode})")
    inner = re.findall(r"([0-9]+[.,][0-9]) giây", output)
    return (
        time.perf_counter() - started,
        float(inner[-1].replace(",", ".")) if inner else None,
        usage.ru_maxrss / 1024,
    )


def folder_size(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file() and not p.is_symlink())


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pages", type=int, default=0, help="seed_demo --scale N (generated news pages)")
    parser.add_argument("--encrypt", action="store_true", help="encrypt the archive (BACKUP_ENCRYPTION_KEY)")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench_backup_"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_kb.settings.dev",
        "DEBUG": "0",
        "DATA_DIR": str(workdir),
        "MEDIA_ROOT": str(workdir / "media"),
        "BACKUP_DIR": str(workdir / "backups"),
        "BACKUP_ENCRYPTION_KEY": "bench passphrase" if options.encrypt else "",
    }
    env.pop("PRIVATE_MEDIA_ROOT", None)
    dbname = f"bench_backup_{os.getpid()}"
    if options.db == "postgres":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], check=True)
        env["DATABASE_URL"] = f"{PG}/{dbname}"
    try:
        started = time.perf_counter()
        manage(["migrate", "--noinput"], env)
        seed = ["seed_demo", *(["--scale", str(options.pages)] if options.pages else [])]
        manage(seed, {**env, "DEBUG": "1"})  # seed_demo refuses with DEBUG off
        seeded = time.perf_counter() - started

        backup_seconds, backup_inner, backup_peak = manage(["backup"], env)
        archive = next((workdir / "backups").glob("site_kb-backup-*"))
        size = archive.stat().st_size
        database_size = (workdir / "db.sqlite3").stat().st_size if options.db == "sqlite" else None
        media_size, private_size = folder_size(workdir / "media"), folder_size(workdir / "private")
        members = None
        if not options.encrypt:
            with tarfile.open(archive, "r:gz") as tar:
                manifest = json.load(tar.extractfile("manifest.json"))
            members = manifest["members"]
        restore_seconds, restore_inner, restore_peak = manage(["restore", "--noinput", str(archive)], env)

        print(f"load average:      {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (figures scale with it)")
        print(f"database:          {options.db}{' (encrypted archive)' if options.encrypt else ''}")
        print(
            f"site:              seed_demo{f' --scale {options.pages}' if options.pages else ''} ({seeded:.0f} s to build)"
        )
        if database_size is not None:
            print(f"database file:     {database_size / MB:.1f} MB")
        print(
            f"media / private:   {media_size / MB:.1f} MB / {private_size / MB:.2f} MB (renditions not archived)"
        )
        if members is not None:
            media = sum(1 for name in members if name.startswith("media/"))
            private = sum(1 for name in members if name.startswith("private/"))
            print(f"archive members:   {len(members)} ({media} media, {private} private, 1 database)")
        print(f"archive size:      {size / MB:.1f} MB")
        print(
            f"backup:            {backup_seconds:.1f} s with start-up, {backup_inner} s in the command (peak RSS {backup_peak:.0f} MB)"
        )
        print(
            f"restore:           {restore_seconds:.1f} s with start-up, {restore_inner} s in the command (peak RSS {restore_peak:.0f} MB)"
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if options.db == "postgres":
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname], check=False
            )


if __name__ == "__main__":
    main()
