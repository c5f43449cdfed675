"""A backup restored into an empty database gives back every row and every file; a damaged
archive, one of a newer schema, or a database holding data is refused, saying why."""

import io
import json
import shutil
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from groundbreak.core.backup import tables_with_rows
from groundbreak.projects import services as project_services

pytestmark = pytest.mark.django_db(transaction=True)


def every_row():
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def every_file(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def site(tmp_path, settings, make_project, city_user):
    """A site with projects, their history, and uploaded files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    project = make_project("530402", name="红塔区凤凰路道路改造工程")
    project_services.update_project(
        project, by=city_user, version=project.version, contact_person="李四"
    )
    for name, data in {
        "imports/2020/红塔区项目清单.xlsx": b"PK\x03\x04 an import's original",
        "photos/2020/site.jpg": b"\xff\xd8\xff a photo",
        "vouchers/凭证.pdf": b"%PDF a voucher",
    }.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    archive = tmp_path / "backup.tar"
    call_command("backup", str(archive), stdout=io.StringIO())
    return archive, settings.MEDIA_ROOT


def rewrite(archive, change):
    """The archive with its manifest (``change(manifest)``) or a file changed."""
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar]
    with tarfile.open(archive, "w") as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_a_restore_into_an_empty_database_gives_back_every_row_and_file(site):
    archive, media = site
    rows, files = every_row(), every_file(media)
    assert rows["projects_historicalproject"]  # the history is part of what comes back
    call_command("flush", interactive=False)  # an empty database, as a new install has
    shutil.rmtree(media)
    assert tables_with_rows() == []
    call_command("restore", str(archive), stdout=io.StringIO())
    assert every_row() == rows  # every table, history included: no row more, none less
    assert every_file(media) == files


def test_the_manifest_lists_the_schema_and_every_file_with_its_checksum(site):
    archive, _media = site
    with tarfile.open(archive) as tar:
        assert tar.getnames()[0] == "manifest.json"
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["vendor"] == connection.vendor and manifest["schema"]["projects"]
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.dump"
    assert {f["path"] for f in manifest["files"]} == {
        database,
        "media/imports/2020/红塔区项目清单.xlsx",
        "media/photos/2020/site.jpg",
        "media/vouchers/凭证.pdf",
    }
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])


def test_a_freshly_migrated_database_is_empty(site):
    """A new install migrates first: the reference lists its migrations write (with no
    history, as a migration writes) are no data."""
    from groundbreak.projects.models import KeyProjectLevel

    archive, _media = site
    call_command("flush", interactive=False)
    KeyProjectLevel.objects.bulk_create([KeyProjectLevel(code="city", name="市重点")])
    assert tables_with_rows() == []
    call_command("restore", str(archive), stdout=io.StringIO())


def test_a_database_holding_data_is_replaced_only_with_force(site):
    archive, _media = site
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    call_command("restore", str(archive), "--force", stdout=io.StringIO())


def test_a_damaged_file_is_refused_and_named(site):
    archive, _media = site

    def damage(name, data):
        return data[:-1] + b"!" if name == "media/photos/2020/site.jpg" else data

    rewrite(archive, damage)
    call_command("flush", interactive=False)
    with pytest.raises(CommandError, match="site.jpg"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_a_backup_of_a_newer_schema_is_refused_and_says_which_migration(site):
    archive, _media = site

    def newer(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["schema"]["projects"] = "9999_from_a_newer_version"
        return json.dumps(manifest).encode()

    rewrite(archive, newer)
    call_command("flush", interactive=False)
    with pytest.raises(CommandError, match="9999_from_a_newer_version"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert tables_with_rows() == []  # nothing was written
