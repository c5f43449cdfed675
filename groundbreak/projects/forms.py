from django import forms
from django.utils.translation import gettext_lazy as _

from groundbreak.accounts.models import Role
from groundbreak.core.forms import DateInput, MoneyField, NamedChoiceField
from groundbreak.projects.choices import (
    ALLOWED_TRANSITIONS,
    STARTED_STAGES,
    Stage,
    StoppageReason,
    WorkStatusKind,
)
from groundbreak.projects.models import (
    EDITABLE_FIELDS,
    AnnualPlan,
    GroundbreakingBatch,
    Project,
    this_year,
)
from groundbreak.projects.selectors import owner_units_for
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
    stage_since = forms.DateField(
        label=_("In this stage since"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "For a reserve or preliminary project: the day it entered this stage, which may lie "
            "before today when you register a project already under way."
        ),
    )
    # The plan of one year, kept apart from the record: other years' plans stay as they are.
    plan_year = forms.IntegerField(
        label=_("plan year"), min_value=1990, max_value=2100, required=False
    )
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
        self.fields["owner_unit"] = NamedChoiceField(
            owner_units_for(user, keep=self.instance.owner_unit_id),
            list_id="owner-units",
            label=Project._meta.get_field("owner_unit").verbose_name,
            required=False,
            help_text=_(
                "Type part of the name and pick it from the list; leave empty if not known yet "
                "(the project is then listed to complete)."
            ),
            error_messages={
                "invalid_choice": _(
                    "Pick an owner unit from the list: a county's list holds its own owners; "
                    "a new owner comes in with the county's import, or through city staff."
                )
            },
        )
        self._place_plan_fields()
        if self.instance.pk:
            year = AnnualPlan.objects.filter(project=self.instance).latest_year()
            self.fields["plan_year"].initial = year
            self.fields["annual_plan"].initial = self.instance.plan_for(year)
            # Lifecycle fields move only through a stage change.
            del self.fields["stage"]
            del self.fields["actual_start"]
            del self.fields["stage_since"]
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["plan_year"].initial = this_year()
            self.fields["stage"].help_text = _(
                "For a project that has already started, give its actual start."
            )
            fields = list(self.fields)
            fields.remove("stage_since")
            fields.insert(fields.index("actual_start") + 1, "stage_since")
            self.order_fields(fields)

    def clean(self):
        data = super().clean()
        stage = data.get("stage")
        if stage and not self.instance.pk:
            if stage in STARTED_STAGES:
                data["stage_since"] = None  # a started project's timeline opens on its actual start
            elif not data.get("stage_since"):
                self.add_error(
                    "stage_since",
                    _("Give the day the project entered this stage (today for a new one)."),
                )
        return data

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
        year, amount = self.cleaned_data.get("plan_year"), self.cleaned_data.get("annual_plan")
        if not year and amount is not None:
            year = this_year()
        return {year: amount} if year else {}


# Dates of events are typed, never defaulted to today: a silent default records a wrong day
# whenever the event happened earlier.


class StageChangeForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"))
    date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [
            (s, Stage(s).label) for s in ALLOWED_TRANSITIONS[project.stage]
        ]


class StatisticsEntryForm(forms.Form):
    date = forms.DateField(label=_("Entered statistics on"), widget=DateInput())


class WorkStatusForm(forms.Form):
    kind = forms.ChoiceField(label=_("Suspension or resumption"), choices=WorkStatusKind.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput())
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


# The values the to-complete list fills in place; a started project's start is recorded by a
# stage change, not here.
COMPLETABLE = (
    "owner_unit",
    "code",
    "field",
    "sector",
    "address",
    "planned_start",
    "planned_completion",
)


class CompleteForm(forms.ModelForm):
    """The missing values of one project (待补全), filled in place on the to-complete list: only
    the fields it lacks; a blank one stays missing."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Project
        fields = list(COMPLETABLE)
        widgets = {"planned_start": DateInput(), "planned_completion": DateInput()}

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("prefix", f"p{kwargs['instance'].pk}")
        super().__init__(*args, **kwargs)
        missing = set(self.instance.missing_fields)
        for name in COMPLETABLE:
            if name not in missing:
                del self.fields[name]
        if "owner_unit" in self.fields:
            # The page renders the owners' <datalist> once for all its rows.
            self.fields["owner_unit"] = NamedChoiceField(
                owner_units_for(user),
                list_id="owner-units",
                widget=forms.TextInput(attrs={"list": "owner-units", "autocomplete": "off"}),
                label=Project._meta.get_field("owner_unit").verbose_name,
                required=False,
                error_messages={
                    "invalid_choice": _("Pick an owner unit from the list."),
                },
            )
        for field in self.fields.values():
            field.required = False
        self.fields["version"].required = True
        self.fields["version"].initial = self.instance.version

    def _post_clean(self):
        pass  # the service checks the record's rules on the values it is given

    def filled(self):
        """{field: value} of the fields the user filled in."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "version" and value not in (None, "")
        }
