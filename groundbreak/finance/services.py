"""The finance use cases: prepare a declaration, declare it (refused while a required document
is missing, unless the city overrides with a reason), record its outcome, keep a project's
documents, edit a channel's checklist, record money received and paid out. Each takes the
acting user ``by``."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groundbreak.core.services import check_version, save_with_history
from groundbreak.finance.choices import DeclarationStatus, MovementKind
from groundbreak.finance.models import (
    Declaration,
    DocumentKind,
    FundMovement,
    ProjectDocument,
    is_city,
    may_write_finance,
)
from groundbreak.projects.models import Project
from groundbreak.projects.signals import project_changed

DOCUMENT_SUFFIXES = {".pdf", ".ofd", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".zip"}  # fmt: skip
OUTCOMES = (DeclarationStatus.APPROVED, DeclarationStatus.ISSUED, DeclarationStatus.REJECTED)


def _require_project(by, project):
    """Only city staff and county bureaus write, and only for projects in their scope."""
    if by is None:
        return
    if not may_write_finance(by) or not (
        Project.objects.restrict(by, "change").filter(pk=project.pk).exists()
    ):
        raise PermissionDenied(_("Only city staff and the project's county bureau may do this."))


def missing_documents(project_ids, channel):
    """``{project pk: [DocumentKind, …]}``: what each project lacks of ``channel``'s checklist
    (two queries for any number of projects)."""
    required = list(channel.required_documents.all())
    held = set(
        ProjectDocument.objects.filter(project_id__in=list(project_ids), kind__in=required)
        .values_list("project_id", "kind_id")
        .distinct()
    )
    return {pid: [k for k in required if (pid, k.pk) not in held] for pid in project_ids}


@transaction.atomic
def create_declaration(project, channel, *, by, year, batch, amount_asked, note=""):
    _require_project(by, project)
    declaration = Declaration(project=project, channel=channel, year=year, batch=batch.strip(),
                              amount_asked=amount_asked, note=note)  # fmt: skip
    if Declaration.objects.filter(project=project, channel=channel, year=year,
                                  batch=declaration.batch).exists():  # fmt: skip
        raise ValidationError({"batch": _("This project is in this batch of the channel already.")})
    save_with_history(declaration, by=by, reason=gettext_noop("Prepared"))
    return declaration


@transaction.atomic
def declare(declaration, *, by, declared_on=None, override_reason="", version=None):
    """Mark a declaration as declared (已申报). While a required document is missing the
    refusal names it; the city may declare anyway with a reason, which history keeps."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    _require_project(by, declaration.project)
    if version is not None:
        check_version(declaration, version)
    if declaration.status != DeclarationStatus.DRAFT:
        raise ValidationError(_("Only a declaration being prepared can be declared."))
    missing = missing_documents([declaration.project_id], declaration.channel)[
        declaration.project_id
    ]
    reason = gettext_noop("Declared")
    if missing:
        names = "、".join(k.name for k in missing)
        if not override_reason.strip():
            raise ValidationError(
                _("Documents missing for %(channel)s: %(names)s. Upload them, or the city declares with a reason.")
                % {"channel": declaration.channel, "names": names}
            )  # fmt: skip
        if by is not None and not is_city(by):
            raise PermissionDenied(
                _("Documents missing: %(names)s. Only the city may declare without them.") % {"names": names}
            )  # fmt: skip
        declaration.override_reason = override_reason.strip()[:300]
        declaration.overridden_by = by
        reason = f"Declared with {names} missing: {declaration.override_reason}"
    declaration.status = DeclarationStatus.DECLARED
    declaration.declared_on = declared_on or timezone.localdate()
    save_with_history(declaration, by=by, reason=reason)
    return declaration


@transaction.atomic
def record_outcome(declaration, *, by, status, amount_approved=None, amount_issued=None,
                   decided_on=None, issued_on=None, version=None):  # fmt: skip
    """The channel's answer: approved (with the amount), issued (with the amount and date) or
    not approved."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    _require_project(by, declaration.project)
    if version is not None:
        check_version(declaration, version)
    if status not in OUTCOMES:
        raise ValidationError({"status": _("Choose approved, issued or not approved.")})
    if declaration.status == DeclarationStatus.DRAFT:
        raise ValidationError(_("Declare it first."))
    if status in (DeclarationStatus.APPROVED, DeclarationStatus.ISSUED) and amount_approved is None:
        amount_approved = declaration.amount_approved
        if amount_approved is None:
            raise ValidationError({"amount_approved": _("Give the amount approved.")})
    if status == DeclarationStatus.ISSUED and amount_issued is None:
        raise ValidationError({"amount_issued": _("Give the amount issued.")})
    declaration.status = status
    declaration.amount_approved = amount_approved
    if amount_issued is not None:
        declaration.amount_issued = amount_issued
    declaration.decided_on = decided_on or declaration.decided_on or timezone.localdate()
    if status == DeclarationStatus.ISSUED:
        declaration.issued_on = issued_on or timezone.localdate()
    save_with_history(declaration, by=by, reason=gettext_noop("Outcome recorded"))
    return declaration


def read_document(content, name):
    """The bytes of an upload, refused when too large or of a kind we do not keep."""
    suffix = Path(name or "").suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise ValidationError(
            _("Keep documents as %(kinds)s.") % {"kinds": ", ".join(sorted(DOCUMENT_SUFFIXES))}
        )
    limit = settings.FINANCE_DOCUMENT_MAX_BYTES
    data = content if isinstance(content, bytes) else content.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": limit // 2**20}
        )
    if not data:
        raise ValidationError(_("The file is empty."))
    return data, suffix


def upload_document(project, kind, *, by, content, name):
    """Keep a document of a project (stored as a file, served only within scope)."""
    _require_project(by, project)
    data, suffix = read_document(content, name)
    with transaction.atomic():
        document = ProjectDocument(project=project, kind=kind, original_name=(name or "")[:200],
                                   size=len(data), uploaded_by=by)  # fmt: skip
        stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
        document.file.save(f"{kind.code}-{stamp}{suffix}", ContentFile(data), save=False)
        save_with_history(document, by=by, reason=gettext_noop("Uploaded"), bump_version=False)
    return document


@transaction.atomic
def set_required_documents(channel, *, by, kinds):
    """Edit a channel's checklist (city staff only); history keeps each version."""
    if by is not None and not is_city(by):
        raise PermissionDenied(_("Only city staff edit the checklists."))
    kinds = list(DocumentKind.objects.filter(pk__in=[k.pk for k in kinds]))
    channel._history_user = by
    channel._change_reason = gettext_noop("Checklist edited")
    channel.required_documents.set(kinds)
    channel.save()
    return channel


@transaction.atomic
def record_movement(project, *, by, kind, date, amount, channel=None, note=""):
    """Money received (到位) or paid out (支出) by a project; its warnings are looked at again."""
    _require_project(by, project)
    if kind not in MovementKind.values:
        raise ValidationError({"kind": _("Choose received or paid out.")})
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Give a positive amount.")})
    movement = FundMovement(project=project, kind=kind, date=date, amount=amount,
                            channel=channel, note=note or "")  # fmt: skip
    save_with_history(movement, by=by, reason=gettext_noop("Recorded"), bump_version=False)
    project_changed.send(sender=FundMovement, project_ids=[project.pk])
    return movement


def project_by_code(code, *, by):
    """The project of a project code (项目代码) that ``by`` may change, or a refusal naming it:
    fund records from the finance bureau join the projects by their code."""
    project = Project.objects.restrict(by, "change").filter(code=(code or "").strip()).first()
    if project is None:
        raise ValidationError({"project_code": _("No project of yours has the code %(code)s.") % {"code": code}})  # fmt: skip
    return project
