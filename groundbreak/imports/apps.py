from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "groundbreak.imports"
    label = "imports"
    verbose_name = _("Spreadsheet imports")

    def ready(self):
        from groundbreak.core.jobs import Every, register_periodic
        from groundbreak.imports.tasks import fail_stalled_imports

        register_periodic(fail_stalled_imports, Every(minutes=10))
