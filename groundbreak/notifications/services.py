"""Notifying (通知): inbox rows at once; e-mail and group robots at once for urgent (red) ones and
otherwise in one digest a day per recipient and per robot channel — never a stream of messages.

Anything that leaves the database is a task enqueued on commit (``send_delivery``), so nothing is
sent for a change that rolled back and no web request waits for a robot.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from groundbreak.accounts.models import Role
from groundbreak.notifications import robots
from groundbreak.notifications.models import (
    RANK,
    Delivery,
    DeliveryStatus,
    Level,
    Notification,
    RobotChannel,
)

LEVEL_ORDER = [Level.RED, Level.ORANGE, Level.YELLOW, Level.INFO]


def _stored(text):
    return text.stored() if hasattr(text, "stored") else None


def notify(
    *,
    recipients,
    subject,
    body="",
    link="",
    level=Level.INFO,
    urgent=False,
    key="",
    region=None,
    department=None,
):
    """Put a notification in each recipient's inbox and return the rows made.

    1. A recipient who already has one with the same ``key`` at this level or higher is skipped
       (a warning that stays yellow notifies once; one that turns orange notifies again).
    2. Urgent ones (and every red one) are e-mailed and posted to the robot channels at once;
       the others wait for the daily digest (``send_digest``).
    ``subject`` and ``body`` may be ``core.messages.Msg``: the inbox shows them in the reader's
    language.
    """
    return notify_many(
        [
            Notice(
                recipients=[u.pk for u in recipients if u is not None and u.is_active],
                subject=subject,
                body=body,
                link=link,
                level=level,
                urgent=urgent,
                key=key,
                region_id=region.pk if region is not None else None,
                department_id=department.pk if department is not None else None,
            )
        ]
    )


@dataclass
class Notice:
    """One message for some recipients (ids of active users), as ``notify_many`` takes it."""

    recipients: list
    subject: str
    body: str = ""
    link: str = ""
    level: str = Level.INFO
    urgent: bool = False
    key: str = ""
    region_id: int | None = None
    department_id: int | None = None


def notify_many(notices, *, returning=True):
    """``notify`` for many messages at once (an evaluation's warnings): the earlier ones of the
    same keys read in a few queries, one insert, and at most one sending task for the urgent
    ones of the transaction, however many there are. Returns the rows made, or (``returning``
    false: thousands of rows, nobody reads them back) only how many."""
    wanted = {(n.key, pk) for n in notices if n.key for pk in n.recipients}
    earlier = defaultdict(int)  # (key, recipient) → highest level notified
    keys = sorted({key for key, _pk in wanted})
    for start in range(0, len(keys), 500):
        for key, user_id, earlier_level in Notification.objects.filter(
            key__in=keys[start : start + 500]
        ).values_list("key", "recipient_id", "level"):
            if (key, user_id) in wanted:
                earlier[key, user_id] = max(earlier[key, user_id], RANK[earlier_level])
    rows, urgent = [], False
    for n in notices:
        is_urgent = n.urgent or n.level == Level.RED
        values = {
            "subject": str(n.subject)[:200],
            "subject_msg": _stored(n.subject),
            "body": str(n.body),
            "body_msg": _stored(n.body),
            "link": n.link,
            "level": n.level,
            "urgent": is_urgent,
            "key": n.key,
            "region_id": n.region_id,
            "department_id": n.department_id,
        }
        for user_id in dict.fromkeys(n.recipients):
            if n.key and earlier.get((n.key, user_id), -1) >= RANK[n.level]:
                continue
            urgent = urgent or is_urgent
            rows.append({"recipient_id": user_id, **values})
    if not rows:
        return [] if returning else 0
    with transaction.atomic():
        if returning:
            made = Notification.objects.bulk_create([Notification(**row) for row in rows])
        else:
            made = _insert_notifications(rows)
        if urgent:
            _enqueue_urgent_on_commit()
    return made


NOTIFICATION_COLUMNS = ["recipient_id", "subject", "subject_msg", "body", "body_msg", "link",
                        "level", "urgent", "key", "region_id", "department_id"]  # fmt: skip


def _insert_notifications(rows):
    """One INSERT … executemany for many rows (bulk_create builds its SQL value by value)."""
    connection = transaction.get_connection()
    ops, quote = connection.ops, connection.ops.quote_name
    stamp = ops.adapt_datetimefield_value(timezone.now())
    columns = [Notification._meta.get_field(name).column for name in NOTIFICATION_COLUMNS]
    sql = (
        f"INSERT INTO {quote(Notification._meta.db_table)} "
        f"({', '.join(quote(c) for c in [*columns, 'created_at'])}) "
        f"VALUES ({', '.join(['%s'] * (len(columns) + 1))})"
    )
    params = []
    for row in rows:
        values = [row[name] for name in NOTIFICATION_COLUMNS]
        for at in (2, 4):  # the stored messages (JSON)
            if values[at] is not None:
                values[at] = ops.adapt_json_value(values[at], None)
        params.append([*values, stamp])
    with connection.cursor() as cursor:
        for start in range(0, len(params), 5000):
            cursor.executemany(sql, params[start : start + 5000])
    return len(params)


def _enqueue_urgent_on_commit():
    """Send the urgent ones when the transaction commits, once for the whole transaction: a
    callback already waiting at this savepoint or an outer one sends them all."""
    connection = transaction.get_connection()
    current = set(connection.savepoint_ids)
    if any(
        func is _enqueue_urgent and sids <= current for sids, func, _r in connection.run_on_commit
    ):
        return
    transaction.on_commit(_enqueue_urgent)


def _enqueue_urgent():
    from groundbreak.notifications.tasks import send_urgent_notifications

    send_urgent_notifications.enqueue()


def _enqueue(pks):
    from groundbreak.notifications.tasks import send_delivery

    for pk in pks:
        send_delivery.enqueue(pk)


def absolute(path):
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def _receives(channel, notification):
    """Whether the channel receives the notification: a city-wide channel everything of its
    levels, a county's channel its county and the zones below it, a department's its own."""
    if channel.levels and notification.level not in channel.levels:
        return False
    if channel.department_id and channel.department_id != notification.department_id:
        return False
    if channel.region_id:
        if not hasattr(channel, "_region_ids"):
            channel._region_ids = channel.region.descendant_ids()
        return notification.region_id in channel._region_ids
    return True


def send_urgent(*, now=None):
    """Send the urgent notifications not sent yet: one e-mail per recipient and one post per robot
    channel for all of them together, so that an evaluation raising ten red warnings sends one
    message, not ten. Safe to run twice: the rows are claimed by stamping them. Returns the
    deliveries made."""
    now = now or timezone.now()
    waiting = Notification.objects.filter(urgent=True, sent_at__isnull=True)
    ids = list(waiting.values_list("pk", flat=True))
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        Notification.objects.filter(pk__in=ids, sent_at__isnull=True).update(sent_at=now)
        claimed = list(
            Notification.objects.filter(pk__in=ids, sent_at=now)
            .select_related("recipient")
            .order_by("created_at", "pk")
        )
        if not claimed:
            return []
        deliveries = _urgent_emails(claimed) + _urgent_posts(claimed)
        made = Delivery.objects.bulk_create(deliveries)
        transaction.on_commit(lambda: _enqueue([d.pk for d in made]))
    return made


def _urgent_subject(items):
    if len(items) == 1:
        return _("[%(level)s] %(subject)s") % {
            "level": items[0].get_level_display(),
            "subject": items[0].subject_text,
        }
    return _("Groundbreak: %(count)s urgent notifications") % {"count": len(items)}


def _urgent_emails(claimed):
    by_recipient = defaultdict(list)
    for n in claimed:
        if n.recipient.email and n.recipient.is_active:
            by_recipient[n.recipient].append(n)
    return [
        Delivery(
            recipient=user,
            address=user.email,
            subject=_urgent_subject(items)[:200],
            payload={"body": _digest_text(items)},
            items=len(items),
        )
        for user, items in by_recipient.items()
    ]


def _urgent_posts(claimed):
    posts = []
    for channel in RobotChannel.objects.filter(active=True).select_related("region"):
        unique = _unique(n for n in claimed if _receives(channel, n))
        if not unique:
            continue
        title = _urgent_subject(unique)
        lines = [_robot_line(n) for n in unique]
        posts.append(
            Delivery(
                channel=channel,
                subject=title[:200],
                payload=robots.payload(
                    channel.kind, title, lines, absolute(reverse("notifications:inbox"))
                ),
                items=len(lines),
            )
        )
    return posts


def _unique(notifications):
    """One per item, not per recipient (the same notice went to several inboxes), the most
    serious first."""
    seen, unique = set(), []
    for n in sorted(notifications, key=lambda n: -RANK[n.level]):
        ident = (n.key or n.subject, n.level, n.link)
        if ident not in seen:
            seen.add(ident)
            unique.append(n)
    return unique


def _email_item(n):
    link = absolute(n.get_absolute_url())
    text = n.subject_text
    if n.body_text:
        text += "\n  " + n.body_text.replace("\n", "\n  ")
    return f"- {text}\n  {link}"


def _robot_line(n):
    target = absolute(n.link or reverse("notifications:inbox"))
    return f"- 【{n.get_level_display()}】[{n.subject_text}]({target})"


# --- the daily digest ----------------------------------------------------------------------------


def send_digest(*, now=None):
    """One e-mail per recipient and one post per robot channel with what is new since their last
    digest; at most one of each a day, however often it runs. Returns (e-mails, robot posts)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        emails = _email_digests(now, day)
        posts = _robot_digests(now, day)
        made = [d.pk for d in emails + posts]
        transaction.on_commit(lambda: _enqueue(made))
    return len(emails), len(posts)


def _email_digests(now, day):
    waiting = Notification.objects.filter(sent_at__isnull=True, urgent=False).exclude(
        recipient__in=Delivery.objects.filter(digest_day=day, recipient__isnull=False).values(
            "recipient"
        )
    )
    by_recipient = defaultdict(list)
    for n in waiting.select_related("recipient").order_by("created_at", "pk"):
        by_recipient[n.recipient].append(n)
    deliveries, done = [], []
    for user, items in by_recipient.items():
        done += [n.pk for n in items]
        if not user.email or not user.is_active:
            continue  # the inbox has them; nowhere to mail
        subject = _("Groundbreak: %(count)s new notifications") % {"count": len(items)}
        deliveries.append(
            Delivery(
                recipient=user,
                address=user.email,
                digest_day=day,
                subject=subject,
                payload={"body": _digest_text(items)},
                items=len(items),
            )
        )
    Notification.objects.filter(pk__in=done).update(sent_at=now)
    return Delivery.objects.bulk_create(deliveries)


def _digest_text(items):
    parts = []
    for level in LEVEL_ORDER:
        of_level = [n for n in items if n.level == level]
        if of_level:
            parts.append(f"【{level.label}】{len(of_level)}")
            parts += [_email_item(n) for n in of_level]
            parts.append("")
    parts.append(_("Your inbox: %(link)s") % {"link": absolute(reverse("notifications:inbox"))})
    return "\n".join(parts)


def _robot_digests(now, day):
    done_today = set(
        Delivery.objects.filter(digest_day=day, channel__isnull=False).values_list(
            "channel_id", flat=True
        )
    )
    deliveries = []
    channels = RobotChannel.objects.filter(active=True).exclude(pk__in=done_today)
    for channel in channels.select_related("region"):
        last = (
            Delivery.objects.filter(channel=channel, digest_day__isnull=False)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        items = Notification.objects.filter(
            urgent=False, created_at__gt=last or channel.created_at, created_at__lte=now
        )
        if channel.region_id:
            items = items.filter(region_id__in=channel.region.descendant_ids())
        if channel.department_id:
            items = items.filter(department_id=channel.department_id)
        if channel.levels:
            items = items.filter(level__in=channel.levels)
        lines = [_robot_line(n) for n in _unique(items.order_by("created_at", "pk"))]
        if not lines:
            continue
        title = _("Groundbreak daily digest: %(count)s items") % {"count": len(lines)}
        deliveries.append(
            Delivery(
                channel=channel,
                digest_day=day,
                subject=title,
                payload=robots.payload(
                    channel.kind, title, lines, absolute(reverse("notifications:inbox"))
                ),
                items=len(lines),
            )
        )
    return Delivery.objects.bulk_create(deliveries)


# --- sending -------------------------------------------------------------------------------------


def deliver(pk):
    """Send one delivery (e-mail or robot post) and record the outcome; raises on failure, so
    that the job is retried. A delivery already sent is not sent again."""
    claimed = (
        Delivery.objects.filter(pk=pk)
        .exclude(status=DeliveryStatus.SENT)
        .update(attempts=F("attempts") + 1)
    )
    if not claimed:
        return None
    delivery = Delivery.objects.select_related("channel").get(pk=pk)
    try:
        if delivery.channel_id:
            response = robots.post(delivery.channel, delivery.payload)
        else:
            EmailMessage(
                delivery.subject,
                delivery.payload.get("body", ""),
                settings.DEFAULT_FROM_EMAIL,
                [delivery.address],
            ).send()
            response = ""
    except Exception as error:
        Delivery.objects.filter(pk=pk).update(
            status=DeliveryStatus.FAILED,
            error=str(error)[:2000],
            response=getattr(error, "response", "")[:2000],
        )
        raise
    Delivery.objects.filter(pk=pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), error="", response=response[:2000]
    )
    return response


def retry_delivery(delivery, *, by):
    """Send a failed delivery again (city staff, from the robot channels' page)."""
    _check_may_manage(by)
    if delivery.status != DeliveryStatus.SENT:
        transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return delivery


# --- the inbox -----------------------------------------------------------------------------------


def mark_read(notification, *, by):
    if notification.recipient_id != by.pk:
        raise PermissionDenied(_("This notification is someone else's."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(*, by):
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.restrict(by).unread().update(read_at=timezone.now())


# --- robot channels ------------------------------------------------------------------------------


def may_manage_channels(user):
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.CITY))


def _check_may_manage(user):
    if not may_manage_channels(user):
        raise PermissionDenied(_("Robot channels are managed by city staff."))


def save_channel(channel, *, by):
    """Create or change a robot channel (city staff only)."""
    _check_may_manage(by)
    channel.full_clean()
    channel._history_user = by
    channel.save()
    return channel


def send_test_message(channel, *, by):
    """Post a test message to the channel at once (as a task); returns the pending delivery."""
    _check_may_manage(by)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Groundbreak test message")
        line = _("If you can read this, %(name)s reaches this group.") % {"name": channel.name}
        delivery = Delivery.objects.create(
            channel=channel,
            subject=title,
            payload=robots.payload(
                channel.kind, title, [line], absolute(reverse("notifications:inbox"))
            ),
            items=1,
        )
    transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return delivery


def recent_deliveries(days=7):
    return Delivery.objects.filter(created_at__gte=timezone.now() - timedelta(days=days))
