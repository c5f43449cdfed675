"""What the alerts app tells the apps above it (notifications), without knowing them.

``warnings_changed`` is sent once per evaluation (sender=Warning, changes=[(warning, event), …])
in the evaluating transaction, for every warning raised, escalated, lowered or cleared by it:
a receiver handles them together (one evaluation, one round of notifications). ``warning_changed``
is sent for each of them too (sender=Warning, warning=…, event=WarningEvent, exempt=bool), only
when someone listens. A receiver that sends anything out of the database does it in
``transaction.on_commit``; an exempt warning (``event.exempt``) is still evaluated and recorded,
but is not to be escalated to anyone.
"""

from django.dispatch import Signal

warnings_changed = Signal()
warning_changed = Signal()
