"""``groundbreak import projects FILE --region CODE [--year 2021] [--dry-run] [--json]`` and
``groundbreak import reports|statistics FILE --region CODE --period 2020-03 [--dry-run] [--json]``."""

import json as json_module
import sys

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from groundbreak.accounts.models import User
from groundbreak.core.money import format_amount
from groundbreak.imports import services
from groundbreak.imports.models import ImportKind
from groundbreak.imports.registry import handler_for, kind_choices
from groundbreak.regions.models import Region


def _progress_bar(stream):
    def show(done, total):
        if not total:
            return
        width = 30
        filled = int(width * done / total)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} rows")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


class Command(BaseCommand):
    help = "Import a county's spreadsheet: preview it, and write it unless --dry-run or a row is refused."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[k for k, _label in kind_choices()])
        parser.add_argument("file")
        parser.add_argument(
            "--region", required=True, help="code of the region the table belongs to, e.g. 530402"
        )
        parser.add_argument(
            "--period",
            help="reports and statistics: the reporting period, e.g. 2020-03 (2020-01 and 2020-02 both mean 1-2月)",
        )
        parser.add_argument(
            "--year",
            type=int,
            help="projects: the year of the list's plans, if the file names none (or to overrule "
            "its header and title); default: the year the file names, else this year",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show the preview and write nothing"
        )
        parser.add_argument(
            "--json", action="store_true", help="print the preview (rows, refusals, totals) as JSON"
        )
        parser.add_argument(
            "--user", help="act as this user (their scope applies); default: the system"
        )
        parser.add_argument(
            "--match",
            action="append",
            default=[],
            metavar="ROW=ID|new",
            help="for a row whose name is close to existing projects: the project it is, or 'new'",
        )

    def handle(self, *args, dry_run, **options):
        if not dry_run:
            return self._run(dry_run=False, **options)
        # A dry run writes nothing, not even the year's reporting periods it may create.
        with transaction.atomic():
            self._run(dry_run=True, **options)
            transaction.set_rollback(True)

    def _run(
        self, *, kind, file, region, dry_run, json: bool, user, match, period, year, **options
    ):
        region_obj = Region.objects.filter(code=region).first()
        if region_obj is None:
            raise CommandError(f"No region with the code {region}.")
        by = None
        if user:
            by = User.objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user named {user}.")
        decisions = {}
        for item in match:
            row, _sep, choice = item.partition("=")
            if not row.isdigit() or not choice:
                raise CommandError(f"--match takes ROW=ID or ROW=new, not {item}")
            decisions[row] = choice
        try:
            with open(file, "rb") as handle:
                content = handle.read()
        except OSError as error:
            raise CommandError(str(error)) from error
        progress = None if options["verbosity"] == 0 else _progress_bar(sys.stderr)
        import_options = {"period": period} if period else {}
        if period and "period" not in handler_for(kind).options:
            raise CommandError("--period is for reports and statistics only.")
        if year is not None:
            if "year" not in handler_for(kind).options:
                raise CommandError("--year is for project lists only.")
            import_options["year"] = year
        try:
            import_options = handler_for(kind).clean_options(import_options)
        except ValidationError as error:
            needs_period = "period" in handler_for(kind).options and not period
            hint = (
                f"Importing {kind} needs --period, e.g. --period 2020-03: " if needs_period else ""
            )
            raise CommandError(hint + "; ".join(error.messages)) from error
        try:
            if dry_run:
                if not services.may_import_into(by, region_obj):
                    raise PermissionDenied(f"{by} may not import into {region_obj}.")
                _plan, preview = services.read_plan(
                    content,
                    file,
                    kind=kind,
                    region=region_obj,
                    by=by,
                    decisions=decisions,
                    on_progress=progress,
                    options=import_options,
                )
                record = None
            else:
                record = services.import_now(
                    kind=kind,
                    region=region_obj,
                    content=content,
                    filename=file,
                    by=by,
                    decisions=decisions,
                    options=import_options,
                    on_progress=progress,
                )
                if record.error:
                    raise ValidationError(record.error)
                preview = record.preview
        except (ValidationError, PermissionDenied) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from error
        applied = record.result if record is not None and record.status == "applied" else None
        if json:
            output = {
                **preview,
                "dry_run": dry_run,
                "import": record.pk if record else None,
                "applied": applied,
            }
            self.stdout.write(json_module.dumps(output, ensure_ascii=False, indent=2))
        else:
            self._summary(preview, applied, dry_run)
        if preview["totals"]["refused"] or preview["totals"]["choose"]:
            raise CommandError(
                f"{preview['totals']['refused']} rows refused, {preview['totals']['choose']} rows need a choice; nothing was written."
            )

    def _summary(self, preview, applied, dry_run):
        if preview.get("kind", "projects") != ImportKind.PROJECTS:
            return self._report_summary(preview, applied, dry_run)
        totals = preview["totals"]
        write = self.stdout.write
        write(
            f"{totals['rows']} rows: {totals['create']} new, {totals['update']} changed, {totals['unchanged']} unchanged, "
            f"{totals['choose']} to choose, {totals['refused']} refused"
        )
        plan_year = preview.get("plan_year") or {}
        write(
            f"plans written to {plan_year.get('year')} ({plan_year.get('source')})"
            + "".join(f", rows with their own year: {y}" for y in plan_year.get("other_years", []))
        )
        write(
            f"total investment {format_amount(totals['total_investment'])} 万元, planned {plan_year.get('year')} {format_amount(totals['annual_plan'])} 万元"
        )
        self._details(preview)
        if dry_run:
            write("Dry run: nothing was written.")
        elif applied:
            write(f"Written: {applied['created']} created, {applied['updated']} updated.")

    def _details(self, preview):
        """Subtotal checks, refused rows, rows to choose a project for, and every change."""
        write = self.stdout.write
        for check in preview["checks"]:
            mark = "ok" if check["ok"] else "MISMATCH"
            write(
                f"  row {check['row']} {check['label']} {check['header']}: stated {check['stated']}, rows add up to {check['computed']} [{mark}]"
            )
        for refusal in preview["refusals"]:
            write(f"  row {refusal['row']} {refusal['column']}: {refusal['reason']}")
        for row in preview["rows"]:
            if row["action"] == "choose":
                names = ", ".join(f"{c['id']}={c['name']}" for c in row["candidates"])
                write(
                    f"  row {row['row']} {row['name']}: close to {names}; pass --match {row['row']}=ID or {row['row']}=new"
                )
            for change in row["changes"]:
                write(
                    f"  row {row['row']} {row['name']}: {change['label']} {change['old']} → {change['new']}"
                )

    def _report_summary(self, preview, applied, dry_run):
        totals = preview["totals"]
        write = self.stdout.write
        write(
            f"{preview['period_label']}, {totals['rows']} rows: {totals['create']} new, "
            f"{totals['update']} changed, {totals['unchanged']} unchanged, {totals['skip']} without figures, "
            f"{totals['refused']} refused"
        )
        write(
            f"completed in the period {format_amount(totals['completed_period'])} 万元, "
            f"this year {format_amount(totals['completed_ytd'])} 万元"
        )
        self._details(preview)
        if dry_run:
            write("Dry run: nothing was written.")
        elif applied:
            write(
                f"Written: {applied['created']} created, {applied['updated']} updated"
                f" ({applied.get('corrected', 0)} corrected)."
            )
