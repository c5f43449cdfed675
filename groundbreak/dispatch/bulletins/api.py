"""Bulletins and their objections over the API: the same scopes and services as the pages
(another county's objection answers 404; a county objects only to its own rows)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from groundbreak.accounts.models import Role
from groundbreak.dispatch.bulletins import services
from groundbreak.dispatch.bulletins.models import Bulletin, Objection, ObjectionTable


class BulletinSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Bulletin
        fields = ["id", "document_number", "title", "period", "region", "status",
                  "status_display", "review_until", "issued_on", "gathered_at"]  # fmt: skip


class BulletinDetailSerializer(BulletinSerializer):
    data = serializers.JSONField(read_only=True, help_text="The figures (amounts in 万元).")

    class Meta(BulletinSerializer.Meta):
        fields = [*BulletinSerializer.Meta.fields, "data"]


class ObjectionSerializer(serializers.ModelSerializer):
    table = serializers.ChoiceField(choices=ObjectionTable.choices)
    row_key = serializers.CharField(max_length=20)
    column = serializers.CharField(max_length=30)
    reason = serializers.CharField(max_length=4000)

    class Meta:
        model = Objection
        fields = ["id", "bulletin", "region", "table", "row_key", "row_label", "column", "figure",
                  "reason", "raised_at", "answer", "answered_at"]  # fmt: skip
        read_only_fields = ["region", "row_label", "figure", "raised_at", "answer", "answered_at"]


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=4000)


class BulletinViewSet(viewsets.ReadOnlyModelViewSet):
    """Bulletins (通报) the caller sees, with their figures as gathered (as issued once issued)."""

    def get_queryset(self):
        return Bulletin.objects.restrict(self.request.user).order_by("-pk")

    def get_serializer_class(self):
        return BulletinDetailSerializer if self.action == "retrieve" else BulletinSerializer


class ObjectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):  # fmt: skip
    """Objections (异议) to draft bulletins: a county bureau raises them on its own rows, city
    staff answer (``answer``)."""

    serializer_class = ObjectionSerializer

    def get_queryset(self):
        return Objection.objects.restrict(self.request.user).order_by("-pk")

    def create(self, request, *args, **kwargs):
        # Who may comes before the payload: the answer says who may object.
        if request.user.role != Role.COUNTY or not request.user.region_id:
            raise PermissionDenied(_("Only a county bureau may object to a bulletin's figures."))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        bulletin = get_object_or_404(Bulletin.objects.restrict(self.request.user),
                                     pk=data["bulletin"].pk)  # fmt: skip
        serializer.instance = services.raise_objection(
            bulletin, by=self.request.user, table=data["table"], row_key=data["row_key"],
            column=data["column"], reason=data["reason"],
        )  # fmt: skip

    @extend_schema(request=AnswerSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """City staff answer the objection."""
        objection = self.get_object()
        if not services.is_city(request.user):
            raise PermissionDenied(
                _("Only city staff (the city commission) may answer objections.")
            )
        payload = AnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        objection = services.answer_objection(objection, by=request.user,
                                              answer=payload.validated_data["answer"])  # fmt: skip
        return Response(ObjectionSerializer(objection).data)
