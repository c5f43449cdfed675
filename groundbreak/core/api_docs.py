"""The API's schema and docs: readable by anyone while DEBUG is on (a developer's machine), by
logged-in users only on a real install."""

from csp.decorators import csp_update
from django.conf import settings
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny, IsAuthenticated


class _LoginOutsideDebug:
    """Readable by anyone while DEBUG is on (a developer's machine); by logged-in users else."""

    def get_permissions(self):
        return [AllowAny()] if settings.DEBUG else [IsAuthenticated()]


class SchemaView(_LoginOutsideDebug, SpectacularAPIView):
    pass


# Swagger UI's page carries a small inline <style>; its script comes as a file (split view).
@method_decorator(csp_update({"style-src": ["'unsafe-inline'"]}), name="dispatch")
class DocsView(_LoginOutsideDebug, SpectacularSwaggerSplitView):
    pass
