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
        from groundbreak.projects.importing.since import newest_ids, refuse_registered_since

        def plan(table, *, options=None, **kwargs):
            newest = newest_ids()
            plan = importing.plan_project_import(table, **kwargs)
            plan.newest_ids = newest
            return plan

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
            )
        )
