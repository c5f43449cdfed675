"""What the projects app tells the apps above it, without knowing them."""

from django.dispatch import Signal

# Sent (sender=AnnualPlan, pairs=[(project id, year), …]) in the writing transaction when plans
# were set or removed, so that what copies a year's plan (the year summaries) follows it.
plans_changed = Signal()
