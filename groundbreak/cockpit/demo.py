"""The demo's cockpit (演示驾驶舱): the city's figures of March 2020, computed once at the demo's
pinned date, so that a leader logging in sees 玉溪市's position at once."""

from groundbreak.cockpit.models import Snapshot
from groundbreak.cockpit.services import refresh_snapshot


def present():
    return Snapshot.objects.exists()


def build(demo):
    snapshot = refresh_snapshot()
    demo.say(f"Cockpit figures of {snapshot.period} computed")
    return {"counts": {"cockpit snapshots": 1}}
