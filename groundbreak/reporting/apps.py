from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "groundbreak.reporting"
    label = "reporting"
    verbose_name = _("Monthly reporting")

    def ready(self):
        from groundbreak.projects.signals import plans_changed
        from groundbreak.reporting.services import follow_plans

        plans_changed.connect(follow_plans, dispatch_uid="reporting.follow_plans")

        import functools

        from groundbreak.imports.models import ImportKind
        from groundbreak.imports.registry import ImportKindHandler, register
        from groundbreak.reporting import importing, importing_apply

        def period_field(user):
            from django import forms

            from groundbreak.reporting.models import ReportingPeriod
            from groundbreak.reporting.selectors import default_period

            return {
                "period": forms.ModelChoiceField(
                    label=_("Reporting period"),
                    queryset=ReportingPeriod.objects.order_by("-year", "-last_month"),
                    initial=default_period(user),
                    required=False,
                    help_text=_(
                        "For monthly reports and statistics figures: the period the table is for."
                    ),
                )
            }

        def apply(plan, preview, *, by, reason, record=None):
            return importing_apply.apply_report_import(preview, by=by, reason=reason, record=record)

        messages = {
            ImportKind.REPORTS: _(
                "Imported: %(created)s reports created, %(submitted)s submitted, %(corrected)s corrected."
            ),
            ImportKind.STATISTICS: _(
                "Imported: %(created)s statistics figures created, %(updated)s updated."
            ),
        }
        for kind, message in messages.items():

            def plan(table, *, kind=kind, **kwargs):
                return importing.plan_report_import(table, kind=kind, **kwargs)

            register(
                ImportKindHandler(
                    name=kind,
                    plan=plan,
                    to_preview=importing_apply.plan_to_preview,
                    apply=apply,
                    compared=importing_apply.COMPARED,
                    applied_message=message,
                    options=("period",),
                    clean_options=importing.clean_options,
                    option_fields=period_field,
                    fields=functools.partial(importing.column_fields, kind),
                )
            )
