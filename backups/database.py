"""Dumping and loading the configured database: pg_dump/pg_restore on PostgreSQL, SQLite's
online backup API on SQLite (a consistent copy while the site keeps running).

The PostgreSQL password reaches the tools through ``PGPASSWORD`` in their environment, never on
the command line, where every user of the machine could read it in the process list.
"""

import os
import sqlite3
import subprocess

from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from .crypto import ArchiveError

ENGINES = {"postgresql": "database/postgresql.dump", "sqlite": "database/sqlite3.db"}


def engine_of(connection):
    if connection.vendor not in ENGINES:
        raise ArchiveError(
            _("Chỉ sao lưu được PostgreSQL và SQLite, không phải %(vendor)s.") % {"vendor": connection.vendor}
        )
    return connection.vendor


def _pg_arguments(settings_dict):
    arguments = ["--dbname", settings_dict["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments += [option, str(settings_dict[key])]
    return arguments


def _pg_environment(settings_dict):
    environment = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = settings_dict["PASSWORD"]
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        environment["PGSSLMODE"] = options["sslmode"]
    return environment


def _run(command, settings_dict, tool):
    try:
        result = subprocess.run(  # noqa: S603 (fixed program, arguments from settings)
            command, env=_pg_environment(settings_dict), capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise ArchiveError(
            _("Không tìm thấy chương trình %(tool)s: cài gói postgresql-client cùng phiên bản máy chủ.")
            % {"tool": tool}
        ) from None
    if result.returncode != 0:
        raise ArchiveError(
            _("%(tool)s báo lỗi (mã %(code)s): %(error)s")
            % {"tool": tool, "code": result.returncode, "error": result.stderr.strip()[-2000:]}
        )


def dump(connection, destination):
    """Writes the whole database to ``destination`` (a path); returns the archive member name."""
    engine = engine_of(connection)
    if engine == "postgresql":
        settings_dict = connection.settings_dict
        _run(
            ["pg_dump", "--format=custom", "--file", str(destination), *_pg_arguments(settings_dict)],
            settings_dict,
            "pg_dump",
        )
    else:
        if connection.in_atomic_block:
            # SQLite's backup API would wait forever for the lock this transaction holds.
            raise ArchiveError(_("Không sao lưu được SQLite từ bên trong một giao dịch đang mở."))
        connection.ensure_connection()
        target = sqlite3.connect(destination)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    return ENGINES[engine]


def load(connection, source):
    """Replaces the configured database's content with the dump at ``source``.

    PostgreSQL: in one transaction (``--single-transaction --exit-on-error``), so a failing restore
    leaves the database as it was. SQLite: the backup API in reverse, page by page, under SQLite's
    own lock, so the file is never half-copied by hand.
    """
    engine = engine_of(connection)
    if engine == "postgresql":
        settings_dict = connection.settings_dict
        connections.close_all()  # no session of ours holds a lock the restore must take
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *_pg_arguments(settings_dict),
                str(source),
            ],
            settings_dict,
            "pg_restore",
        )
    else:
        connection.ensure_connection()
        staged = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            staged.backup(connection.connection)
        finally:
            staged.close()
    connections.close_all()  # the next query sees the restored database afresh


def _latest(nodes, graph):
    """The applied migrations of one app that no other applied one of that app follows."""
    latest = []
    for node in nodes:
        children = {child for child in graph.node_map[node].children if child[0] == node[0]}
        if not children & nodes:
            latest.append(node[1])
    return "+".join(sorted(latest))


def applied_schema(connection):
    """{app label: latest applied migration} in the database: the backup's schema version."""
    loader = MigrationLoader(connection)
    applied = {node for node in loader.applied_migrations if node in loader.graph.nodes}
    by_app = {}
    for node in applied:
        by_app.setdefault(node[0], set()).add(node)
    return {app: _latest(nodes, loader.graph) for app, nodes in sorted(by_app.items())}


def code_schema():
    """{app label: last migration} of this code: what a restored database must be at."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    by_app = {}
    for app, name in loader.graph.leaf_nodes():
        by_app.setdefault(app, []).append(name)
    return {app: "+".join(sorted(names)) for app, names in sorted(by_app.items())}


def schema_differences(archived, current):
    """Sentences naming each app whose migration differs (empty when the schemas are equal)."""
    missing = _("không có")
    return [
        _("%(app)s: bản sao lưu ở %(archived)s, mã nguồn ở %(current)s")
        % {"app": app, "archived": archived.get(app, missing), "current": current.get(app, missing)}
        for app in sorted(set(archived) | set(current))
        if archived.get(app) != current.get(app)
    ]
