from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from groundbreak.accounts.models import Department, Leader, OwnerUnit
from groundbreak.core.api_fields import MoneyField, VersionField
from groundbreak.core.filters import year_or_none
from groundbreak.projects.choices import ProjectField, Stage, StoppageReason, WorkStatusKind
from groundbreak.projects.models import (
    EDITABLE_FIELDS,
    AnnualPlan,
    GroundbreakingBatch,
    KeyProjectLevel,
    Project,
    StageTransition,
    WorkStatusEvent,
)
from groundbreak.regions.models import Region, Sector


class StageTransitionSerializer(serializers.ModelSerializer):
    recorded_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = StageTransition
        fields = ["from_stage", "to_stage", "date", "note", "recorded_by", "recorded_at"]


class AnnualPlanSerializer(serializers.Serializer):
    """The planned investment of one year; on a write, ``amount: null`` removes that year's plan."""

    year = serializers.IntegerField(min_value=1990, max_value=2100)
    amount = MoneyField(allow_null=True)


class ProjectSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    sector = serializers.SlugRelatedField(
        slug_field="code", queryset=Sector.objects.all(), allow_null=True, required=False
    )
    owner_unit = serializers.PrimaryKeyRelatedField(
        queryset=OwnerUnit.objects.all(), allow_null=True, required=False
    )
    owner_unit_name = serializers.CharField(
        source="owner_unit.name", read_only=True, allow_null=True, default=None
    )
    missing = serializers.ListField(
        source="missing_fields",
        child=serializers.CharField(),
        read_only=True,
        help_text="The fields the project still lacks (待补全): owner_unit, code, field, sector, "
        "address, planned_start, planned_completion, actual_start. Empty: complete.",
    )
    leader_in_charge = serializers.PrimaryKeyRelatedField(
        queryset=Leader.objects.all(), allow_null=True, required=False
    )
    department_in_charge = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), allow_null=True, required=False
    )
    key_levels = serializers.SlugRelatedField(
        slug_field="code", queryset=KeyProjectLevel.objects.all(), many=True, required=False
    )
    total_investment = MoneyField()
    plans = AnnualPlanSerializer(
        many=True,
        required=False,
        help_text="The plan of each year. A write sets (or with amount null removes) the years "
        "it lists and leaves the other years as they are.",
    )
    plan_year = serializers.SerializerMethodField(
        help_text="The year of annual_plan: ?year=, default the latest year with plans."
    )
    annual_plan = serializers.SerializerMethodField(
        help_text="The planned investment of plan_year (万元), or null."
    )
    funding_government = MoneyField(allow_null=True, required=False)
    funding_bonds = MoneyField(allow_null=True, required=False)
    funding_enterprise = MoneyField(allow_null=True, required=False)
    funding_loans = MoneyField(allow_null=True, required=False)
    funding_other = MoneyField(allow_null=True, required=False)
    version = VersionField()
    stage_since = serializers.DateField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text="On registration: the day a reserve or preliminary project entered its stage "
        "(default today); a started project's timeline opens on its actual_start.",
    )
    timeline = StageTransitionSerializer(source="transitions", many=True, read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:project-detail")

    class Meta:
        model = Project
        fields = [
            "id", "url", "version", *EDITABLE_FIELDS, "plans", "plan_year", "annual_plan",
            "owner_unit_name", "missing", "actual_completion",
            "in_statistics_date", "created", "updated", "timeline", "stage_since",
        ]  # fmt: skip
        read_only_fields = ["actual_completion", "in_statistics_date", "created", "updated"]

    @extend_schema_field(OpenApiTypes.INT)
    def get_plan_year(self, project):
        return self._plan_year()

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True))
    def get_annual_plan(self, project):
        if hasattr(project, "annual_plan"):  # read with Project.objects.with_plan(year)
            amount = project.annual_plan
        else:
            amount = project.plan_for(self._plan_year())
        return None if amount is None else self.fields["total_investment"].to_representation(amount)

    def _plan_year(self):
        if "plan_year" not in self.context:
            request = self.context.get("request")
            year = year_or_none(request.query_params.get("year")) if request is not None else None
            self.context["plan_year"] = year or AnnualPlan.objects.latest_year()
        return self.context["plan_year"]

    def validate_plans(self, plans):
        years = [plan["year"] for plan in plans]
        if len(set(years)) != len(years):
            raise serializers.ValidationError("Give each year once.")
        return {plan["year"]: plan["amount"] for plan in plans}

    def validate(self, attrs):
        if self.instance is not None:
            attrs.pop(
                "stage_since", None
            )  # a registration's date; the timeline moves by transitions
            for name in ("stage", "actual_start"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError(
                        {name: "Changes only through the transition action."}
                    )
                attrs.pop(name, None)
            if "version" not in attrs:
                raise serializers.ValidationError(
                    {"version": "Give the version your edit is based on."}
                )
        return attrs


class StageChangeSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=Stage.choices)
    date = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class StatisticsEntrySerializer(serializers.Serializer):
    date = serializers.DateField()


class GroundbreakingBatchSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    projects = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), many=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = GroundbreakingBatch
        fields = ["id", "version", "name", "date", "region", "location", "projects", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["projects"].child_relation.queryset = Project.objects.restrict(
                request.user, "view"
            )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None:
            visible = set(
                Project.objects.restrict(request.user, "view").values_list("pk", flat=True)
            )
            data["projects"] = [pk for pk in data["projects"] if pk in visible]
        return data


class WorkStatusEventSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    kind = serializers.ChoiceField(choices=WorkStatusKind.choices)
    reason = serializers.ChoiceField(
        choices=StoppageReason.choices, required=False, allow_blank=True
    )

    class Meta:
        model = WorkStatusEvent
        fields = ["id", "project", "kind", "date", "reason", "workers_on_site", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["project"].queryset = Project.objects.restrict(request.user, "view")


def _amount():
    return serializers.DecimalField(max_digits=18, decimal_places=4, read_only=True)


class FigureSplitSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    total = _amount()
    plan = _amount()


class ProjectIdsField(serializers.ListField):
    """Projects as their ids."""

    child = serializers.IntegerField()

    def to_representation(self, projects):
        return [project.pk for project in projects]


class BatchFiguresSerializer(serializers.Serializer):
    """A batch's figures over the projects the caller may see (amounts in 万元)."""

    count = serializers.IntegerField()
    total = _amount()
    plan = _amount()
    by_field = FigureSplitSerializer(many=True)
    by_region = FigureSplitSerializer(many=True)
    projects = ProjectIdsField()
    started = ProjectIdsField()
    not_started = ProjectIdsField()
    in_statistics = ProjectIdsField()
    not_in_statistics = ProjectIdsField()


class ResumptionQuerySerializer(serializers.Serializer):
    """The resumption rate's query parameters, as the schema shows them (ResumptionQuery checks
    them)."""

    date = serializers.DateField(required=False, help_text="YYYY-MM-DD, default today")
    group_by = serializers.ChoiceField(choices=["region", "sector"], required=False)
    key_level = serializers.SlugRelatedField(
        slug_field="code", queryset=KeyProjectLevel.objects.all(), required=False
    )
    field = serializers.ChoiceField(choices=ProjectField.choices, required=False)


class ResumptionRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    under_construction = serializers.IntegerField()
    stopped = serializers.IntegerField()
    resumed = serializers.IntegerField()
    still_suspended = serializers.IntegerField()
    working = serializers.IntegerField()
    rate = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, help_text="percent"
    )
    workers = serializers.IntegerField()


class ResumptionSerializer(serializers.Serializer):
    date = serializers.DateField()
    group_by = serializers.ChoiceField(choices=["region", "sector"])
    rows = ResumptionRowSerializer(many=True)
    total = ResumptionRowSerializer()
