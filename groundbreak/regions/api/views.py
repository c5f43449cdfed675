from rest_framework import serializers, viewsets

from groundbreak.regions.models import Region, Sector


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "name_en", "kind", "parent"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "code", "name", "name_en"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions (市 / 县市区 / 开发区): reference data, readable by every signed-in user."""

    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    filterset_fields = ["kind", "code"]


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    """Sectors (行业): the sections of GB/T 4754-2017."""

    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    pagination_class = None
