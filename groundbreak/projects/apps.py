from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "groundbreak.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from groundbreak.imports.models import ImportKind
        from groundbreak.imports.registry import ImportKindHandler, register
        from groundbreak.projects import importing
        from groundbreak.projects.importing.columns import column_fields
        from groundbreak.projects.importing.since import newest_ids, refuse_registered_since

        def prepare(*, region, by, options):
            # the newest ids first: what is registered after the county's projects are read
            # is found by them (``refuse_registered_since``)
            newest = newest_ids()
            return {"newest": newest, "lookups": importing.read_lookups(by, region)}

        def plan(table, *, options=None, newest=None, **kwargs):
            newest = newest or newest_ids()
            plan = importing.plan_project_import(table, year=(options or {}).get("year"), **kwargs)
            plan.newest_ids = newest
            return plan

        def year_field(user):
            from django import forms

            return {
                "year": forms.IntegerField(
                    label=_("Plan year"),
                    min_value=1990,
                    max_value=2100,
                    required=False,
                    help_text=_(
                        "For project lists: the year of the plans, if the file names none in a 计划年度 "
                        "column, the plan's header or the title (otherwise this year). Other years' plans "
                        "are never changed."
                    ),
                )
            }

        def apply(plan, preview, *, by, reason, record=None):
            refuse_registered_since(plan)
            return importing.apply_project_import(plan, by=by, reason=reason)

        register(
            ImportKindHandler(
                name=ImportKind.PROJECTS,
                plan=plan,
                to_preview=importing.plan_to_preview,
                apply=apply,
                compared=importing.COMPARED,
                applied_message=_("Imported: %(created)s projects created, %(updated)s updated."),
                options=("year",),
                clean_options=importing.clean_options,
                option_fields=year_field,
                fields=column_fields,
                prepare=prepare,
            )
        )
