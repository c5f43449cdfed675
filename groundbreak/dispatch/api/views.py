"""Meetings, agenda lines and supervision items over the API: the same services, rules and
scopes as the pages (another county's meeting or item answers 404)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from groundbreak.core.filters import id_or_none
from groundbreak.dispatch import rules, services
from groundbreak.dispatch.api.serializers import (
    AgendaLineSerializer,
    ItemStepPayloadSerializer,
    MeetingSerializer,
    SupervisionItemSerializer,
)
from groundbreak.dispatch.choices import Action
from groundbreak.dispatch.models import AgendaLine, Meeting, SupervisionItem


def _city_first(user, what):
    if not rules.may_draft(user):
        raise PermissionDenied(_("Only city staff may %(what)s.") % {"what": what})


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     viewsets.GenericViewSet):  # fmt: skip
    """Meetings (月调度会、季协调会、专题会) the caller sees; city staff create them, and
    ``generate`` (re)generates the agenda."""

    serializer_class = MeetingSerializer

    def get_queryset(self):
        return Meeting.objects.restrict(self.request.user).prefetch_related("projects")

    def create(self, request, *args, **kwargs):
        _city_first(request.user, _("hold meetings"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        projects = data.pop("projects", None)
        serializer.instance = services.save_meeting(Meeting(**data), by=self.request.user,
                                                    projects=projects)  # fmt: skip

    @extend_schema(request=None, responses=AgendaLineSerializer(many=True))
    @action(detail=True, methods=["post"], pagination_class=None)
    def generate(self, request, pk=None):
        """Generate the agenda again (city staff); lines staff added are kept."""
        meeting = self.get_object()
        _city_first(request.user, _("prepare agendas"))
        lines = services.generate_agenda(meeting, by=request.user)
        return Response(AgendaLineSerializer(lines.order_by("position", "pk"), many=True).data)


class AgendaLineViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.CreateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """Agenda lines of the meetings the caller sees (``?meeting=``); city staff add lines and
    move them up or down, drop or restore them."""

    serializer_class = AgendaLineSerializer
    pagination_class = None

    def get_queryset(self):
        lines = AgendaLine.objects.filter(meeting__in=Meeting.objects.restrict(self.request.user))
        meeting = id_or_none(self.request.query_params.get("meeting"))
        if meeting:
            lines = lines.filter(meeting_id=meeting)
        return lines.order_by("meeting", "position", "pk")

    def create(self, request, *args, **kwargs):
        _city_first(request.user, _("edit agendas"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        meeting = get_object_or_404(
            Meeting.objects.restrict(self.request.user), pk=serializer.validated_data["meeting"].pk
        )
        serializer.instance = services.add_line(
            meeting, by=self.request.user, text=serializer.validated_data["text"]
        )


def _line_step(name):
    def step(self, request, pk=None):
        line = self.get_object()
        _city_first(request.user, _("edit agendas"))
        if name in ("up", "down"):
            line = services.move_line(line, by=request.user, up=name == "up")
        else:
            line = services.drop_line(line, by=request.user, dropped=name == "drop")
        return Response(AgendaLineSerializer(line).data)

    step.__name__ = name
    step.__doc__ = f"Agenda line: {name} (city staff)."
    step = action(detail=True, methods=["post"], url_path=name, url_name=name)(step)
    return extend_schema(request=None, responses=AgendaLineSerializer)(step)


for _name in ("up", "down", "drop", "restore"):
    setattr(AgendaLineViewSet, _name, _line_step(_name))


class SupervisionItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             mixins.CreateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """Supervision items (督办事项) the caller sees. City staff draft them (with ``meeting``: a
    decision of its minutes); the steps are actions (see dispatch.rules for who may each)."""

    serializer_class = SupervisionItemSerializer

    def get_queryset(self):
        return (
            SupervisionItem.objects.restrict(self.request.user)
            .select_related("responsible_region", "responsible_department")
            .prefetch_related("projects", "problems", "steps__by")
        )

    def create(self, request, *args, **kwargs):
        _city_first(request.user, _("draft supervision items"))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        meeting = data.pop("meeting", None)
        if meeting is not None:
            meeting = get_object_or_404(Meeting.objects.restrict(self.request.user), pk=meeting.pk)
            serializer.instance = services.record_decision(meeting, by=self.request.user, **data)
        else:
            data.pop("agenda_line", None)
            serializer.instance = services.draft_item(by=self.request.user, **data)


def _item_step(name):
    def step(self, request, pk=None):
        item = self.get_object()
        # Who may comes before the payload: the answer says who may do the step.
        refused = rules.refusal(request.user, item, name)
        if refused is not None and refused.kind != rules.Kind.INVALID:
            raise refused.exception()
        payload = ItemStepPayloadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = services.act(item, name, by=request.user, note=payload.validated_data["note"],
                            on_date=payload.validated_data["on_date"])  # fmt: skip
        return Response(SupervisionItemSerializer(item, context={"request": request}).data)

    step.__name__ = name
    step.__doc__ = f"Step {name} of the supervision item (see dispatch.rules for who may)."
    step = action(detail=True, methods=["post"], url_path=name.replace("_", "-"), url_name=name)(
        step
    )
    return extend_schema(request=ItemStepPayloadSerializer, responses=SupervisionItemSerializer)(
        step
    )


for _name in Action.values:
    setattr(SupervisionItemViewSet, _name, _item_step(_name))
