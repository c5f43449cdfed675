"""Monthly reports, their evidence and the statistics bureau's figures over the REST API.

Amounts are exact decimals in 万元, sent as strings ("300.0000"); input accepts the forms people
type ("1.5亿", "15,000万元"). A period is given by its id or as "2020-03".
"""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from groundbreak.core.api_fields import (  # noqa: F401 (HistoryEntrySerializer: reused here)
    HistoryEntrySerializer,
    MoneyField,
    VersionField,
)
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.evidence import attachment_flags, evidence_error, needs_evidence
from groundbreak.reporting.filtersets import period_from_text
from groundbreak.reporting.models import (
    AttachmentKind,
    DivergenceReason,
    MonthlyReport,
    ReportAttachment,
    ReportingPeriod,
    StatisticsFigure,
    reporting_projects,
)
from groundbreak.reporting.services import FIGURES
from groundbreak.reporting.statistics import diverges

AMOUNT = serializers.DecimalField(max_digits=16, decimal_places=4)
# Amounts travel as exact decimal strings ("300.0000"), as MoneyField declares them.
AMOUNT_SCHEMA = {"type": "string", "format": "decimal", "example": "300.0000"}


def amount_text(value):
    """An amount as the API sends it: a string with four places, or None."""
    return None if value is None else AMOUNT.to_representation(Decimal(value))


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer"},
            {"type": "string", "pattern": r"^\d{4}-\d{1,2}$", "example": "2020-03"},
        ],
        "description": "A reporting period: its id, or the year and a month in it (2020-03).",
    }
)
class PeriodField(serializers.Field):
    """A reporting period by id, or by a month in it ("2020-03"; "2020-01" is 2020年1-2月)."""

    default_error_messages = {"unknown": "Unknown period: {value}."}

    def to_internal_value(self, data):
        text = str(data).strip()
        if text.isdigit():
            period = ReportingPeriod.objects.filter(pk=int(text)).first()
        else:
            period = period_from_text(text)
        if period is None:
            raise serializers.ValidationError(_("Unknown period: %(value)s") % {"value": data})
        return period

    def to_representation(self, value):
        return value.pk


@extend_schema_field(OpenApiTypes.INT)
class VisibleProjectField(serializers.PrimaryKeyRelatedField):
    """A project the caller may see; any other id is answered as if it did not exist."""

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return reporting_projects(user, "view")


class ReportingPeriodSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)
    start = serializers.DateField(read_only=True)
    end = serializers.DateField(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "label", "year", "first_month", "last_month", "start", "end", "deadline"]


class AttachmentSerializer(serializers.ModelSerializer):
    """A photo or voucher with the reasons a reviewer should look twice at it."""

    uploaded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    flags = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportAttachment
        fields = [
            "id", "kind", "original_name", "content_type", "size", "taken_at", "latitude",
            "longitude", "uploaded_by", "uploaded_at", "flags", "file_url", "thumbnail_url",
        ]  # fmt: skip

    def get_flags(self, attachment) -> list[str]:
        return [str(flag) for flag in attachment_flags(attachment)]

    def _url(self, name, attachment):
        path = reverse(name, args=[attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_file_url(self, attachment) -> str:
        return self._url("api:evidence-file", attachment)

    def get_thumbnail_url(self, attachment) -> str | None:
        if not attachment.thumbnail:
            return None
        return self._url("api:evidence-thumbnail", attachment)


class AttachmentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    file = serializers.FileField()


class ProjectPeriodFixedMixin(serializers.Serializer):
    """A record of one project and period: both are given when it is created and never change."""

    project = VisibleProjectField()
    project_name = serializers.CharField(source="project.name", read_only=True)
    region = serializers.SlugRelatedField(
        source="project.region", slug_field="code", read_only=True
    )
    period = PeriodField()
    period_label = serializers.CharField(source="period.__str__", read_only=True)

    fixed_message = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["project"].required = False
            self.fields["period"].required = False

    def validate(self, attrs):
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            for name in ("project", "period"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError({name: self.fixed_message})
                attrs.pop(name, None)
        return attrs


class MonthlyReportSerializer(ProjectPeriodFixedMixin, serializers.ModelSerializer):
    """A report as read, and a draft as written: create with project, period and figures; change
    with the figures and the version the edit is based on."""

    url = serializers.HyperlinkedIdentityField(view_name="api:report-detail")
    completed_period = MoneyField()
    completed_ytd = MoneyField()
    completed_total = MoneyField()
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_late = serializers.BooleanField(read_only=True)
    filled_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    reviewed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    needs_evidence = serializers.SerializerMethodField()
    evidence_error = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)
    version = VersionField()

    class Meta:
        model = MonthlyReport
        fields = [
            "id", "url", "version", "project", "project_name", "region", "period", "period_label",
            *FIGURES, "status", "status_display", "is_late", "submitted_at", "filled_by",
            "reviewed_by", "reviewed_at", "review_note", "needs_evidence", "evidence_error",
            "attachments", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["status", "submitted_at", "reviewed_at", "review_note"]
        validators = []  # one report per project and period: save_report creates or changes it

    fixed_message = _("A report stays with its project and period.")

    def get_needs_evidence(self, report) -> bool:
        return needs_evidence(report)

    def get_evidence_error(self, report) -> str | None:
        message = evidence_error(report)
        return None if message is None else str(message)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The version the action is based on (a stale one gets 409).",
    )


class ReturnSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=300, help_text="Why the report goes back.")


class CorrectionSerializer(serializers.ModelSerializer):
    """The corrected figures (only those that change) with the reason for the correction."""

    version = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=200)
    completed_period = MoneyField(required=False)
    completed_ytd = MoneyField(required=False)
    completed_total = MoneyField(required=False)

    class Meta:
        model = MonthlyReport
        fields = ["version", "reason", *FIGURES]
        extra_kwargs = {name: {"required": False} for name in FIGURES}
        validators = []


class ProjectPeriodSerializer(serializers.Serializer):
    project = VisibleProjectField()
    period = PeriodField()


class NoChangeSerializer(ProjectPeriodSerializer):
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="The version of an existing draft or returned report, if there is one.",
    )


class PrefillSerializer(serializers.Serializer):
    """What a new report opens with (empty when the project has no earlier report)."""

    completed_period = serializers.CharField(allow_null=True, required=False)
    completed_ytd = serializers.CharField(required=False)
    completed_total = serializers.CharField(required=False)
    base_ytd = serializers.CharField(required=False)
    base_total = serializers.CharField(required=False)
    progress_text = serializers.CharField(required=False)
    workers_on_site = serializers.IntegerField(allow_null=True, required=False)
    problems = serializers.CharField(required=False)
    from_period = ReportingPeriodSerializer(required=False)

    def to_representation(self, values):
        data = {}
        for name, value in values.items():
            if isinstance(value, ReportingPeriod):
                data[name] = ReportingPeriodSerializer(value).data
            elif isinstance(value, Decimal):
                data[name] = amount_text(value)
            else:
                data[name] = value
        return data


def owner_figure(figure):
    """The owner's year-to-date figure next to a statistics figure: its handed-in (not draft)
    report's, as statistics.comparison reads it; annotated by the list, else looked up."""
    if not hasattr(figure, "owner_ytd"):
        figure.owner_ytd = (
            MonthlyReport.objects.filter(project=figure.project_id, period=figure.period_id)
            .exclude(status=ReportStatus.DRAFT)
            .values_list("completed_ytd", flat=True)
            .first()
        )
    return figure.owner_ytd


class StatisticsFigureSerializer(ProjectPeriodFixedMixin, serializers.ModelSerializer):
    """The statistics bureau's year-to-date figure for a project and period, beside the owner's."""

    url = serializers.HyperlinkedIdentityField(view_name="api:statistics-figure-detail")
    completed_ytd = MoneyField()
    owner_ytd = serializers.SerializerMethodField()
    difference = serializers.SerializerMethodField()
    diverges = serializers.SerializerMethodField()
    reason = serializers.ChoiceField(
        choices=DivergenceReason.choices,
        allow_blank=True,
        read_only=True,
        help_text="Blank until someone says why the figures differ.",
    )
    reason_display = serializers.CharField(source="get_reason_display", read_only=True)
    is_imported = serializers.BooleanField(read_only=True)
    entered_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    version = VersionField()

    class Meta:
        model = StatisticsFigure
        fields = [
            "id", "url", "version", "project", "project_name", "region", "period", "period_label",
            "completed_ytd", "owner_ytd", "difference", "diverges", "reason", "reason_display",
            "reason_text", "is_imported", "entered_by", "created", "updated",
        ]  # fmt: skip
        read_only_fields = ["reason", "reason_text"]
        validators = []  # one figure per project and period: the service creates or changes it

    fixed_message = _("A figure stays with its project and period.")

    @extend_schema_field(
        {**AMOUNT_SCHEMA, "nullable": True, "description": "The owner's handed-in figure."}
    )
    def get_owner_ytd(self, figure):
        return amount_text(owner_figure(figure))

    @extend_schema_field({**AMOUNT_SCHEMA, "description": "owner's − bureau's"})
    def get_difference(self, figure):
        return amount_text((owner_figure(figure) or Decimal(0)) - figure.completed_ytd)

    def get_diverges(self, figure) -> bool:
        return diverges(owner_figure(figure), figure.completed_ytd)


class ExplanationSerializer(VersionSerializer):
    reason = serializers.ChoiceField(choices=DivergenceReason.choices)
    reason_text = serializers.CharField(max_length=300, required=False, allow_blank=True)
