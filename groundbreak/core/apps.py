from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Django 6.1's new empty choice label is not in its own zh_Hans catalogue yet; naming it here
# keeps it in ours.
gettext_noop("- Select an option -")


class CoreConfig(AppConfig):
    name = "groundbreak.core"
    label = "core"

    def ready(self):
        from django.db.models.signals import pre_save

        from groundbreak.core.history import skip_history_of_raw_saves

        pre_save.connect(skip_history_of_raw_saves, dispatch_uid="skip_history_of_raw_saves")
        from groundbreak.core import checks  # noqa: F401 (registers the start-up checks)
