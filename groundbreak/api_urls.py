"""The REST API root: every app registers its viewsets on one router."""

from rest_framework.routers import DefaultRouter

from groundbreak.alerts.api import views as alert_views
from groundbreak.appraisal.api import views as appraisal_views
from groundbreak.dispatch.api import views as dispatch_views
from groundbreak.dispatch.bulletins import api as bulletin_views
from groundbreak.finance.api import views as finance_views
from groundbreak.imports.api import views as import_views
from groundbreak.lists.api import views as lists_views
from groundbreak.notifications.api import views as notification_views
from groundbreak.planning.api import views as planning_views
from groundbreak.projects.api import views as project_views
from groundbreak.regions.api import views as region_views
from groundbreak.reporting.api import views as reporting_views
from groundbreak.scoreboard.api import views as scoreboard_views

router = DefaultRouter()
router.register("regions", region_views.RegionViewSet)
router.register("sectors", region_views.SectorViewSet)
router.register("projects", project_views.ProjectViewSet, basename="project")
router.register("batches", project_views.GroundbreakingBatchViewSet, basename="batch")
router.register("work-status", project_views.WorkStatusEventViewSet, basename="work-status")
router.register("resumption", project_views.ResumptionViewSet, basename="resumption")
router.register("imports", import_views.ImportRecordViewSet, basename="import")
router.register("reports", reporting_views.MonthlyReportViewSet, basename="report")
router.register(
    "statistics-figures", reporting_views.StatisticsFigureViewSet, basename="statistics-figure"
)
router.register(
    "reporting-periods", reporting_views.ReportingPeriodViewSet, basename="reporting-period"
)
router.register("evidence", reporting_views.EvidenceViewSet, basename="evidence")
router.register("notifications", notification_views.NotificationViewSet, basename="notification")
router.register("robot-channels", notification_views.RobotChannelViewSet, basename="robot-channel")
router.register("warnings", alert_views.WarningViewSet, basename="warning")
router.register("warning-exemptions", alert_views.ExemptionViewSet, basename="warning-exemption")
router.register("warning-rules", alert_views.RuleViewSet, basename="warning-rule")
router.register("targets", lists_views.TargetViewSet, basename="target")
router.register("problems", lists_views.ProblemViewSet, basename="problem")
router.register("measures", lists_views.MeasureViewSet, basename="measure")
router.register("meetings", dispatch_views.MeetingViewSet, basename="meeting")
router.register("agenda-lines", dispatch_views.AgendaLineViewSet, basename="agenda-line")
router.register(
    "supervision-items", dispatch_views.SupervisionItemViewSet, basename="supervision-item"
)
router.register("appraisals", appraisal_views.AppraisalViewSet, basename="appraisal")
router.register(
    "appraisal-criteria", appraisal_views.CriterionViewSet, basename="appraisal-criterion"
)
router.register("service-cadres", scoreboard_views.ServiceCadreViewSet, basename="service-cadre")
router.register("scoreboard", scoreboard_views.ScoreboardViewSet, basename="scoreboard")
router.register("score-weights", scoreboard_views.ScoreWeightsViewSet, basename="score-weights")

router.register("bulletins", bulletin_views.BulletinViewSet, basename="bulletin")
router.register(
    "bulletin-objections", bulletin_views.ObjectionViewSet, basename="bulletin-objection"
)
router.register(
    "planning-targets", planning_views.InvestmentTargetViewSet, basename="planning-target"
)
router.register("planning-accounts", planning_views.AccountViewSet, basename="planning-account")
router.register("planning-locks", planning_views.AccountLockViewSet, basename="planning-lock")
router.register("planning-weights", planning_views.StartWeightViewSet, basename="planning-weight")
router.register("finance-channels", finance_views.ChannelViewSet, basename="finance-channel")
router.register(
    "finance-declarations", finance_views.DeclarationViewSet, basename="finance-declaration"
)
router.register("finance-movements", finance_views.FundMovementViewSet, basename="finance-movement")
router.register("finance-gaps", finance_views.FundingGapViewSet, basename="finance-gap")


app_name = "api"
urlpatterns = router.urls
