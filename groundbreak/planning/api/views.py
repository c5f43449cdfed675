"""Planning over the API: targets (the city writes), the accounts (read), locks (lock and
unlock actions) and the start weights (the city edits). Every write goes through the planning
services; departments, owners and leaders are refused (403), as on the pages."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from groundbreak.planning import selectors, services
from groundbreak.planning.api.serializers import (
    AccountLineSerializer,
    AccountLockSerializer,
    InvestmentTargetSerializer,
    StartWeightSerializer,
)
from groundbreak.planning.models import (
    AccountLock,
    InvestmentTarget,
    StartWeight,
    may_use_planning,
    planning_region_ids,
)
from groundbreak.reporting.models import ReportingPeriod


class UsesPlanning(permissions.BasePermission):
    message = "The accounts are kept by the city and the counties."

    def has_permission(self, request, view):
        return may_use_planning(request.user)


def _city_only(user):
    if services.level_of(user) != "city" or user.role == "auditor":
        raise PermissionDenied("Only city staff may do this.")


class InvestmentTargetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                              mixins.CreateModelMixin, mixins.UpdateModelMixin,
                              viewsets.GenericViewSet):  # fmt: skip
    """Yearly targets per region: a county reads its own, the city sets them."""

    serializer_class = InvestmentTargetSerializer
    permission_classes = [permissions.IsAuthenticated, UsesPlanning]
    filterset_fields = ["year", "region"]

    def get_queryset(self):
        return InvestmentTarget.objects.restrict(self.request.user).select_related("region").order_by("year", "region__sort_order")  # fmt: skip

    def create(self, request, *args, **kwargs):
        _city_only(request.user)
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self.get_object()
        _city_only(request.user)
        return super().update(request, *args, **kwargs)

    def _save(self, serializer, region, year):
        data = serializer.validated_data
        shares = [data.get(f"q{i}_share") for i in (1, 2, 3, 4)]
        serializer.instance = services.set_target(
            region, year, by=self.request.user, base_amount=data.get("base_amount"),
            growth_rate=data.get("growth_rate"), note=data.get("note", ""),
            quarter_shares=None if all(s is None for s in shares) else shares,
            version=data.get("version"),
        )  # fmt: skip

    def perform_create(self, serializer):
        self._save(
            serializer, serializer.validated_data["region"], serializer.validated_data["year"]
        )

    def perform_update(self, serializer):
        target = serializer.instance
        data = serializer.validated_data
        current = {f"q{i}_share": getattr(target, f"q{i}_share") for i in (1, 2, 3, 4)}
        merged = {"base_amount": target.base_amount, "growth_rate": target.growth_rate,
                  "note": target.note, **current, "version": None, **data}  # fmt: skip
        serializer._validated_data = merged
        self._save(serializer, target.region, target.year)


class AccountViewSet(viewsets.ViewSet):
    """The accounts of a year (``year``, optional ``month``): one line per region the caller
    sees, the city first."""

    permission_classes = [permissions.IsAuthenticated, UsesPlanning]

    @extend_schema(
        parameters=[OpenApiParameter("year", int), OpenApiParameter("month", int)],
        responses=AccountLineSerializer(many=True),
    )
    def list(self, request):
        try:
            year = int(request.query_params.get("year") or 0) or (
                InvestmentTarget.objects.order_by("-year").values_list("year", flat=True).first()
                or ReportingPeriod.objects.order_by("-year").values_list("year", flat=True).first()
                or 2020
            )
            month = int(request.query_params.get("month") or 0)
            if not (1990 <= year <= 2100 and 0 <= month <= 12):
                raise ValueError
        except ValueError:
            return Response(
                {"detail": "year is a year (1990–2100), month 1–12."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        period = selectors.period_of(year, month) if month else None
        lines = selectors.accounts(user=request.user, year=year, period=period)
        return Response(AccountLineSerializer(lines, many=True).data)


class AccountLockViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         mixins.CreateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """Locks on a county's accounts for a period: create to lock at your level, ``unlock`` to
    lift a lock of your level."""

    serializer_class = AccountLockSerializer
    permission_classes = [permissions.IsAuthenticated, UsesPlanning]
    filterset_fields = ["region", "period", "level"]

    def get_queryset(self):
        return AccountLock.objects.restrict(self.request.user).select_related("locked_by", "lifted_by").order_by("pk")  # fmt: skip

    def create(self, request, *args, **kwargs):
        if planning_region_ids(request.user, "change") is None:
            raise PermissionDenied("Auditors and leaders read the accounts only.")
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.lock_accounts(
            data["region"], data["period"], by=self.request.user
        )

    @extend_schema(request=None, responses=AccountLockSerializer)
    @action(detail=True, methods=["post"])
    def unlock(self, request, pk=None):
        lock = self.get_object()
        return Response(AccountLockSerializer(services.unlock_accounts(lock, by=request.user)).data)


class StartWeightViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         mixins.UpdateModelMixin, viewsets.GenericViewSet):  # fmt: skip
    """The start-likelihood table (%): read by all who use the accounts, edited by the city."""

    serializer_class = StartWeightSerializer
    permission_classes = [permissions.IsAuthenticated, UsesPlanning]
    pagination_class = None

    def get_queryset(self):
        return StartWeight.objects.order_by("pk")

    def update(self, request, *args, **kwargs):
        self.get_object()
        _city_only(request.user)
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        weight = serializer.validated_data.get("weight", serializer.instance.weight)
        serializer.instance = services.set_start_weight(
            serializer.instance.key, by=self.request.user, weight=weight
        )
