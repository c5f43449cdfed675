"""Financing over the API: channels (read), declarations (create, ``declare``, ``outcome``),
money received and paid out (by project code) and the funding gaps. Every write goes through
the finance services; querysets are restricted to the caller's projects (others answer 404)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from groundbreak.finance import selectors, services
from groundbreak.finance.api.serializers import (
    ChannelSerializer,
    DeclarationSerializer,
    DeclareSerializer,
    FundingGapSerializer,
    FundMovementSerializer,
    OutcomeSerializer,
)
from groundbreak.finance.models import Channel, Declaration, FundMovement, may_write_finance


def _writer(user):
    if not may_write_finance(user):
        raise PermissionDenied("Only city staff and county bureaus write financing records.")


class ChannelViewSet(viewsets.ReadOnlyModelViewSet):
    """The funding channels with the documents a declaration to each requires."""

    serializer_class = ChannelSerializer
    pagination_class = None
    queryset = Channel.objects.prefetch_related("required_documents").order_by("sort_order", "pk")


class DeclarationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         mixins.CreateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    serializer_class = DeclarationSerializer
    filterset_fields = ["year", "channel", "status"]

    def get_queryset(self):
        return (
            Declaration.objects.restrict(self.request.user)
            .select_related("project", "channel")
            .order_by("-year", "pk")
        )

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = selectors.with_readiness(list(page if page is not None else queryset))
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        declaration = selectors.with_readiness([self.get_object()])[0]
        return Response(self.get_serializer(declaration).data)

    def create(self, request, *args, **kwargs):
        _writer(request.user)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = selectors.with_readiness([services.create_declaration(
            data["project"], data["channel"], by=self.request.user, year=data["year"],
            batch=data["batch"], amount_asked=data["amount_asked"], note=data.get("note", ""),
        )])[0]  # fmt: skip

    def _act(self, request, serializer_class, service):
        declaration = self.get_object()
        _writer(request.user)
        payload = serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        updated = service(declaration, by=request.user, **payload.validated_data)
        return Response(self.get_serializer(selectors.with_readiness([updated])[0]).data)

    @extend_schema(request=DeclareSerializer, responses=DeclarationSerializer)
    @action(detail=True, methods=["post"])
    def declare(self, request, pk=None):
        """Mark as declared; refused while a required document is missing, unless the city
        gives ``override_reason``."""
        return self._act(request, DeclareSerializer, services.declare)

    @extend_schema(request=OutcomeSerializer, responses=DeclarationSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        return self._act(request, OutcomeSerializer, services.record_outcome)


class FundMovementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          mixins.CreateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    serializer_class = FundMovementSerializer
    filterset_fields = ["project", "kind", "channel"]

    def get_queryset(self):
        return FundMovement.objects.restrict(self.request.user).order_by("date", "pk")

    def create(self, request, *args, **kwargs):
        _writer(request.user)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project = services.project_by_code(data.pop("project_code"), by=self.request.user)
        serializer.instance = services.record_movement(project, by=self.request.user, **data)


class FundingGapViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Each project's funding gap and this year's gap (``year``; only projects with a gap
    unless ``all=1``)."""

    serializer_class = FundingGapSerializer
    filter_backends = []

    def get_queryset(self):
        text = self.request.query_params.get("year") or ""
        year = int(text) if text.isdigit() and len(text) == 4 else None
        if text and (year is None or not 1990 <= year <= 2100):
            raise ValidationError({"year": ["A year from 1990 to 2100."]})
        return selectors.funding_gaps(
            user=self.request.user, year=year or timezone.localdate().year,
            only_gaps=self.request.query_params.get("all") != "1",
        )  # fmt: skip

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("all", str)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
