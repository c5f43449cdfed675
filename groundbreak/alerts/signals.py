"""What the alerts app tells the apps above it (notifications), without knowing them.

``warning_changed`` is sent (sender=Warning, warning=…, event=WarningEvent, exempt=bool) in the
evaluating transaction each time a warning is raised, escalated, lowered or cleared. A receiver
that sends anything out of the database does it in ``transaction.on_commit``; an exempt warning
(``exempt=True``) is still evaluated and recorded, but is not to be escalated to anyone.
"""

from django.dispatch import Signal

warning_changed = Signal()
