"""Backups (备份): the database and the uploaded files in one .tar, and their restore.

The archive holds ``manifest.json`` first (the schema as the latest applied migration of each
app, the app's version, when, the database vendor, and every file with its SHA-256), then
``database.sqlite3`` (SQLite's online backup API: a consistent copy while the site runs) or
``database.dump`` (pg_dump's custom format), then ``media/…``: the originals of imports, photos
and vouchers. A restore checks every checksum, refuses an archive whose schema has a migration
this code does not know, and refuses to write over a database holding data unless forced. It
copies the database as it was: no history rows are added.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
# Tables migrate fills by itself: a database holding only these is empty.
BOOKKEEPING = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group",
    # the default warning rules a migration writes, with their history
    "alerts_historicalrule",
    "alerts_historicalrulelevel",
    # the default start weights, document kinds and financing channels written after migrate
    "planning_historicalstartweight",
    "finance_historicaldocumentkind",
    "finance_historicalchannel",
    "finance_historicalchannel_required_documents",
}


class BackupError(Exception):
    """A backup that cannot be made or restored, with the reason in the user's language."""


def _sha256(path):
    with open(path, "rb") as handle:
        return _sha256_of(handle)


def _sha256_of(handle):
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def applied_schema():
    """{app label: the name of its latest applied migration}."""
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if app not in latest or name > latest[app]:
            latest[app] = name
    return dict(sorted(latest.items()))


def _version():
    try:
        return metadata.version("groundbreak")
    except metadata.PackageNotFoundError:
        return "unknown"


def _dump_database(target):
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    elif vendor == "postgresql":
        _pg("pg_dump", "--format=custom", "--no-owner", f"--file={target}")
    else:
        raise BackupError(
            _("Backups know SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor}
        )


def _pg(program, *arguments):
    """Run pg_dump or pg_restore on the site's database (its settings, password by environment)."""
    db = connection.settings_dict
    command = [program, *arguments, f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        command.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        command.append(f"--port={db['PORT']}")
    if db.get("USER"):
        command.append(f"--username={db['USER']}")
    environment = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    done = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise BackupError(f"{program}: {done.stderr.strip()}")


def _media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def create_backup(archive):
    """Write the database and MEDIA_ROOT to the .tar ``archive``; returns the manifest."""
    archive = Path(archive)
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="groundbreak-backup-") as work:
        dump = Path(work) / DUMPS.get(connection.vendor, "database")
        _dump_database(dump)
        entries = [(dump.name, dump)] + [
            ("media/" + path.relative_to(root).as_posix(), path) for path in _media_files()
        ]
        manifest = {
            "format": FORMAT,
            "app_version": _version(),
            "created_at": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "schema": applied_schema(),
            "files": [
                {"path": name, "size": path.stat().st_size, "sha256": _sha256(path)}
                for name, path in entries
            ],
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            for name, path in entries:
                tar.add(path, arcname=name, recursive=False)
        partial.replace(archive)  # a crash leaves no archive that looks whole
    return manifest


def read_manifest(archive):
    with tarfile.open(archive, "r") as tar:
        try:
            return json.load(tar.extractfile(MANIFEST))
        except KeyError:
            raise BackupError(
                _("%(file)s is not a Groundbreak backup: it has no manifest.") % {"file": archive}
            ) from None


def check_archive(archive):
    """The manifest, once the archive has been checked: every file it lists is there with its
    checksum, nothing else is, and its schema is one this code knows. Raises BackupError."""
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("This backup's format (%(format)s) is not one this version reads.")
            % {"format": manifest.get("format")}
        )
    if manifest.get("vendor") != connection.vendor:
        raise BackupError(
            _("This backup is of a %(archive)s database; this site runs on %(site)s.")
            % {"archive": manifest.get("vendor"), "site": connection.vendor}
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app, name in manifest.get("schema", {}).items():
        if (app, name) not in known:
            raise BackupError(
                _(
                    "This backup comes from a newer version: its database has migration %(migration)s of %(app)s, which this code does not know. Install the version that made it (%(version)s) or later, then restore."
                )
                % {"migration": name, "app": app, "version": manifest.get("app_version")}
            )
    listed = {entry["path"]: entry for entry in manifest.get("files", [])}
    with tarfile.open(archive, "r") as tar:
        seen = set()
        for member in tar:
            if member.name == MANIFEST:
                continue
            entry = listed.get(member.name)
            if entry is None or not member.isfile() or not _safe(member.name):
                raise BackupError(
                    _("The backup holds %(file)s, which its manifest does not list.")
                    % {"file": member.name}
                )
            if _sha256_of(tar.extractfile(member)) != entry["sha256"]:
                raise BackupError(
                    _(
                        "%(file)s in the backup is damaged: its checksum differs from the manifest's."
                    )
                    % {"file": member.name}
                )
            seen.add(member.name)
    missing = sorted(set(listed) - seen)
    if missing:
        raise BackupError(_("The backup lacks %(files)s.") % {"files": ", ".join(missing[:5])})
    return manifest


def _safe(name):
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts


def tables_with_rows():
    """The tables of the site's database that hold people's data. Migrate's bookkeeping aside,
    and the rows of a model with a history count through its history table: the reference
    lists a migration writes (sectors, key-project levels) leave none, while anything a person
    registered or changed does."""
    from simple_history.models import registered_models

    tables = set(connection.introspection.table_names())
    return sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in tables
        and model._meta.db_table not in BOOKKEEPING
        and model._meta.db_table not in registered_models
        and model._base_manager.exists()
    )


def restore_backup(archive, *, force=False):
    """Replace the site's database and add the archive's uploaded files to MEDIA_ROOT. Refused
    (BackupError, saying why) for a damaged archive, a newer schema, another vendor, or a
    database holding data unless ``force``. Returns the manifest."""
    manifest = check_archive(archive)
    full = tables_with_rows()
    if full and not force:
        raise BackupError(
            _(
                "The database is not empty (%(tables)s hold data): restore over it only with --force."
            )
            % {"tables": ", ".join(full[:5]) + ("…" if len(full) > 5 else "")}
        )
    root = Path(settings.MEDIA_ROOT)
    with (
        tempfile.TemporaryDirectory(prefix="groundbreak-restore-") as work,
        tarfile.open(archive, "r") as tar,
    ):
        tar.extractall(work, filter="data")
        dump = Path(work) / DUMPS[manifest["vendor"]]
        if manifest["vendor"] == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(dump)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            _pg(
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                str(dump),
            )
        media = Path(work) / "media"
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    target = root / path.relative_to(media)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target)
    return manifest
