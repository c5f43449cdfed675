"""Appraisals over the API: the scorecards' criteria (city staff keep them) and the projects'
appraisals (city staff and the department in charge record them), through the services."""

from django.core.exceptions import PermissionDenied
from rest_framework import mixins, viewsets

from groundbreak.accounts.models import Role
from groundbreak.appraisal import services
from groundbreak.appraisal.api.serializers import AppraisalSerializer, CriterionSerializer
from groundbreak.appraisal.models import Appraisal, Criterion

WRITERS = (Role.CITY, Role.DEPARTMENT)


class CriterionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The criteria of the three scorecards; city staff add and change them (a criterion is
    retired with ``active: false``, never deleted)."""

    serializer_class = CriterionSerializer
    queryset = Criterion.objects.order_by("kind", "position", "pk")
    filterset_fields = ["kind", "active"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            if not services.may_keep_scorecards(request.user):
                raise PermissionDenied("Only city staff keep the appraisal scorecards.")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        kind = data.pop("kind")
        serializer.instance = services.create_criterion(kind, by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        data.pop("kind", None)
        serializer.instance = services.update_criterion(
            serializer.instance, by=self.request.user, version=version, **data
        )


class AppraisalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Appraisals (前期考察论证、中期运行评估、后期效果评估) of the projects the caller sees."""

    serializer_class = AppraisalSerializer
    filterset_fields = ["project", "kind"]

    def get_queryset(self):
        return (
            Appraisal.objects.restrict(self.request.user, "view")
            .select_related("project")
            .prefetch_related("lines")
            .order_by("-date", "-pk")
        )

    def create(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user.role in WRITERS):
            raise PermissionDenied(
                "City staff and the project's department in charge record its appraisals."
            )
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        if not services.may_appraise(request.user, self.get_object().project):
            raise PermissionDenied(
                "City staff and the project's department in charge record its appraisals."
            )
        return super().update(request, *args, **kwargs)

    @staticmethod
    def _split(serializer):
        data = dict(serializer.validated_data)
        scores = {s["criterion"]: s["score"] for s in data.pop("scores", [])}
        return data, scores

    def perform_create(self, serializer):
        data, scores = self._split(serializer)
        data.pop("version", None)
        project, kind = data.pop("project"), data.pop("kind")
        serializer.instance = services.record_appraisal(
            project, by=self.request.user, kind=kind, scores=scores, **data
        )

    def perform_update(self, serializer):
        data, scores = self._split(serializer)
        version = data.pop("version", None)
        serializer.instance = services.update_appraisal(
            serializer.instance, by=self.request.user, version=version, scores=scores, **data
        )
