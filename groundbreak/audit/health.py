"""``/health/``: what a monitor (or nginx, or the deploy check) asks of a running install.

200 with ``{"database": "ok", "migrations": "ok", "worker": {...}}`` when the database answers
and every migration is applied; 503 otherwise. The worker's last heartbeat is reported, not
judged: a site without a worker still serves pages, and the monitor decides how long is too long.
No login: it names no record and no user.
"""

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from groundbreak.core.models import WorkerBeat


@never_cache
def health(request):
    body, healthy = {}, True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["database"] = "ok"
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        body["migrations"] = "ok" if not pending else f"{len(pending)} pending"
        healthy = not pending
        last = WorkerBeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
        age = None if last is None else round((timezone.now() - last).total_seconds())
        body["worker"] = {
            "last_seen_seconds": age,
            "alive": age is not None and age <= settings.TASKS_STALE_SECONDS,
        }
    except DatabaseError:
        body["database"], healthy = "unreachable", False
    return JsonResponse(body, status=200 if healthy else 503)
