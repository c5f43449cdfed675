from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groundbreak.core.history import change_log
from groundbreak.notifications import services
from groundbreak.notifications.forms import RobotChannelForm
from groundbreak.notifications.models import Delivery, Notification, RobotChannel


@login_required
def inbox(request):
    """The user's notifications, unread first, newest first."""
    notifications = Notification.objects.restrict(request.user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at", "-pk"
    )
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def notification_open(request, pk):
    """Mark the notification read and go to what it is about."""
    notification = get_object_or_404(Notification.objects.restrict(request.user), pk=pk)
    services.mark_read(notification, by=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification.objects.restrict(request.user), pk=pk)
    services.mark_read(notification, by=request.user)
    return redirect("notifications:inbox")


@login_required
@require_POST
def inbox_read_all(request):
    count = services.mark_all_read(by=request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return redirect("notifications:inbox")


def _check_city(user):
    if not services.may_manage_channels(user):
        raise PermissionDenied(_("Robot channels are managed by city staff."))


@login_required
def channel_list(request):
    _check_city(request.user)
    channels = RobotChannel.objects.select_related("region", "department")
    deliveries = services.recent_deliveries().select_related("channel", "recipient")[:100]
    return render(
        request,
        "notifications/channel_list.html",
        {"channels": channels, "deliveries": deliveries},
    )


@login_required
def channel_edit(request, pk=None):
    _check_city(request.user)
    channel = get_object_or_404(RobotChannel, pk=pk) if pk else None
    form = RobotChannelForm(request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        services.save_channel(form.instance, by=request.user)
        messages.success(request, _("Robot channel %(name)s saved.") % {"name": form.instance})
        return redirect("notifications:channel_list")
    return render(
        request,
        "notifications/channel_form.html",
        {"form": form, "channel": channel, "changes": change_log(channel) if channel else []},
    )


@login_required
@require_POST
def channel_test(request, pk):
    _check_city(request.user)
    channel = get_object_or_404(RobotChannel, pk=pk)
    services.send_test_message(channel, by=request.user)
    messages.success(
        request,
        _("A test message to %(name)s is on its way; its outcome is listed below.")
        % {"name": channel},
    )
    return redirect("notifications:channel_list")


@login_required
@require_POST
def delivery_retry(request, pk):
    _check_city(request.user)
    delivery = get_object_or_404(Delivery, pk=pk)
    services.retry_delivery(delivery, by=request.user)
    messages.success(request, _("Sending again."))
    return redirect("notifications:channel_list")
