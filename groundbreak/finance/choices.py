"""The finance app's fixed choices: channel kinds, declaration statuses, movement kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChannelKind(models.TextChoices):
    SPECIAL_BOND = "special_bond", _("Special bonds")
    PPP = "ppp", _("PPP")
    CENTRAL_BUDGET = "central_budget", _("Central budget investment")
    CITY_FUND = "city_fund", _("City's own funds")
    OTHER = "other", _("Other channel")


class DeclarationStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    DECLARED = "declared", _("Declared")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Funds issued")
    REJECTED = "rejected", _("Not approved")


class MovementKind(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("money", "Received")  # 到位, not a document's 签收
    PAID = "paid", _("Paid out")
