"""Warnings (list/retrieve with the page's filters), acknowledgement, exemption request and
decision, and the rules (city edits, others read): the same services and scope as the pages."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from groundbreak.alerts import services
from groundbreak.alerts.api.serializers import (
    AcknowledgeSerializer,
    DecisionSerializer,
    ExemptionRequestSerializer,
    ExemptionSerializer,
    RuleSerializer,
    WarningSerializer,
)
from groundbreak.alerts.filtersets import WarningFilterSet
from groundbreak.alerts.models import Exemption, Rule, Warning


def _payload(serializer_class, data):
    payload = serializer_class(data=data)
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


class WarningViewSet(viewsets.ReadOnlyModelViewSet):
    """Warnings the caller may see. Filters: region (code, with the regions below), rule (kind),
    level (1 黄, 2 橙, 3 红), status (live — the default —, open, acknowledged, exempt, cleared),
    project."""

    serializer_class = WarningSerializer
    filterset_class = WarningFilterSet

    def get_queryset(self):
        return (
            Warning.objects.restrict(self.request.user, "view")
            .select_related("rule", "project__region")
            .prefetch_related("events")
            .order_by("-level", "pk")
        )

    def _may_act(self, warning):
        if not Warning.objects.restrict(self.request.user, "act").filter(pk=warning.pk).exists():
            raise PermissionDenied(_("You may see this warning but not act on it."))

    @extend_schema(request=AcknowledgeSerializer, responses=WarningSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """签收: say the warning was seen and what is being done."""
        warning = self.get_object()
        self._may_act(warning)
        data = _payload(AcknowledgeSerializer, request.data)
        warning = services.acknowledge_warning(warning, by=request.user, comment=data["comment"])
        return Response(self.get_serializer(warning).data)

    @extend_schema(
        request={"multipart/form-data": ExemptionRequestSerializer},
        responses={201: ExemptionSerializer},
    )
    @action(detail=True, methods=["post"],
            parser_classes=[parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser])  # fmt: skip
    def exemption(self, request, pk=None):
        """Ask the city for a justified exemption until a date, with evidence (a file)."""
        warning = self.get_object()
        self._may_act(warning)
        data = _payload(ExemptionRequestSerializer, request.data)
        upload = data.get("evidence")
        exemption = services.request_exemption(
            warning, by=request.user, reason=data["reason"], explanation=data["explanation"],
            until=data["until"], content=upload.read() if upload else None,
            name=upload.name if upload else "",
        )  # fmt: skip
        return Response(ExemptionSerializer(exemption).data, status=status.HTTP_201_CREATED)


class ExemptionViewSet(viewsets.ReadOnlyModelViewSet):
    """Exemptions of the warnings the caller may see; the city decides them."""

    serializer_class = ExemptionSerializer

    def get_queryset(self):
        return Exemption.objects.filter(
            warning__in=Warning.objects.restrict(self.request.user, "view")
        ).order_by("-requested_at", "-pk")

    @extend_schema(request=DecisionSerializer, responses=ExemptionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve (until a date) or refuse an exemption. City staff only."""
        exemption = self.get_object()
        if not services.is_city(request.user):
            raise PermissionDenied(_("Only the city commission may do this."))
        data = _payload(DecisionSerializer, request.data)
        exemption = services.decide_exemption(
            exemption, by=request.user, approve=data["approve"], note=data.get("note", ""),
            until=data.get("until"),
        )  # fmt: skip
        return Response(ExemptionSerializer(exemption).data)


class RuleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                  viewsets.GenericViewSet):  # fmt: skip
    """The warning rules: everyone reads them, city staff change thresholds, whom each level
    tells, the margin and the switch."""

    serializer_class = RuleSerializer
    pagination_class = None

    def get_queryset(self):
        return (
            Rule.objects.restrict(self.request.user, "view")
            .prefetch_related("levels", "switches__region")
            .order_by("pk")
        )

    def update(self, request, *args, **kwargs):
        rule = self.get_object()
        if not services.is_city(request.user):
            raise PermissionDenied(_("Only the city commission may do this."))
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(rule, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        levels = {lv.level: (lv.threshold, lv.audience) for lv in rule.levels.all()}
        if "levels" in data:
            levels = {
                int(row["level"]): (row["threshold"], row["audience"]) for row in data["levels"]
            }
            levels = {lv: levels.get(lv, (None, [])) for lv in (1, 2, 3)}
        rule = services.update_rule(
            rule, by=request.user, enabled=data.get("enabled", rule.enabled),
            margin=data.get("margin", rule.margin), levels=levels,
        )  # fmt: skip
        return Response(self.get_serializer(Rule.objects.get(pk=rule.pk)).data)
