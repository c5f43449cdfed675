"""Responsibility and the scoreboard over the API: service cadres (kept through the services,
scoped like the pages), the year's ranking, and the weights of each year."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from groundbreak.projects.models import AnnualPlan
from groundbreak.scoreboard import selectors, services
from groundbreak.scoreboard.api.serializers import (
    ScoreRowSerializer,
    ScoreWeightsSerializer,
    ServiceCadreSerializer,
)
from groundbreak.scoreboard.choices import Part, Subject
from groundbreak.scoreboard.models import ScoreWeights, ServiceCadre


class ServiceCadreViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """One-to-one service cadres (一对一服务干部) of the projects the caller sees; city staff and
    the project's county bureau assign and change them."""

    serializer_class = ServiceCadreSerializer
    filterset_fields = ["project"]

    def get_queryset(self):
        return (
            ServiceCadre.objects.restrict(self.request.user, "view")
            .select_related("project")
            .order_by("project", "-since", "-pk")
        )

    def create(self, request, *args, **kwargs):
        if (
            not selectors.may_read(request.user)
            or request.user.role not in ("city", "county")
            and not request.user.is_superuser
        ):
            raise PermissionDenied(
                "Only city staff and the project's county bureau assign service cadres."
            )
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        project = data.pop("project")
        serializer.instance = services.assign_service_cadre(project, by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        serializer.instance = services.update_service_cadre(
            serializer.instance, by=self.request.user, version=version, **data
        )

    def update(self, request, *args, **kwargs):
        services.check_may_keep_cadres(request.user, self.get_object().project)
        return super().update(request, *args, **kwargs)


class ScoreboardQuery(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Subject.choices, default=Subject.LEADERS)
    year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)


class ScoreboardViewSet(viewsets.ViewSet):
    """The ranking of the leaders or departments in charge the caller may read, for a year
    (the formula: see the scoreboard page or ``groundbreak/scoreboard/selectors.py``)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, enum=Subject.values),
            OpenApiParameter("year", OpenApiTypes.INT),
        ],
        responses=ScoreRowSerializer(many=True),
    )
    def list(self, request):
        if not selectors.may_read(request.user):
            raise PermissionDenied("Project owners do not read the scoreboard.")
        query = ScoreboardQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year") or AnnualPlan.objects.latest_year()
        rows = selectors.scoreboard(request.user, Subject(query.validated_data["kind"]), year)
        return Response(ScoreRowSerializer(rows, many=True).data)


class ScoreWeightsViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """The weights of each year's scoreboard. A POST sets a year's weights (city staff; the
    version of the year's row when it exists)."""

    serializer_class = ScoreWeightsSerializer
    queryset = ScoreWeights.objects.order_by("-year")

    def get_queryset(self):
        if not selectors.may_read(self.request.user):
            return ScoreWeights.objects.none()
        return super().get_queryset()

    def create(self, request, *args, **kwargs):
        if not services.may_set_weights(request.user):
            raise PermissionDenied("Only city staff set the scoreboard's weights.")
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        year = data.pop("year")
        serializer.instance = services.set_score_weights(
            year,
            by=self.request.user,
            version=version,
            **{p: data[p] for p in Part.values if p in data},
        )
