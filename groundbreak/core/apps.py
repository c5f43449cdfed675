from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "groundbreak.core"
    label = "core"
