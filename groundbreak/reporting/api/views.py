"""Monthly reports (月报), their evidence, the statistics bureau's figures and the periods.

Every write goes through the reporting services, exactly as the pages do: the scope, the
workflow, the figures' checks and the version checks live there. Querysets are restricted to
what the caller may see, so another county's report answers 404.
"""

import django_filters
from django.db.models import OuterRef, Subquery
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, parsers, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from groundbreak.core.history import change_log
from groundbreak.reporting import services, statistics
from groundbreak.reporting.api.serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CorrectionSerializer,
    ExplanationSerializer,
    HistoryEntrySerializer,
    MonthlyReportSerializer,
    NoChangeSerializer,
    PrefillSerializer,
    ProjectPeriodSerializer,
    ReportingPeriodSerializer,
    ReturnSerializer,
    StatisticsFigureSerializer,
    VersionSerializer,
)
from groundbreak.reporting.choices import ReportStatus
from groundbreak.reporting.filtersets import (
    YES_NO,
    MonthlyReportFilterSet,
    ReportingPeriodFilterSet,
    StatisticsFigureFilterSet,
)
from groundbreak.reporting.models import (
    MonthlyReport,
    ReportAttachment,
    ReportingPeriod,
    StatisticsFigure,
    reporting_projects,
)


def _payload(serializer_class, data):
    payload = serializer_class(data=data)
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


class MonthlyReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Monthly reports the caller may see. Filters: period (id or 2020-03), project, region
    (with the regions below it), status, late (yes/no), q."""

    serializer_class = MonthlyReportSerializer
    filterset_class = MonthlyReportFilterSet
    ordering_fields = ["submitted_at", "completed_period", "completed_ytd", "updated"]

    def get_queryset(self):
        return (
            MonthlyReport.objects.restrict(self.request.user, "view")
            .select_related("project__region", "period", "filled_by", "reviewed_by")
            .prefetch_related("attachments__uploaded_by")
            .order_by("period__year", "period__last_month", "project__region__sort_order", "pk")
        )

    def _answer(self, report, status_code=status.HTTP_200_OK):
        return Response(self.get_serializer(report).data, status=status_code)

    def create(self, request, *args, **kwargs):
        """Fill in a report (a draft). Given the version, the same call changes the project's
        existing draft or returned report for the period."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        project, period, version = (
            data.pop("project"),
            data.pop("period"),
            data.pop("version", None),
        )
        report = services.save_report(project, period, by=request.user, version=version, **data)
        created = report.version == 1  # save_report raises the version of every change
        return self._answer(report, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        report = serializer.instance
        serializer.instance = services.save_report(
            report.project, report.period, by=self.request.user, version=version, **data
        )

    @extend_schema(request=VersionSerializer, responses=MonthlyReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Hand the report in for review (above the threshold it needs evidence attached)."""
        report = self.get_object()
        version = _payload(VersionSerializer, request.data).get("version")
        return self._answer(services.submit_report(report, by=request.user, version=version))

    @extend_schema(request=NoChangeSerializer, responses=MonthlyReportSerializer)
    @action(detail=False, methods=["post"], url_path="no-change")
    def no_change(self, request):
        """无变化: carry the project's last report forward with nothing completed in the period,
        and submit it at once."""
        data = _payload_in_context(NoChangeSerializer, request)
        report = services.report_no_change(
            data["project"], data["period"], by=request.user, version=data.get("version")
        )
        return self._answer(report)

    @extend_schema(request=ReturnSerializer, responses=MonthlyReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Send a submitted report back to its filler with the reason (退回)."""
        report = self.get_object()
        data = _payload(ReturnSerializer, request.data)
        report = services.return_report(
            report, by=request.user, version=data.get("version"), reason=data["reason"]
        )
        return self._answer(report)

    @extend_schema(request=VersionSerializer, responses=MonthlyReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The county approves a submitted report (审核通过)."""
        report = self.get_object()
        version = _payload(VersionSerializer, request.data).get("version")
        return self._answer(services.approve_report(report, by=request.user, version=version))

    @extend_schema(request=VersionSerializer, responses=MonthlyReportSerializer)
    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None):
        """The city locks an approved report."""
        report = self.get_object()
        version = _payload(VersionSerializer, request.data).get("version")
        return self._answer(services.lock_report(report, by=request.user, version=version))

    @extend_schema(request=CorrectionSerializer, responses=MonthlyReportSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Change a handed-in report's figures with a recorded reason (更正)."""
        report = self.get_object()
        data = _payload(CorrectionSerializer, request.data)
        version, reason = data.pop("version", None), data.pop("reason")
        report = services.correct_report(
            report, by=request.user, version=version, reason=reason, **data
        )
        return self._answer(report)

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every change to the report: who, when, why, field: old → new."""
        entries = change_log(self.get_object())
        return Response(HistoryEntrySerializer(entries, many=True).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("project", int, required=True),
            OpenApiParameter("period", str, required=True, description="id or 2020-03"),
        ],
        responses=PrefillSerializer,
    )
    @action(detail=False, methods=["get"])
    def prefill(self, request):
        """What a new report for the project and period opens with: the last report's text and
        site figures, this year's and since-start figures brought forward."""
        data = _payload_in_context(ProjectPeriodSerializer, request, request.query_params)
        return Response(PrefillSerializer(services.prefill(data["project"], data["period"])).data)

    @extend_schema(
        methods=["get"], responses=AttachmentSerializer(many=True), request=None, filters=False
    )
    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[parsers.MultiPartParser, parsers.FormParser],
        pagination_class=None,
    )
    def attachments(self, request, pk=None):
        """The report's site photos and vouchers, each with its flags; POST a file and its kind
        (photo or voucher) to attach one."""
        report = self.get_object()
        if request.method == "POST":
            upload = _payload(AttachmentUploadSerializer, request.data)
            attachment = services.attach_evidence(
                report,
                by=request.user,
                kind=upload["kind"],
                content=upload["file"].read(),
                name=upload["file"].name,
            )
            answer = AttachmentSerializer(attachment, context=self.get_serializer_context())
            return Response(answer.data, status=status.HTTP_201_CREATED)
        attachments = report.attachments.all()
        context = self.get_serializer_context()
        return Response(AttachmentSerializer(attachments, many=True, context=context).data)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"attachments/(?P<attachment_pk>[^/]+)",
        url_name="attachment-remove",
    )
    def remove_attachment(self, request, pk=None, attachment_pk=None):
        """Take a photo or voucher off the report (until it is approved)."""
        report = self.get_object()
        if not str(attachment_pk).isdigit():  # answered as the API answers, not by the URL router
            raise NotFound()
        attachment = get_object_or_404(report.attachments, pk=attachment_pk)
        services.remove_evidence(attachment, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _payload_in_context(serializer_class, request, data=None):
    payload = serializer_class(data=request.data if data is None else data,
                               context={"request": request})  # fmt: skip
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


def with_owner_figure(figures):
    """Annotate each statistics figure with the owner's year-to-date figure for its project and
    period: the handed-in (not draft) report's, as statistics.comparison reads it."""
    reports = MonthlyReport.objects.filter(
        project=OuterRef("project"), period=OuterRef("period")
    ).exclude(status=ReportStatus.DRAFT)
    return figures.annotate(owner_ytd=Subquery(reports.values("completed_ytd")[:1]))


class StatisticsFigureApiFilterSet(StatisticsFigureFilterSet):
    diverging = django_filters.ChoiceFilter(
        label=_("Figures differ"), choices=YES_NO, method="filter_diverging"
    )

    class Meta(StatisticsFigureFilterSet.Meta):
        pass

    def filter_diverging(self, queryset, name, value):
        """The same rule as the comparison page (statistics.diverges), applied row by row."""
        marked = {
            pk
            for pk, owner_ytd, completed_ytd in queryset.values_list(
                "pk", "owner_ytd", "completed_ytd"
            )
            if statistics.diverges(owner_ytd, completed_ytd)
        }
        if value == "yes":
            return queryset.filter(pk__in=marked)
        return queryset.exclude(pk__in=marked)


class StatisticsFigureViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The statistics bureau's figures (统计局口径) beside the owners'. Filters: period (id or
    2020-03), project, region (with the regions below it), diverging (yes/no). POST enters
    (or, with the version, changes) the figure for a project and period."""

    serializer_class = StatisticsFigureSerializer
    filterset_class = StatisticsFigureApiFilterSet

    def get_queryset(self):
        visible = reporting_projects(self.request.user, "view")
        return with_owner_figure(
            StatisticsFigure.objects.filter(project__in=visible)
            .select_related("project__region", "period", "entered_by")
            .order_by("period__year", "period__last_month", "project__region__sort_order", "pk")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        figure = statistics.record_statistics_figure(
            data["project"],
            data["period"],
            by=request.user,
            completed_ytd=data["completed_ytd"],
            version=data.get("version"),
        )
        created = figure.version == 1
        return Response(
            self.get_serializer(figure).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def perform_update(self, serializer):
        figure = serializer.instance
        data = serializer.validated_data
        serializer.instance = statistics.record_statistics_figure(
            figure.project,
            figure.period,
            by=self.request.user,
            completed_ytd=data.get("completed_ytd", figure.completed_ytd),
            version=data.get("version"),
        )

    @extend_schema(request=ExplanationSerializer, responses=StatisticsFigureSerializer)
    @action(detail=True, methods=["post"])
    def explain(self, request, pk=None):
        """Say why the owner's and the bureau's figures differ (a reason from the list)."""
        figure = self.get_object()
        data = _payload(ExplanationSerializer, request.data)
        figure = statistics.explain_divergence(
            figure,
            by=request.user,
            version=data.get("version"),
            reason=data["reason"],
            reason_text=data.get("reason_text", ""),
        )
        return Response(self.get_serializer(figure).data)


class ReportingPeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """Reporting periods (报告期): 1-2月 together, then each month, with the deadline day."""

    queryset = ReportingPeriod.objects.all()
    serializer_class = ReportingPeriodSerializer
    filterset_class = ReportingPeriodFilterSet
    pagination_class = None


class AnyMediaRenderer(renderers.BaseRenderer):
    """Lets a file be asked for with any Accept header (the file answers with its own type)."""

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class EvidenceViewSet(viewsets.GenericViewSet):
    """Evidence files (photos, vouchers) under the API, with the API's authentication (a token
    works): served only to those who may see the report; any other id is answered 404."""

    renderer_classes = [renderers.JSONRenderer, AnyMediaRenderer]
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        visible = MonthlyReport.objects.restrict(self.request.user, "view")
        return ReportAttachment.objects.filter(report__in=visible)

    def _serve(self, thumbnail):
        attachment = self.get_object()
        stored = attachment.thumbnail if thumbnail and attachment.thumbnail else attachment.file
        content_type = "image/jpeg" if stored is attachment.thumbnail else attachment.content_type
        response = FileResponse(stored.open("rb"), content_type=content_type)
        response["Content-Disposition"] = "inline"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(
        responses={
            (200, media_type): OpenApiTypes.BINARY
            for media_type in ("image/jpeg", "image/png", "image/webp", "application/pdf")
        }
    )
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        """The file as uploaded."""
        return self._serve(thumbnail=False)

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def thumbnail(self, request, pk=None):
        """A photo's thumbnail (JPEG); the file itself where there is none."""
        return self._serve(thumbnail=True)
