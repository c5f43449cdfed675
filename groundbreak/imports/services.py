"""Use cases of the import engine: hand in a file, preview it, decide, confirm.

Every import is previewed first and written only when a user confirms; the write happens in one
transaction, after reading the file again and checking that nothing changed since the preview.
"""

import gc
import logging
import threading
import time
from contextlib import contextmanager
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.accounts.models import Role
from groundbreak.imports.models import HeaderSynonym, ImportKind, ImportRecord, ImportStatus
from groundbreak.imports.preview import changed_rows
from groundbreak.imports.reader import SUFFIXES, read_grids
from groundbreak.imports.table import first_table

log = logging.getLogger(__name__)


class _Kind:
    """What the engine needs of a kind of table: ``plan(table, region=, by=, decisions=,
    on_progress=, options=)`` decides row by row and writes nothing; ``to_preview(plan)`` turns the
    plan into JSON-ready data; ``apply(plan, preview, by=, reason=, record=)`` writes it in the
    caller's transaction; ``compared`` names the preview-row keys that must be the same at the
    confirmation as at the preview (language-free: no labels, no messages)."""

    def __init__(self, plan, to_preview, apply, compared):
        self.plan, self.to_preview, self.apply, self.compared = plan, to_preview, apply, compared


@contextmanager
def _without_cycle_collector():
    """Pause Python's cyclic garbage collector while a table is read, planned or written.

    An import makes a few objects per cell and keeps them all until the write; the collector,
    run every few hundred allocations, would rescan that growing heap again and again: a
    fifth of a 20,000-row import's time. The import makes no reference cycles that need it
    (reference counting frees its objects); it runs again afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _handler(kind):
    if kind == ImportKind.PROJECTS:
        from groundbreak.projects import importing

        def plan_projects(table, *, options=None, **kwargs):
            return importing.plan_project_import(table, **kwargs)

        def apply_projects(plan, preview, *, by, reason, record=None):
            return importing.apply_project_import(plan, by=by, reason=reason)

        return _Kind(plan_projects, importing.plan_to_preview, apply_projects, importing.COMPARED)
    if kind in (ImportKind.REPORTS, ImportKind.STATISTICS):
        from groundbreak.reporting import importing, importing_apply

        def plan_reports(table, **kwargs):
            return importing.plan_report_import(table, kind=ImportKind(kind), **kwargs)

        def apply_reports(plan, preview, *, by, reason, record=None):
            return importing_apply.apply_report_import(preview, by=by, reason=reason, record=record)

        return _Kind(
            plan_reports, importing_apply.plan_to_preview, apply_reports, importing_apply.COMPARED
        )
    raise ValidationError(
        _("Imports of %(kind)s are not available yet.") % {"kind": ImportKind(kind).label}
    )


def _clean_options(kind, options):
    """The options a kind needs, checked: reports and statistics are for one period."""
    if kind in (ImportKind.REPORTS, ImportKind.STATISTICS):
        from groundbreak.reporting.importing import clean_options

        return clean_options(options)
    return dict(options or {})


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
    _handler(kind)
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
    """Keep the file with a new import record and read it into a preview (in the background
    unless IMPORTS_INLINE), returning the record. ``options``: {"period": <ReportingPeriod pk>}
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
    if settings.IMPORTS_INLINE:
        preview_import(record)
    else:
        transaction.on_commit(lambda: _in_background(record.pk))
    return record


def import_now(*, on_progress=None, **upload):
    """Preview a file and, unless a row is refused or waits for a choice, write it at once, all
    or nothing: the console's import, where running the command without --dry-run is the
    confirmation. ``upload``: the arguments of ``start_import``. The record keeps the file, the
    preview and the result as any import's does."""
    record = _new_record(**{"decisions": None, "options": None, **upload})
    plan, record = _preview(record, on_progress=on_progress, content=upload["content"])
    if record.status == ImportStatus.PREVIEWED:
        with transaction.atomic():
            _apply(record, plan, by=record.created_by)
    return record


def _in_background(pk):
    def run():
        close_old_connections()
        try:
            preview_import(ImportRecord.objects.get(pk=pk))
        except Exception as error:  # the page must stop waiting and say what went wrong
            log.exception("import %s failed", pk)
            ImportRecord.objects.filter(pk=pk).update(
                status=ImportStatus.FAILED,
                progress=100,
                error=_("The file could not be read: %(error)s") % {"error": error},
            )
        finally:
            close_old_connections()

    threading.Thread(target=run, name=f"import-{pk}", daemon=True).start()


def read_plan(
    content, filename, *, kind, region, by, decisions=None, on_progress=None, options=None
):
    """Read a file and plan its import without keeping anything: (plan, preview)."""
    handler = _handler(kind)
    options = _clean_options(kind, options)
    extra = dict(HeaderSynonym.objects.values_list("text", "field"))
    with _without_cycle_collector():
        table = first_table(read_grids(content, filename), extra=extra)
        plan = handler.plan(
            table,
            region=region,
            by=by,
            decisions=decisions or {},
            on_progress=on_progress,
            options=options,
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
    return _preview(record, decisions=decisions, on_progress=on_progress)[1]


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
    except ValidationError as error:
        record.status, record.error, record.progress = (
            ImportStatus.FAILED,
            " ".join(error.messages),
            100,
        )
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


def confirm_import(record, *, by):
    """Write the previewed import, all or nothing. The file is read and planned again: the
    write is refused if the preview had refusals, if it was applied already, or if anything the
    preview showed came out otherwise now (a project edited or registered since, the file
    changed); otherwise the new plan, the same as the preview, is written."""
    with transaction.atomic():
        record = ImportRecord.objects.select_for_update().get(pk=record.pk)
        if not may_import_into(by, record.region):
            raise PermissionDenied(
                _("You may not import into %(region)s.") % {"region": record.region}
            )
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
        plan, preview = _plan(record)
        changed = changed_rows(record.preview, preview, _handler(record.kind).compared)
        if changed:
            raise ValidationError(
                _(
                    "Rows %(rows)s come out otherwise than in this preview (a project was changed or registered since); preview the file again."
                )
                % {"rows": ", ".join(str(n) for n in changed[:20])}
            )
        _apply(record, plan, by=by, preview=preview)
    return record


def _apply(record, plan, *, by, preview=None):
    """Write a plan in the caller's transaction and mark the record applied."""
    with _without_cycle_collector():
        result = _handler(record.kind).apply(
            plan,
            preview or record.preview,
            by=by,
            reason=f"Import #{record.pk} {record.filename}",
            record=record,
        )
    record.status, record.result = ImportStatus.APPLIED, result
    record.applied_by, record.applied_at = by, timezone.now()
    record.save(update_fields=["status", "result", "applied_by", "applied_at"])
