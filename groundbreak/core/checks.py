"""Start-up checks: a real install refuses to start rather than answer every page with 500."""

from django.conf import settings
from django.core.checks import Error, register


def static_files_missing():
    """Why the collected static files cannot serve the pages, or "" when they can."""
    if settings.DEBUG:
        return ""
    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if "Manifest" not in backend:
        return ""
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if manifest.exists():
        return ""
    return (
        f"The static files are not collected ({manifest} is missing), so every page would "
        "answer 500: run `groundbreak collectstatic --noinput` before starting the server "
        "(again after each upgrade)."
    )


# A deploy check, not an every-command one: `migrate` on a fresh install must run before the
# static files are collected.
@register(deploy=True)
def check_static_files(app_configs, **kwargs):
    reason = static_files_missing()
    return [Error(reason, id="groundbreak.E001")] if reason else []
