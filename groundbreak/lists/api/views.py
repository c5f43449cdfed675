"""The five lists over the API: targets, problems (with the workflow steps), measures. Every
write goes through the lists' services and rules, exactly as the pages do; querysets are
restricted to what the caller may see, so another county's item answers 404."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from groundbreak.core.api_fields import HistoryEntrySerializer
from groundbreak.core.history import change_log
from groundbreak.lists import rules, services
from groundbreak.lists.api.serializers import (
    MeasureSerializer,
    ProblemSerializer,
    StepSerializer,
    TargetSerializer,
)
from groundbreak.lists.filtersets import MeasureFilterSet, ProblemFilterSet, TargetFilterSet
from groundbreak.lists.models import Measure, Problem, Target


class ItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    model = None
    create_service = update_service = None
    ordering_fields = ["due_date", "updated"]

    def get_queryset(self):
        return (
            self.model.objects.restrict(self.request.user, "view")
            .select_related("project")
            .order_by("due_date", "pk")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        project = data.pop("project")
        serializer.instance = type(self).create_service(project, by=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        serializer.instance = type(self).update_service(
            serializer.instance, by=self.request.user, version=version, **data
        )

    @extend_schema(responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        return Response(HistoryEntrySerializer(change_log(self.get_object()), many=True).data)


class TargetViewSet(ItemViewSet):
    """Target milestones (目标) of the projects the caller sees."""

    model = Target
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet
    create_service = staticmethod(services.create_target)
    update_service = staticmethod(services.update_target)


class MeasureViewSet(ItemViewSet):
    """Measures (措施) of the projects the caller sees."""

    model = Measure
    serializer_class = MeasureSerializer
    filterset_class = MeasureFilterSet
    create_service = staticmethod(services.create_measure)
    update_service = staticmethod(services.update_measure)


def _step(name):
    def step(self, request, pk=None):
        problem = self.get_object()
        # Who may comes before the payload: the answer says who may do the step.
        refused = rules.refusal(request.user, problem, name)
        if refused is not None and refused.kind != rules.Kind.INVALID:
            raise refused.exception()
        payload = StepSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version, text = payload.validated_data["version"], payload.validated_data["text"]
        if name == rules.RESOLVE:
            problem = services.resolve_problem(
                problem, by=request.user, version=version, resolution=text
            )
        elif name in (rules.REFUSE, rules.CITY_CLOSE):
            problem = services.WORKFLOW[name](
                problem, by=request.user, version=version, reason=text
            )
        else:
            problem = services.WORKFLOW[name](problem, by=request.user, version=version)
        return Response(self.get_serializer(problem).data)

    step.__name__ = name
    step.__doc__ = f"Workflow step {name} of the problem (see lists.rules for who may)."
    step = action(detail=True, methods=["post"], url_path=name.replace("_", "-"), url_name=name)(
        step
    )
    return extend_schema(request=StepSerializer, responses=ProblemSerializer)(step)


class ProblemViewSet(ItemViewSet):
    """Problems (问题) of the projects the caller sees; the workflow steps are actions: accept,
    start, resolve (text: the resolution), confirm and refuse_resolution (the raiser only; text:
    the reason), city_close (city staff, after the raiser's days; text: the reason)."""

    model = Problem
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilterSet
    create_service = staticmethod(services.raise_problem)
    update_service = staticmethod(services.update_problem)

    def get_queryset(self):
        return super().get_queryset().select_related("raised_by")

    accept = _step(rules.ACCEPT)
    start = _step(rules.START)
    resolve = _step(rules.RESOLVE)
    confirm = _step(rules.CONFIRM)
    refuse_resolution = _step(rules.REFUSE)
    city_close = _step(rules.CITY_CLOSE)
