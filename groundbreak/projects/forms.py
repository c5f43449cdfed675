from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groundbreak.accounts.models import Role
from groundbreak.core.forms import DateInput, MoneyField
from groundbreak.projects.choices import ALLOWED_TRANSITIONS, Stage, StoppageReason, WorkStatusKind
from groundbreak.projects.models import (
    EDITABLE_FIELDS,
    AnnualPlan,
    GroundbreakingBatch,
    Project,
    this_year,
)
from groundbreak.regions.models import Region

MONEY_FIELDS = (
    "total_investment",
    "funding_government",
    "funding_bonds",
    "funding_enterprise",
    "funding_loans",
    "funding_other",
)


class ProjectForm(forms.ModelForm):
    """Create or edit a project's record. Stage and 入库 move through their own forms."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The plan of one year, kept apart from the record: other years' plans stay as they are.
    plan_year = forms.IntegerField(label=_("plan year"), min_value=1990, max_value=2100)
    annual_plan = MoneyField(
        label=_("planned investment of that year (万元)"),
        required=False,
        help_text=_("In 万元; leave empty for no plan of that year. Other years keep theirs."),
    )

    class Meta:
        model = Project
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "planned_start": DateInput(),
            "planned_completion": DateInput(),
            "actual_start": DateInput(),
            "key_levels": forms.CheckboxSelectMultiple,
            "construction_content": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in MONEY_FIELDS:
            model_field = Project._meta.get_field(name)
            self.fields[name] = MoneyField(
                label=model_field.verbose_name,
                required=not model_field.null,
                help_text=_("In 万元; you may type 1.5亿 or 15000万元."),
            )
        if user.role == Role.COUNTY and not user.is_superuser:
            self.fields["region"].queryset = Region.objects.filter(
                pk__in=user.region.descendant_ids()
            )
        self._place_plan_fields()
        if self.instance.pk:
            year = AnnualPlan.objects.filter(project=self.instance).latest_year()
            self.fields["plan_year"].initial = year
            self.fields["annual_plan"].initial = self.instance.plan_for(year)
            # Lifecycle fields move only through a stage change.
            del self.fields["stage"]
            del self.fields["actual_start"]
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["plan_year"].initial = this_year()
            self.fields["stage"].help_text = _(
                "For a project that has already started, give its actual start."
            )

    def _place_plan_fields(self):
        """The plan's two fields after the total investment, where the record had them."""
        names = [n for n in self.fields if n not in ("plan_year", "annual_plan")]
        at = names.index("total_investment") + 1
        names[at:at] = ["plan_year", "annual_plan"]
        self.order_fields(names)

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    def plans(self):
        """{year: amount or None}: the one year's plan the form sets (None removes it)."""
        year = self.cleaned_data.get("plan_year")
        return {year: self.cleaned_data.get("annual_plan")} if year else {}


class StageChangeForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"))
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [
            (s, Stage(s).label) for s in ALLOWED_TRANSITIONS[project.stage]
        ]


class StatisticsEntryForm(forms.Form):
    date = forms.DateField(
        label=_("Entered statistics on"), widget=DateInput(), initial=timezone.localdate
    )


class WorkStatusForm(forms.Form):
    kind = forms.ChoiceField(label=_("Suspension or resumption"), choices=WorkStatusKind.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—")] + StoppageReason.choices, required=False
    )
    workers_on_site = forms.IntegerField(label=_("Workers on site"), min_value=0, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class GroundbreakingBatchForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = GroundbreakingBatch
        fields = ["name", "date", "region", "location", "projects", "notes"]
        widgets = {"date": DateInput(), "projects": forms.SelectMultiple(attrs={"size": 12})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = Project.objects.restrict(user, "change").select_related(
            "region"
        )
        if user.role == Role.COUNTY and not user.is_superuser:
            self.fields["region"].queryset = Region.objects.filter(
                pk__in=user.region.descendant_ids()
            )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
