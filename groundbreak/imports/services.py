"""Use cases of the import engine: hand in a file, preview it, decide, confirm.

Every import is previewed first and written only when a user confirms; the write happens in one
transaction, after reading the file again and checking that nothing changed since the preview.
"""

import logging
import time
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.accounts.models import Role
from groundbreak.core.memory import without_cycle_collector
from groundbreak.imports.columns import split_unit
from groundbreak.imports.models import HeaderSynonym, ImportRecord, ImportStatus
from groundbreak.imports.preview import changed_rows
from groundbreak.imports.reader import SUFFIXES, read_grids
from groundbreak.imports.registry import handler_for
from groundbreak.imports.table import first_table

log = logging.getLogger(__name__)


def _clean_options(kind, options):
    """The options a kind takes, checked by the kind (e.g. the period of a monthly table)."""
    return handler_for(kind).clean_options(options or {})


def may_import_into(user, region):
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.role == Role.CITY:
        return True
    return (
        user.role == Role.COUNTY
        and user.region_id is not None
        and region.pk in user.region.descendant_ids()
    )


def _new_record(*, kind, region, content, filename, by, decisions, options):
    """Check the user and the file, and keep the file with a new import record."""
    if not may_import_into(by, region):
        raise PermissionDenied(_("You may not import into %(region)s.") % {"region": region})
    options = _clean_options(kind, options)
    filename = PurePath(filename or "upload").name
    if PurePath(filename).suffix.lower() not in SUFFIXES:
        raise ValidationError(
            _("%(name)s is not a spreadsheet we read: use .xlsx, .xls, .ods or .csv.")
            % {"name": filename}
        )
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.IMPORT_MAX_BYTES // 2**20}
        )
    if not content:
        raise ValidationError(_("The file is empty."))
    record = ImportRecord(
        kind=kind,
        region=region,
        filename=filename,
        sha256=ImportRecord.digest(content),
        created_by=by,
        options=options,
    )
    record.file.save(filename, ContentFile(content), save=False)
    record.preview = {"decisions": {str(k): v for k, v in (decisions or {}).items()}}
    record.save()
    return record


def start_import(*, kind, region, content, filename, by, decisions=None, options=None):
    """Keep the file with a new import record and read it into a preview (a background job),
    returning the record. ``options``: {"period": <ReportingPeriod pk>}
    for reports and statistics."""
    record = _new_record(
        kind=kind,
        region=region,
        content=content,
        filename=filename,
        by=by,
        decisions=decisions,
        options=options,
    )
    # A background job (groundbreak worker; at once under TASKS_IMMEDIATE). Its row is written
    # in the caller's transaction, so a worker never sees a job whose import rolled back.
    from groundbreak.imports.tasks import preview_import_task

    if preview_import_task.enqueue(record.pk).is_finished:
        record.refresh_from_db()  # read already (immediate backend): hand back the preview
    return record


def import_now(*, on_progress=None, **upload):
    """Preview a file and, unless a row is refused or waits for a choice, write it at once, all
    or nothing: the console's import, where running the command without --dry-run is the
    confirmation. ``upload``: the arguments of ``start_import``. The record keeps the file, the
    preview and the result as any import's does."""
    record = _new_record(**{"decisions": None, "options": None, **upload})
    with without_cycle_collector():
        plan, record = _preview(record, on_progress=on_progress, content=upload["content"])
        if record.status == ImportStatus.PREVIEWED:
            with transaction.atomic():
                _apply(record, plan, by=record.created_by)
        del plan  # freed before the collector resumes (see core.memory)
    return record


def read_plan(
    content, filename, *, kind, region, by, decisions=None, on_progress=None, options=None
):
    """Read a file and plan its import without keeping anything: (plan, preview)."""
    handler = handler_for(kind)
    options = _clean_options(kind, options)
    extra = {**handler.synonyms, **HeaderSynonym.for_region(region)}
    with without_cycle_collector():
        with read_grids(content, filename) as grids:  # a child process reads meanwhile
            prepared = handler.prepare(region=region, by=by, options=options)
            table = first_table(grids, extra=extra)
        plan = handler.plan(
            table,
            region=region,
            by=by,
            decisions=decisions or {},
            on_progress=on_progress,
            options=options,
            **prepared,
        )
        return plan, handler.to_preview(plan)


def _plan(record, on_progress=None, content=None):
    """Plan the record's file; ``content``: the file as just handed in, so that it is not read
    back from storage (and checked against the preview's digest) in the same call."""
    if content is None:
        record.file.open("rb")
        try:
            content = record.file.read()
        finally:
            record.file.close()
        if ImportRecord.digest(content) != record.sha256:
            raise ValidationError(_("The stored file is not the one that was previewed."))
    decisions = (record.preview or {}).get("decisions") or {}
    return read_plan(
        content,
        record.filename,
        kind=record.kind,
        region=record.region,
        by=record.created_by,
        decisions=decisions,
        on_progress=on_progress,
        options=record.options,
    )


def preview_import(record, *, decisions=None, on_progress=None):
    """(Re)read the file and store what an import would do. ``decisions`` maps a row number to a
    project id or "new", for rows whose name is close to existing projects."""
    with without_cycle_collector():
        plan, record = _preview(record, decisions=decisions, on_progress=on_progress)
        del plan  # freed before the collector resumes (see core.memory)
    return record


def _preview(record, *, decisions=None, on_progress=None, content=None):
    """(the plan, the record with its preview stored); the plan is None if the file was refused."""
    if record.status == ImportStatus.APPLIED:
        raise ValidationError(_("This import has been applied already."))
    stored = dict(record.preview or {})
    merged = {**stored.get("decisions", {}), **{str(k): v for k, v in (decisions or {}).items()}}

    last_write = [0.0]

    def progress(done, total):
        # The page polls about once a second: write the figure at most twice a second.
        if time.monotonic() - last_write[0] >= 0.5 and done < total:
            last_write[0] = time.monotonic()
            percent = int(done * 100 / total) if total else 100
            ImportRecord.objects.filter(pk=record.pk).update(progress=percent)
        if on_progress:
            on_progress(done, total)

    record.preview = {"decisions": merged}
    try:
        plan, preview = _plan(record, progress, content)
    except Exception as error:
        # Any failure to read the file ends the import with a message, never half-way ("reading"
        # for ever) or as a server error; one that is not a refusal of ours is logged as a bug.
        if isinstance(error, ValidationError):
            message = " ".join(error.messages)
        else:
            log.exception("import %s could not be read", record.pk)
            message = _("The file could not be read: %(error)s") % {"error": error}
        record.status, record.error, record.progress = ImportStatus.FAILED, message, 100
        record.save(update_fields=["status", "error", "progress", "preview"])
        return None, record
    preview["decisions"] = merged
    record.preview = preview
    totals = preview["totals"]
    record.status = (
        ImportStatus.REFUSED
        if totals["refused"]
        else ImportStatus.CHOOSING
        if totals["choose"]
        else ImportStatus.PREVIEWED
    )
    record.error, record.progress = "", 100
    record.save(update_fields=["status", "error", "progress", "preview"])
    return plan, record


def map_columns(record, mapping, *, by):
    """The user says what columns the preview left unused mean ({header: field}): each wording is
    kept as a synonym for the import's region, used by its later imports too, and the file is
    previewed again. A field the kind does not take, or a header that is not an unused column
    of this preview, is refused."""
    record = ImportRecord.objects.select_related("region").get(pk=record.pk)
    if not may_import_into(by, record.region):
        raise PermissionDenied(_("You may not import into %(region)s.") % {"region": record.region})
    if record.status == ImportStatus.APPLIED:
        raise ValidationError(_("This import has been applied already."))
    ignored = set((record.preview or {}).get("ignored_headers") or ())
    fields = dict(handler_for(record.kind).fields())
    mapping = {header: field for header, field in mapping.items() if field}
    for header, field in mapping.items():
        if header not in ignored:
            raise ValidationError(
                _("%(header)s is not an unused column of this import.") % {"header": header}
            )
        if field not in fields:
            raise ValidationError(
                _("%(field)s is not a field this kind of import takes.") % {"field": field}
            )
    if not mapping:
        return record
    with transaction.atomic():
        for header, field in mapping.items():
            text = split_unit(header.replace("/", ""))[0]
            synonym = HeaderSynonym.objects.filter(region=record.region, text=text).first()
            if synonym is None:
                synonym = HeaderSynonym(region=record.region, text=text)
            synonym.field, synonym.created_by = field, by
            synonym._history_user, synonym._change_reason = by, f"Import #{record.pk}"
            synonym.save()
    return preview_import(record)


def confirm_import(record, *, by):
    """Write the previewed import, all or nothing. The file is read and planned again: the
    write is refused if the preview had refusals, if it was applied already, or if anything the
    preview showed came out otherwise now (a project edited or registered since, the file
    changed); otherwise the new plan, the same as the preview, is written.

    The reading and planning happen before the transaction, so that the database's write lock
    (all of SQLite) is held only for the writes; inside it the record's status and preview are
    checked again, and the writers check each project's and report's version."""
    record = ImportRecord.objects.select_related("region").get(pk=record.pk)
    _check_confirmable(record, by)
    previewed = _packed_preview(record.pk)
    with without_cycle_collector():
        plan, preview = _plan(record)
        changed = changed_rows(record.preview, preview, handler_for(record.kind).compared)
        if changed:
            raise ValidationError(
                _(
                    "Rows %(rows)s come out otherwise than in this preview (a project was changed or registered since); preview the file again."
                )
                % {"rows": ", ".join(str(n) for n in changed[:20])}
            )
        with transaction.atomic():
            locked = ImportRecord.objects.select_for_update().defer("preview").get(pk=record.pk)
            _check_confirmable(locked, by)
            if _packed_preview(record.pk) != previewed:
                raise ValidationError(
                    _(
                        "This import was previewed again meanwhile; look at the new preview and confirm again."
                    )
                )
            _apply(locked, plan, by=by, preview=preview)
        del plan, preview  # freed before the collector resumes (see core.memory)
    return locked


def _packed_preview(pk):
    """The record's preview as stored (compressed): compared without unpacking it."""
    from django.db import connection

    table = connection.ops.quote_name(ImportRecord._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT preview FROM {table} WHERE id = %s", [pk])  # noqa: S608
        row = cursor.fetchone()
    return bytes(row[0]) if row and row[0] is not None else None


def _check_confirmable(record, by):
    if not may_import_into(by, record.region):
        raise PermissionDenied(_("You may not import into %(region)s.") % {"region": record.region})
    if record.status == ImportStatus.APPLIED:
        raise ValidationError(_("This import has been applied already."))
    if record.status == ImportStatus.CHOOSING:
        raise ValidationError(
            _("Say first which project each name waiting for a match is, or that it is new.")
        )
    if record.status != ImportStatus.PREVIEWED:
        raise ValidationError(
            _(
                "Only a preview without refused rows can be confirmed; correct the file and upload it again."
            )
        )


def _apply(record, plan, *, by, preview=None):
    """Write a plan in the caller's transaction and mark the record applied."""
    with without_cycle_collector():
        result = handler_for(record.kind).apply(
            plan,
            preview or record.preview,
            by=by,
            reason=f"Import #{record.pk} {record.filename}",
            record=record,
        )
    record.status, record.result = ImportStatus.APPLIED, result
    record.applied_by, record.applied_at = by, timezone.now()
    record.save(update_fields=["status", "result", "applied_by", "applied_at"])
