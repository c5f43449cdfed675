from drf_spectacular.utils import extend_schema
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from groundbreak.imports import services
from groundbreak.imports.models import ImportRecord
from groundbreak.imports.registry import kind_choices
from groundbreak.regions.models import Region


class ImportRecordSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    created_by = serializers.StringRelatedField(allow_null=True)
    applied_by = serializers.StringRelatedField(allow_null=True)
    preview = serializers.JSONField(
        read_only=True, help_text="rows, refusals, subtotal checks and totals"
    )

    class Meta:
        model = ImportRecord
        fields = [
            "id",
            "kind",
            "region",
            "filename",
            "sha256",
            "options",
            "status",
            "progress",
            "error",
            "preview",
            "result",
            "created_by",
            "created_at",
            "applied_by",
            "applied_at",
        ]


class ImportRecordListSerializer(ImportRecordSerializer):
    """An import in a list: everything but the preview, which lists every row of the table
    (fetch one import by id for it)."""

    class Meta(ImportRecordSerializer.Meta):
        fields = [f for f in ImportRecordSerializer.Meta.fields if f != "preview"]


class UploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=kind_choices())
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    period = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="reports and statistics: the reporting period's id, or its month as 2020-03",
    )
    year = serializers.IntegerField(
        required=False,
        min_value=1990,
        max_value=2100,
        help_text="projects: the year of the list's plans, if the file names none (or to "
        "overrule its header and title); default: the year the file names, else this year",
    )
    file = serializers.FileField()


class DecisionsSerializer(serializers.Serializer):
    decisions = serializers.DictField(
        child=serializers.CharField(), help_text="row number → project id, or 'new'"
    )


class ColumnsSerializer(serializers.Serializer):
    columns = serializers.DictField(
        child=serializers.CharField(),
        help_text="header of a column the preview left unused (its ignored_headers) → the field "
        "it means; remembered for the region's later imports",
    )


class ImportRecordViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Spreadsheet imports: upload (preview), decide close names, then confirm the preview by id."""

    serializer_class = ImportRecordSerializer
    parser_classes = [parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser]
    filterset_fields = ["kind", "status"]

    def get_queryset(self):
        records = ImportRecord.objects.restrict(self.request.user).select_related(
            "region", "created_by", "applied_by"
        )
        return records.defer("preview") if self.action == "list" else records

    def get_serializer_class(self):
        return ImportRecordListSerializer if self.action == "list" else ImportRecordSerializer

    @extend_schema(
        request={"multipart/form-data": UploadSerializer}, responses=ImportRecordSerializer
    )
    def create(self, request):
        """Upload a spreadsheet; the answer holds its preview (rows, refusals, subtotal checks, totals)."""
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        record = services.start_import(
            kind=data["kind"],
            region=data["region"],
            content=data["file"].read(),
            filename=data["file"].name,
            by=request.user,
            options={"period": data["period"]}
            if data.get("period")
            else ({"year": data["year"]} if data.get("year") else None),
        )
        record.refresh_from_db()
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionsSerializer, responses=ImportRecordSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Say which project each close-named row is ('new' for none) and preview again."""
        record = self.get_object()
        if not services.may_import_into(request.user, record.region):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied()
        payload = DecisionsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        record = services.preview_import(record, decisions=payload.validated_data["decisions"])
        return Response(self.get_serializer(record).data)

    @extend_schema(request=ColumnsSerializer, responses=ImportRecordSerializer)
    @action(detail=True, methods=["post"])
    def columns(self, request, pk=None):
        """Say what columns the preview left unused mean and preview again."""
        record = self.get_object()
        if not services.may_import_into(request.user, record.region):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied()
        payload = ColumnsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        record = services.map_columns(record, payload.validated_data["columns"], by=request.user)
        return Response(self.get_serializer(record).data)

    @extend_schema(request=None, responses=ImportRecordSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Write the previewed import, all or nothing."""
        record = services.confirm_import(self.get_object(), by=request.user)
        return Response(self.get_serializer(record).data)
