import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundbreak.settings")
application = get_wsgi_application()

from groundbreak.core.checks import static_files_missing  # noqa: E402 (needs the settings)

if reason := static_files_missing():
    raise ImproperlyConfigured(reason)
