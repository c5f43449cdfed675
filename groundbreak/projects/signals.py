"""What the projects app tells the apps above it, without knowing them."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

# Sent (sender=AnnualPlan, pairs=[(project id, year), …]) in the writing transaction when plans
# were set or removed, so that what copies a year's plan (the year summaries) follows it.
plans_changed = Signal()


class ProjectChanged(Signal):
    """``project_changed``, which a bulk write may gather: inside ``gathered()`` each send only
    adds its project ids, and one send for all of them goes out when the block ends."""

    _gathering = ContextVar("project_changed_gathering", default=None)

    def send(self, sender, **named):
        ids = self._gathering.get()
        if ids is not None:
            ids.update(named.get("project_ids") or ())
            return []
        return super().send(sender, **named)

    @contextmanager
    def gathered(self, sender):
        """Gather the sends of the block into one (sender=``sender``), sent when it ends
        without an error; yields the set of ids, to which the block may add its own."""
        if self._gathering.get() is not None:  # an outer block gathers already
            yield self._gathering.get()
            return
        ids = set()
        token = self._gathering.set(ids)
        try:
            yield ids
        finally:
            self._gathering.reset(token)
        if ids:
            super().send(sender, project_ids=sorted(ids))


# Sent (sender=the model written, project_ids=[…]) in the writing transaction after any write that
# can change a project's warnings (a report submitted or reviewed, a stage or work-status change, a
# plan), so that the warning evaluator above re-reads those projects before the commit.
project_changed = ProjectChanged()
