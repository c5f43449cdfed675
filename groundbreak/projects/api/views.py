from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from groundbreak.core.api_fields import HistoryEntrySerializer
from groundbreak.core.filters import year_or_none
from groundbreak.projects import services
from groundbreak.projects.api.serializers import (
    BatchFiguresSerializer,
    GroundbreakingBatchSerializer,
    ProjectSerializer,
    ResumptionQuerySerializer,
    ResumptionSerializer,
    StageChangeSerializer,
    StatisticsEntrySerializer,
    WorkStatusEventSerializer,
)
from groundbreak.projects.filtersets import (
    GroundbreakingBatchFilterSet,
    ProjectFilterSet,
    ResumptionQuery,
    WorkStatusEventFilterSet,
)
from groundbreak.projects.models import GroundbreakingBatch, Project, WorkStatusEvent
from groundbreak.projects.selectors import batch_figures, project_log, resumption_rates


class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Projects (项目) the caller may see; writes go through the same services as the web pages."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet
    ordering_fields = [
        "name",
        "code",
        "total_investment",
        "annual_plan",
        "planned_start",
        "actual_start",
    ]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        year = year_or_none(self.request.query_params.get("year")) if self.request else None
        if year is not None:
            context["plan_year"] = year
        return context

    def get_queryset(self):
        return (
            Project.objects.restrict(self.request.user, "view")
            .select_related("region", "sector", "owner_unit")
            .prefetch_related("key_levels", "transitions__recorded_by", "plans")
            .order_by("region__sort_order", "name")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        key_levels = data.pop("key_levels", [])
        serializer.instance = services.create_project(
            by=self.request.user, key_levels=key_levels, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version")
        key_levels = data.pop("key_levels", None)
        serializer.instance = services.update_project(
            serializer.instance,
            by=self.request.user,
            version=version,
            key_levels=key_levels,
            **data,
        )

    @extend_schema(request=StageChangeSerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Move the project along the pipeline by an allowed, dated transition."""
        project = self.get_object()  # out of scope is 404 before the payload is even read
        payload = StageChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        project = services.change_stage(project, by=request.user, **payload.validated_data)
        return Response(self.get_serializer(project).data)

    @extend_schema(request=StatisticsEntrySerializer, responses=ProjectSerializer)
    @action(detail=True, methods=["post"], url_path="enter-statistics")
    def enter_statistics(self, request, pk=None):
        """Record the project's entry into the fixed-asset-investment statistics (入库)."""
        project = self.get_object()
        payload = StatisticsEntrySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        project = services.mark_in_statistics(project, by=request.user, **payload.validated_data)
        return Response(self.get_serializer(project).data)

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every change to the project: who, when, field: old → new."""
        entries = project_log(self.get_object())
        return Response(HistoryEntrySerializer(entries, many=True).data)


class GroundbreakingBatchViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Groundbreaking batches (集中开工)."""

    serializer_class = GroundbreakingBatchSerializer
    filterset_class = GroundbreakingBatchFilterSet

    def get_queryset(self):
        return (
            GroundbreakingBatch.objects.restrict(self.request.user, "view")
            .select_related("region")
            .prefetch_related("projects")
        )

    def _save(self, serializer, instance):
        data = dict(serializer.validated_data)
        projects = data.pop("projects", None)
        version = data.pop("version", None)
        for name, value in data.items():
            setattr(instance, name, value)
        if projects is None:
            projects = list(instance.projects.all())
        serializer.instance = services.save_batch(
            instance, by=self.request.user, projects=projects, version=version
        )

    def perform_create(self, serializer):
        self._save(serializer, GroundbreakingBatch())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    @extend_schema(responses=BatchFiguresSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def figures(self, request, pk=None):
        """Count, total and this year's plan, by field and by county; the projects, and which
        of them started and entered the statistics (ids of the projects the caller may see)."""
        return Response(BatchFiguresSerializer(batch_figures(self.get_object(), request.user)).data)


class WorkStatusEventViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Suspensions and resumptions of work (停工/复工)."""

    serializer_class = WorkStatusEventSerializer
    filterset_class = WorkStatusEventFilterSet

    def get_queryset(self):
        visible = Project.objects.restrict(self.request.user, "view")
        return WorkStatusEvent.objects.filter(project__in=visible).order_by("date", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project = data.pop("project")
        serializer.instance = services.record_work_status(project, by=self.request.user, **data)


class OneObjectSchema(AutoSchema):
    """The answer is one object (rows and total), although the route is a list's."""

    def _is_list_view(self, serializer=None):
        return False


class ResumptionViewSet(viewsets.ViewSet):
    """The resumption rate (复工率) by county or sector on a date."""

    schema = OneObjectSchema()

    @extend_schema(parameters=[ResumptionQuerySerializer], responses=ResumptionSerializer)
    def list(self, request):
        query = ResumptionQuery(request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        values = query.values()
        rows, total = resumption_rates(
            request.user,
            values["on_date"],
            group_by=values["group_by"],
            key_level=values["key_level"],
            field=values["field"],
        )
        return Response(
            ResumptionSerializer(
                {
                    "date": values["on_date"],
                    "group_by": values["group_by"],
                    "rows": rows,
                    "total": total,
                }
            ).data
        )
