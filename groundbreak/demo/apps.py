from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "groundbreak.demo"
    label = "demo"
    verbose_name = "Demo"
