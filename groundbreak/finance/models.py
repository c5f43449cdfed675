"""Funding channels (资金渠道) and their required documents (申报要件), declarations (申报) of
projects to a channel, the documents a project holds, and the money it received and paid out
(资金到位与支出)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from groundbreak.accounts.models import Role
from groundbreak.core.models import VersionedModel
from groundbreak.finance.choices import ChannelKind, DeclarationStatus, MovementKind
from groundbreak.projects.models import Project, money_field


def may_write_finance(user):
    """City staff and county bureaus prepare declarations and record funds (in their scope);
    departments, owners, leaders and auditors read."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.role in (Role.CITY, Role.COUNTY))
    )


def is_city(user):
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.CITY))


class ProjectScopedQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """The rows of the projects ``user`` may see; for ``change`` only city staff and county
        bureaus, within the projects they may change."""
        if action != "view" and not may_write_finance(user):
            return self.none()
        return self.filter(project__in=Project.objects.restrict(user, action))


class DocumentKind(models.Model):
    """A kind of document a declaration may require (可研批复, 用地预审, 环评 …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")

    def __str__(self):
        return self.name


class Channel(models.Model):
    """A funding channel (资金渠道): special bonds, PPP, central budget investment, the city's
    own funds (财源培植资金, 过桥资金, 风险补偿金池) or any other; with the documents a
    declaration to it requires (city staff edit the checklist)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    required_documents = models.ManyToManyField(
        DocumentKind, verbose_name=_("required documents"), blank=True, related_name="channels"
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(m2m_fields=[required_documents])

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("funding channel")
        verbose_name_plural = _("funding channels")

    def __str__(self):
        return self.name


def document_path(instance, filename):
    return f"finance/{instance.project_id}/{filename}"


class ProjectDocument(models.Model):
    """A document a project holds for its declarations, stored as a file (not in a public
    folder: served only to those who may see the project)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.ForeignKey(DocumentKind, verbose_name=_("document"), on_delete=models.PROTECT)
    file = models.FileField(_("file"), upload_to=document_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "kind__sort_order", "-uploaded_at"]
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")

    def __str__(self):
        return f"{self.project} {self.kind}"


class Declaration(VersionedModel):
    """A project's declaration (申报) to a channel in a batch: the amounts asked, approved and
    issued, their dates and its status; declared despite missing documents only by the city,
    with the reason kept."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="declarations"
    )
    channel = models.ForeignKey(Channel, verbose_name=_("channel"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("year"))
    batch = models.CharField(_("batch"), max_length=60)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeclarationStatus.choices,
        default=DeclarationStatus.DRAFT,
    )
    amount_asked = money_field(_("amount asked (万元)"))
    amount_approved = money_field(_("amount approved (万元)"), null=True, blank=True)
    amount_issued = money_field(_("amount issued (万元)"), null=True, blank=True)
    declared_on = models.DateField(_("declared on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    override_reason = models.CharField(
        _("reason for declaring with documents missing"), max_length=300, blank=True
    )
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "channel__sort_order", "project__region__sort_order", "pk"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "channel", "year", "batch"], name="declaration_once_per_batch"
            ),
            models.CheckConstraint(condition=Q(amount_asked__gte=0), name="asked_not_negative"),
        ]

    def __str__(self):
        return f"{self.project} · {self.channel} · {self.batch}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("finance:declaration_detail", args=[self.pk])

    def clean(self):
        errors = {}
        for name in ("amount_approved", "amount_issued"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = _("An amount cannot be negative.")
        if (
            self.amount_issued is not None
            and self.amount_approved is not None
            and self.amount_issued > self.amount_approved
        ):
            errors["amount_issued"] = _("More issued than approved.")
        if errors:
            raise ValidationError(errors)


class FundMovement(models.Model):
    """Money a project received from a channel or paid out (资金到位 / 资金支出), on a date."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="fund_movements"
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MovementKind.choices)
    date = models.DateField(_("date"))
    amount = money_field(_("amount (万元)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "date", "pk"]
        verbose_name = _("fund movement")
        verbose_name_plural = _("fund movements")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="movement_positive"),
        ]

    def __str__(self):
        return f"{self.project} {self.get_kind_display()} {self.amount}"
