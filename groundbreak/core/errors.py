"""Error pages that say what broke, never how the server is set up."""

from django.views.debug import SafeExceptionReporterFilter


class NoSettingsExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's technical 500 page (DEBUG on) and error mails list every setting and the
    process environment (``request.META`` holds it under runserver); ours list neither."""

    def get_safe_settings(self):
        return {}

    def get_safe_request_meta(self, request):
        return {}

    def get_safe_cookies(self, request):
        return {}
