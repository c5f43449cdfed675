import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from groundbreak.core.messages import Msg
from groundbreak.notifications import services
from groundbreak.notifications.models import Notification, RobotChannel

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(city_user, jiangchuan_user):
    mine = services.notify(
        recipients=[jiangchuan_user], subject="江川项目预警", link="/projects/", level="yellow"
    )[0]
    theirs = services.notify(recipients=[city_user], subject="全市预警", level="orange")[0]
    return mine, theirs


def test_inbox_lists_only_own_notifications_unread_first(client, jiangchuan_user, items):
    mine, theirs = items
    older = services.notify(recipients=[jiangchuan_user], subject="已读通知")[0]
    services.mark_read(older, by=jiangchuan_user)
    client.force_login(jiangchuan_user)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "江川项目预警" in page and "全市预警" not in page
    assert page.index("江川项目预警") < page.index("已读通知")


def test_header_shows_the_unread_count_with_one_query(
    client, jiangchuan_user, items, django_assert_num_queries
):
    services.notify(recipients=[jiangchuan_user], subject="第二条")
    client.force_login(jiangchuan_user)
    page = client.get(reverse("projects:batch_list")).content.decode()
    assert 'id="nav-inbox"' in page and '<span class="count"' in page
    assert ">2</span>" in page
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = jiangchuan_user
    from groundbreak.notifications.context_processors import unread_notifications

    count = unread_notifications(request)["unread_notifications"]
    with django_assert_num_queries(1):
        assert Template("{{ n }}").render(Context({"n": count})) == "2"


def test_opening_marks_read_and_goes_to_the_item(client, jiangchuan_user, city_user, items):
    mine, theirs = items
    client.force_login(jiangchuan_user)
    answer = client.get(reverse("notifications:notification_open", args=[mine.pk]))
    assert answer.status_code == 302 and answer["Location"] == "/projects/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert (
        client.get(reverse("notifications:notification_open", args=[theirs.pk])).status_code == 404
    )
    assert (
        client.post(reverse("notifications:notification_read", args=[theirs.pk])).status_code == 404
    )
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(client, jiangchuan_user, items):
    client.force_login(jiangchuan_user)
    services.notify(recipients=[jiangchuan_user], subject="第二条")
    client.post(reverse("notifications:inbox_read_all"))
    assert not Notification.objects.filter(recipient=jiangchuan_user, read_at=None).exists()
    assert Notification.objects.filter(read_at=None).count() == 1  # the city user's


def test_message_is_shown_in_the_readers_language(client, jiangchuan_user):
    services.notify(recipients=[jiangchuan_user], subject=Msg("Groundbreak test message"))
    client.force_login(jiangchuan_user)
    assert "重点项目调度测试消息" in client.get(reverse("notifications:inbox")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("notifications:inbox"), headers={"accept-language": "en"})
    assert "Groundbreak test message" in english.content.decode()


def test_api_lists_and_marks_only_own(jiangchuan_user, items):
    mine, theirs = items
    api = APIClient()
    api.force_authenticate(jiangchuan_user)
    listed = api.get("/api/notifications/").json()
    assert [n["id"] for n in listed["results"]] == [mine.pk]
    assert api.get(f"/api/notifications/{theirs.pk}/").status_code == 404
    assert api.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    answer = api.post(f"/api/notifications/{mine.pk}/read/")
    assert answer.status_code == 200 and answer.json()["read_at"]
    assert api.get("/api/notifications/", {"unread": "true"}).json()["results"] == []


def test_only_city_staff_manage_robot_channels(client, city_user, jiangchuan_user, jiangchuan):
    client.force_login(jiangchuan_user)
    assert client.get(reverse("notifications:channel_list")).status_code == 403
    assert client.post(reverse("notifications:channel_add"), {"name": "x"}).status_code == 403
    client.force_login(city_user)
    answer = client.post(
        reverse("notifications:channel_add"),
        {
            "name": "江川区群",
            "kind": "wecom",
            "webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
            "region": jiangchuan.pk,
            "levels": ["orange", "red"],
            "active": "on",
        },
    )
    assert answer.status_code == 302
    channel = RobotChannel.objects.get()
    assert channel.levels == ["orange", "red"] and channel.region == jiangchuan
    assert channel.history.get().history_user == city_user
    page = client.get(reverse("notifications:channel_list")).content.decode()
    assert "江川区群" in page
    api = APIClient()
    api.force_authenticate(jiangchuan_user)
    assert api.get("/api/robot-channels/").status_code == 403
    api.force_authenticate(city_user)
    listed = api.get("/api/robot-channels/").json()["results"]
    assert listed[0]["region"] == jiangchuan.code and "secret" not in listed[0]


def test_city_staff_edit_test_and_resend_a_channel_from_the_pages(
    client, city_user, jiangchuan, django_capture_on_commit_callbacks
):
    from groundbreak.notifications.models import Delivery, DeliveryStatus

    channel = services.save_channel(
        RobotChannel(
            name="江川区群",
            kind="dingtalk",
            webhook_url="http://127.0.0.1:9/robot/send?access_token=t",
            secret="SECx",
        ),
        by=city_user,
    )
    client.force_login(city_user)
    page = client.get(reverse("notifications:channel_edit", args=[channel.pk]))
    assert page.status_code == 200 and 'id="history"' in page.content.decode()
    answer = client.post(
        reverse("notifications:channel_edit", args=[channel.pk]),
        {"name": "江川区调度群", "kind": "dingtalk", "webhook_url": channel.webhook_url,
         "secret": "SECx", "region": jiangchuan.pk, "active": "on"},
    )  # fmt: skip
    assert answer.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "江川区调度群" and channel.levels == [] and channel.region == jiangchuan
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:channel_test", args=[channel.pk]))
    delivery = Delivery.objects.get(channel=channel)
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 1  # nobody at :9
    listed = client.get(reverse("notifications:channel_list")).content.decode()
    assert reverse("notifications:delivery_retry", args=[delivery.pk]) in listed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:delivery_retry", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.attempts == 2
