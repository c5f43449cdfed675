from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    CITY = "city", _("City staff")
    COUNTY = "county", _("County bureau")
    DEPARTMENT = "department", _("Department in charge")
    OWNER = "owner", _("Project owner")
    LEADER = "leader", _("City leader")
    AUDITOR = "auditor", _("Auditor (read only)")


class Department(models.Model):
    """A competent department (行业主管部门) that is put in charge of projects."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name


class Leader(models.Model):
    """A city leader (市级领导) who personally takes charge of key projects (包保)."""

    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("leader in charge")
        verbose_name_plural = _("leaders in charge")

    def __str__(self):
        return f"{self.name}（{self.post}）" if self.post else self.name


class OwnerUnit(models.Model):
    """A project owner (项目业主 / 建设单位): the unit that builds and reports on a project."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("owner unit")
        verbose_name_plural = _("owner units")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who signs in; the role and its anchor (county, department, owner, leader) set the scope."""

    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.CITY)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("county"), null=True, blank=True, on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT
    )
    owner_unit = models.ForeignKey(
        OwnerUnit, verbose_name=_("owner unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    leader = models.ForeignKey(
        Leader, verbose_name=_("leader"), null=True, blank=True, on_delete=models.PROTECT
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    ANCHORS = {
        Role.COUNTY: "region",
        Role.DEPARTMENT: "department",
        Role.OWNER: "owner_unit",
        Role.LEADER: "leader",
    }

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self):
        anchor = self.ANCHORS.get(self.role)
        if anchor and getattr(self, f"{anchor}_id") is None:
            raise ValidationError(
                {
                    anchor: _("A user with the role %(role)s needs this field.")
                    % {"role": self.get_role_display()}
                }
            )

    @property
    def sees_whole_city(self):
        """City staff, city leaders (市级领导) and auditors read the whole city."""
        return self.is_superuser or self.role in (Role.CITY, Role.LEADER, Role.AUDITOR)
