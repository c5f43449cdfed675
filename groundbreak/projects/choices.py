from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The pipeline: 储备 → 前期 → 新开工 / 续建 → 竣工 → 投产."""

    RESERVE = "reserve", _("Reserve")
    PRELIMINARY = "preliminary", _("Preliminary work")
    NEW_START = "new_start", _("New start")
    CONTINUING = "continuing", _("Continuing construction")
    COMPLETED = "completed", _("Completed")
    IN_PRODUCTION = "in_production", _("In production")


STARTED_STAGES = (Stage.NEW_START, Stage.CONTINUING, Stage.COMPLETED, Stage.IN_PRODUCTION)
UNDER_CONSTRUCTION_STAGES = (Stage.NEW_START, Stage.CONTINUING)

# The only moves along the pipeline; a project shelved during preliminary work may go back
# to the reserve. Anything else (e.g. reserve straight to completed) is refused.
ALLOWED_TRANSITIONS = {
    Stage.RESERVE: (Stage.PRELIMINARY,),
    Stage.PRELIMINARY: (Stage.RESERVE, Stage.NEW_START),
    Stage.NEW_START: (Stage.CONTINUING, Stage.COMPLETED),
    Stage.CONTINUING: (Stage.COMPLETED,),
    Stage.COMPLETED: (Stage.IN_PRODUCTION,),
    Stage.IN_PRODUCTION: (),
}


class ProjectField(models.TextChoices):
    """领域: the three broad areas the city reports investment in."""

    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    SOCIAL = "social", _("Social services")
    INDUSTRY = "industry", _("Industrial development")


class ConstructionNature(models.TextChoices):
    NEW = "new", _("New construction")
    EXPANSION = "expansion", _("Expansion")
    RECONSTRUCTION = "reconstruction", _("Reconstruction")
    RELOCATION = "relocation", _("Relocation")


class WorkStatusKind(models.TextChoices):
    SUSPENDED = "suspended", _("Work suspended")
    RESUMED = "resumed", _("Work resumed")


class StoppageReason(models.TextChoices):
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival break")
    EPIDEMIC = "epidemic", _("Epidemic control")
    FUNDS = "funds", _("Funds")
    LAND = "land", _("Land or forest land")
    APPROVALS = "approvals", _("Approvals")
    LABOUR = "labour", _("Labour")
    WEATHER = "weather", _("Season or weather")
    SAFETY = "safety", _("Safety or environment inspection")
    OTHER = "other", _("Other")
