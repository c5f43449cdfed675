"""The five lists (五张清单): targets, problems, measures, and the responsibility and deadline
views over them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListsConfig(AppConfig):
    name = "groundbreak.lists"
    label = "lists"
    verbose_name = _("Five lists")

    def ready(self):
        from groundbreak.lists import hooks
        from groundbreak.projects.panels import ProjectPanel
        from groundbreak.projects.panels import register as register_panel
        from groundbreak.reporting.sections import FillSection
        from groundbreak.reporting.sections import register as register_section

        register_panel(
            ProjectPanel(
                name="lists", template="lists/project_panel.html", context=hooks.project_panel
            )
        )
        register_section(
            FillSection(
                name="problems",
                template="lists/fill_section.html",
                context=hooks.fill_section,
                save=hooks.save_fill_section,
            )
        )
