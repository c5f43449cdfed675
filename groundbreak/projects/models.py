import functools
import operator
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, ExpressionWrapper, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin
from simple_history.models import HistoricalRecords

from groundbreak.accounts.models import Role
from groundbreak.core.models import VersionedModel
from groundbreak.projects.choices import (
    STARTED_STAGES,
    ConstructionNature,
    ProjectField,
    Stage,
    StoppageReason,
    WorkStatusKind,
)
from groundbreak.projects.validators import normalise_project_code, validate_project_code
from groundbreak.regions.models import BilingualNameMixin


def money_field(verbose_name, **kwargs):
    """An amount in 万元: exact decimal, four places (one yuan)."""
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=4, **kwargs)


_INITIALS = {}  # code point → its pinyin initial ("" for characters without one), as met


def pinyin_initials_of(texts):
    """玉溪 → yx, for many names at once: what officials type to find a project on a phone.

    Character by character, each read in its most common way: a whole-name reading would catch
    a few more polyphonic characters but costs 40× as long, too slow for a 20,000-row import.
    """
    texts = list(texts)
    for char in set().union(*texts) if texts else ():
        if ord(char) not in _INITIALS:
            initial = lazy_pinyin(char, style=Style.FIRST_LETTER, errors="ignore")
            _INITIALS[ord(char)] = "".join(initial).lower()
    return [text.translate(_INITIALS) for text in texts]


def pinyin_initials(text):
    return pinyin_initials_of([text])[0]


FUNDING_FIELDS = (
    "funding_government",
    "funding_bonds",
    "funding_enterprise",
    "funding_loans",
    "funding_other",
)


def this_year():
    """The calendar year in the city's time zone: the plan year a write defaults to (a new
    project's form, an imported list that names no year anywhere)."""
    return timezone.localdate().year


# What users enter about a project, in the order forms and the API list it. Stage and start move
# through stage changes; the form offers them only when a project is registered.
EDITABLE_FIELDS = (
    "name", "code", "owner_unit", "region", "address", "latitude", "longitude", "field", "sector",
    "key_levels", "construction_nature", "construction_content", "total_investment",
    *FUNDING_FIELDS, "planned_start", "planned_completion", "stage", "actual_start",
    "leader_in_charge", "department_in_charge", "contact_person", "contact_phone", "notes",
)  # fmt: skip


def project_rule_errors(obj, known_region_codes=None):
    """The rules of a project record, on anything with its attributes (a Project, or the values
    of an imported row), so that forms, services and imports apply the same rules.
    ``known_region_codes`` saves a query per project code when many rows are checked."""
    errors = {}
    obj.code = normalise_project_code(obj.code)
    if obj.code:
        try:
            validate_project_code(obj.code, known_region_codes)
        except ValidationError as error:
            errors["code"] = error.messages
    # A missing code (or a started project's missing start) is not wrong: the project is kept
    # and listed as incomplete (see ``missing_fields``); the actions that need it refuse.
    if hasattr(obj, "plan_year"):  # an imported row: the record with the plan of one year
        if obj.annual_plan is not None and not obj.plan_year:
            errors["plan_year"] = [_("Say which year the planned investment is for.")]
    funding = [getattr(obj, name) for name in FUNDING_FIELDS if getattr(obj, name) is not None]
    if (
        funding
        and obj.total_investment is not None
        and sum(funding, Decimal(0)) > obj.total_investment
    ):
        errors["funding_other"] = [
            _("The funding sources add up to more than the total investment.")
        ]
    for start, end in (
        ("planned_start", "planned_completion"),
        ("actual_start", "actual_completion"),
    ):
        if getattr(obj, start) and getattr(obj, end) and getattr(obj, end) < getattr(obj, start):
            errors[end] = [_("Completion cannot come before the start.")]
    if (obj.latitude is None) != (obj.longitude is None):
        errors["longitude"] = [_("Give both latitude and longitude, or neither.")]
    if obj.latitude is not None and not -90 <= obj.latitude <= 90:
        errors["latitude"] = [_("Latitude must lie between -90 and 90.")]
    if obj.longitude is not None and not -180 <= obj.longitude <= 180:
        errors["longitude"] = [_("Longitude must lie between -180 and 180.")]
    return errors


# What a project's record should hold (待补全): a value missing here is kept, not refused, and
# the project is listed as incomplete until someone fills it. The actions that need a value
# (入库, the start) refuse later, naming it. (field, the test in SQL, the same test in Python)
COMPLETENESS = (
    ("owner_unit", Q(owner_unit__isnull=True), lambda p: p.owner_unit_id is None),
    (
        "code",
        Q(code="") & ~Q(stage=Stage.RESERVE),
        lambda p: not p.code and p.stage != Stage.RESERVE,
    ),
    ("field", Q(field=""), lambda p: not p.field),
    ("sector", Q(sector__isnull=True), lambda p: p.sector_id is None),
    ("address", Q(address=""), lambda p: not p.address),
    ("planned_start", Q(planned_start__isnull=True), lambda p: p.planned_start is None),
    (
        "planned_completion",
        Q(planned_completion__isnull=True),
        lambda p: p.planned_completion is None,
    ),
    (
        "actual_start",
        Q(actual_start__isnull=True, stage__in=STARTED_STAGES),
        lambda p: p.actual_start is None and p.stage in STARTED_STAGES,
    ),
)
COMPLETENESS_FIELDS = tuple(name for name, _q, _test in COMPLETENESS)


def missing_label(name):
    return Project._meta.get_field(name).verbose_name


class KeyProjectLevel(BilingualNameMixin, models.Model):
    """A key-project list a project can be on: 市重点, 省"四个一百", 省"三个一百"工业 …"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("key-project level")
        verbose_name_plural = _("key-project levels")

    def __str__(self):
        return self.label


class ProjectQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """The projects ``user`` may see (``view``) or edit (``change``): the one scope rule.

        City staff, city leaders and auditors see everything (only city staff edit); a county
        bureau its region and the regions below it; a department the projects it is in charge
        of; an owner its own projects (read-only). A leader's own projects (包保项目) are a
        filter of the whole, not its scope: leaders read the city's results.
        """
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.role == Role.CITY:
            return self
        if user.role in (Role.AUDITOR, Role.LEADER):
            return self if action == "view" else self.none()
        if user.role == Role.COUNTY and user.region_id:
            return self.filter(region_id__in=user.region.descendant_ids())
        if user.role == Role.DEPARTMENT and user.department_id:
            return self.filter(department_in_charge_id=user.department_id)
        if action != "view":
            return self.none()
        if user.role == Role.OWNER and user.owner_unit_id:
            return self.filter(owner_unit_id=user.owner_unit_id)
        return self.none()

    def started(self):
        return self.filter(stage__in=STARTED_STAGES)

    def incomplete(self):
        """The projects missing a value of ``COMPLETENESS`` (待补全)."""
        return self.filter(functools.reduce(operator.or_, (q for _n, q, _t in COMPLETENESS)))

    def with_missing(self):
        """Each project with ``lacks_<field>`` booleans, one per ``COMPLETENESS`` field."""
        return self.annotate(
            **{
                f"lacks_{name}": ExpressionWrapper(q, output_field=models.BooleanField())
                for name, q, _t in COMPLETENESS
            }
        )

    def missing_counts(self):
        """{field: how many of these projects lack it}, in one query."""
        counts = self.aggregate(**{name: Count("pk", filter=q) for name, q, _t in COMPLETENESS})
        return {name: counts[name] for name in COMPLETENESS_FIELDS}

    def with_plan(self, year):
        """Each project with ``annual_plan``: its planned investment of ``year`` (None if it
        has no plan for that year), so that lists, sums and exports read their own year."""
        return self.annotate(
            annual_plan=Subquery(
                AnnualPlan.objects.filter(project=OuterRef("pk"), year=year).values("amount")[:1]
            )
        )

    def search(self, text):
        """Name, project code, owner unit, or pinyin initials of the name."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(code__icontains=text)
            | Q(owner_unit__name__icontains=text)
            | Q(name_initials__icontains=text.lower())
        )


class Project(VersionedModel):
    """A fixed-asset-investment project (项目) followed from the reserve to production."""

    code = models.CharField(
        _("project code"),
        max_length=24,
        blank=True,
        help_text=_(
            "National code from the online approval platform, e.g. 2020-530402-48-01-012345."
        ),
    )
    name = models.CharField(_("project name"), max_length=200)
    # Searched by "contains" only, which no B-tree index serves: an index would only slow writes.
    name_initials = models.CharField(max_length=200, editable=False)
    owner_unit = models.ForeignKey(
        "accounts.OwnerUnit",
        verbose_name=_("owner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    field = models.CharField(_("field"), max_length=20, choices=ProjectField.choices, blank=True)
    sector = models.ForeignKey(
        "regions.Sector",
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    key_levels = models.ManyToManyField(
        KeyProjectLevel, verbose_name=_("key-project levels"), blank=True, related_name="projects"
    )
    construction_nature = models.CharField(
        _("construction nature"),
        max_length=20,
        choices=ConstructionNature.choices,
        default=ConstructionNature.NEW,
    )
    construction_content = models.TextField(_("construction scale and content"), blank=True)
    total_investment = money_field(_("total investment (万元)"))
    funding_government = money_field(_("government funds (万元)"), null=True, blank=True)
    funding_bonds = money_field(_("special bonds (万元)"), null=True, blank=True)
    funding_enterprise = money_field(_("enterprise own funds (万元)"), null=True, blank=True)
    funding_loans = money_field(_("bank loans (万元)"), null=True, blank=True)
    funding_other = money_field(_("other funds (万元)"), null=True, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_completion = models.DateField(_("actual completion"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.RESERVE
    )
    in_statistics_date = models.DateField(_("entered statistics on"), null=True, blank=True)
    leader_in_charge = models.ForeignKey(
        "accounts.Leader",
        verbose_name=_("leader in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    department_in_charge = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The history is read by project (id), by date, by user and, for a county's trail, by
    # region; an index on its other references and initials slowed every import's copy of
    # new projects into it and served no query.
    history = HistoricalRecords(
        m2m_fields=[key_levels],
        no_db_index=[
            "name_initials",
            "owner_unit",
            "sector",
            "leader_in_charge",
            "department_in_charge",
        ],
    )

    objects = ProjectQuerySet.as_manager()

    FUNDING_FIELDS = FUNDING_FIELDS

    class Meta:
        ordering = ["region__sort_order", "name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="project_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(total_investment__gte=0), name="project_total_not_negative"
            ),
        ]
        indexes = [
            # The cockpit's map points: the few projects with coordinates, found without a scan
            # of every project.
            models.Index(
                fields=["latitude"], condition=Q(latitude__isnull=False), name="project_located"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.pk])

    @property
    def is_started(self):
        return self.stage in STARTED_STAGES

    @property
    def in_statistics(self):
        return self.in_statistics_date is not None

    @property
    def missing_fields(self):
        """The ``COMPLETENESS`` fields this project lacks (empty: complete)."""
        return [name for name, _q, test in COMPLETENESS if test(self)]

    @property
    def missing_labels(self):
        return [missing_label(name) for name in self.missing_fields]

    @property
    def is_incomplete(self):
        return bool(self.missing_fields)

    def clean(self, known_region_codes=None):
        errors = project_rule_errors(self, known_region_codes)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.name_initials = pinyin_initials(self.name)
        super().save(*args, **kwargs)

    def plan_for(self, year):
        """The planned investment of ``year`` in 万元, or None: from ``prefetch_related("plans")``
        when the caller prefetched them, else one query."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "plans" in cache:
            return next((p.amount for p in cache["plans"] if p.year == year), None)
        return self.plans.filter(year=year).values_list("amount", flat=True).first()


class AnnualPlanQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """The plans of the projects the user may see or change: the projects' scope rule."""
        return self.filter(project__in=Project.objects.restrict(user, action))

    def latest_year(self):
        """The latest year with plans, not after this year (this year if none): the year pages
        and the API show when none is asked for, so that an archive (the demo's 2020) shows
        its plans and a list of next year's plans, imported in December, waits for its year."""
        year = (
            self.filter(year__lte=this_year()).order_by("-year").values_list("year", flat=True)
        ).first()
        return year or this_year()


class AnnualPlan(models.Model):
    """A project's planned investment for one year (年度计划投资): one per project and year, so
    that next year's list never changes this year's figures."""

    # Found by project through the (project, year) constraint's index: no index of its own.
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="plans",
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(
        _("plan year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    amount = money_field(_("planned investment (万元)"))
    history = HistoricalRecords()

    objects = AnnualPlanQuerySet.as_manager()

    class Meta:
        ordering = ["project", "year"]
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="plan_once_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="plan_not_negative"),
        ]

    def __str__(self):
        return f"{self.project} {self.year}"

    def clean(self):
        if (
            self.amount is not None
            and self.project_id
            and self.amount > self.project.total_investment
        ):
            raise ValidationError(
                {"amount": _("This year's plan cannot exceed the total investment.")}
            )


class StageTransition(models.Model):
    """One dated move of a project along the pipeline: the project's stage timeline."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self):
        return f"{self.project} {self.date} {self.to_stage}"


class GroundbreakingBatchQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """Batches held in the user's region, or that contain a project the user may see."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_city:
            return (
                self
                if action == "view" or user.is_superuser or user.role == Role.CITY
                else self.none()
            )
        if action != "view":
            if user.role != Role.COUNTY or not user.region_id:
                return self.none()
            return self.filter(region_id__in=user.region.descendant_ids())
        visible = Project.objects.restrict(user, "view")
        scope = Q(projects__in=visible)
        if user.role == Role.COUNTY and user.region_id:
            scope |= Q(region_id__in=user.region.descendant_ids())
        return self.filter(pk__in=self.model.objects.filter(scope).values("pk"))


class GroundbreakingBatch(VersionedModel):
    """A groundbreaking ceremony (集中开工): many projects start on one day."""

    name = models.CharField(_("name"), max_length=150)
    date = models.DateField(_("date"))
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="batches"
    )
    location = models.CharField(_("location"), max_length=150, blank=True)
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), related_name="batches", blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(m2m_fields=[projects])

    objects = GroundbreakingBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("groundbreaking batch")
        verbose_name_plural = _("groundbreaking batches")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"

    def get_absolute_url(self):
        return reverse("projects:batch_detail", args=[self.pk])


class WorkStatusEvent(models.Model):
    """A suspension or resumption of work (停工 / 复工) on a project's site."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="work_events"
    )
    kind = models.CharField(_("event"), max_length=10, choices=WorkStatusKind.choices)
    date = models.DateField(_("date"))
    reason = models.CharField(
        _("reason"), max_length=20, choices=StoppageReason.choices, blank=True
    )
    workers_on_site = models.PositiveIntegerField(_("workers on site"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("work status event")
        verbose_name_plural = _("work status events")

    def __str__(self):
        return f"{self.project} {self.get_kind_display()} {self.date}"
