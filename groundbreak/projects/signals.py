"""What the projects app tells the apps above it, without knowing them."""

from django.dispatch import Signal

# Sent (sender=AnnualPlan, pairs=[(project id, year), …]) in the writing transaction when plans
# were set or removed, so that what copies a year's plan (the year summaries) follows it.
plans_changed = Signal()

# Sent (sender=the model written, project_ids=[…]) in the writing transaction after any write that
# can change a project's warnings (a report submitted or reviewed, a stage or work-status change, a
# plan), so that the warning evaluator above re-reads those projects before the commit.
project_changed = Signal()
