import base64
import hashlib
import hmac
import json
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from groundbreak.notifications import services
from groundbreak.notifications.models import Delivery, DeliveryStatus, Notification
from groundbreak.notifications.tasks import send_delivery

pytestmark = pytest.mark.django_db


def _notify(users, level, **kwargs):
    kwargs.setdefault("subject", "红塔大道改造项目：计划投资完成率低于50%")
    kwargs.setdefault("link", "/projects/1/")
    return services.notify(recipients=users, level=level, **kwargs)


def test_red_reaches_dingtalk_at_once_signed_and_wecom_in_its_format(
    receiver, channels, mailed, jiangchuan, django_capture_on_commit_callbacks
):
    city, jc, _ht = mailed
    with django_capture_on_commit_callbacks(execute=True):
        made = _notify([city, jc], "red", region=jiangchuan, key="w1")
    assert len(made) == 2
    [ding] = receiver.to("/ding/robot/send")
    assert ding["body"]["msgtype"] == "markdown"
    assert set(ding["body"]["markdown"]) == {"title", "text"}
    assert "红塔大道改造项目" in ding["body"]["markdown"]["text"]
    assert "http://127.0.0.1:8000/projects/1/" in ding["body"]["markdown"]["text"]
    # The signature: base64 HMAC-SHA256 of "timestamp\nsecret" keyed by the secret.
    query = ding["query"]
    assert query["access_token"] == "abc"
    timestamp = query["timestamp"]
    assert abs(int(timestamp) - time.time() * 1000) < 60_000
    expected = base64.b64encode(
        hmac.new(
            b"SECtest-secret", f"{timestamp}\nSECtest-secret".encode(), hashlib.sha256
        ).digest()
    ).decode()
    assert query["sign"] == expected
    assert (
        "sign=" + expected.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        in (ding["raw_query"])
    )
    [wecom] = receiver.to("/wecom/webhook/send")
    assert wecom["body"]["msgtype"] == "markdown"
    assert set(wecom["body"]["markdown"]) == {"content"}
    assert "红塔大道改造项目" in wecom["body"]["markdown"]["content"]
    assert "timestamp" not in wecom["query"]
    assert sorted(m.to[0] for m in mail.outbox) == ["city@example.org", "jc@example.org"]
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 4
    # Already sent: the digest does not repeat it.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digest() == (0, 0)


def test_county_channel_gets_only_its_county(
    receiver, channels, mailed, hongta, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _notify([mailed[0]], "red", region=hongta)
    assert len(receiver.to("/ding/robot/send")) == 1
    assert receiver.to("/wecom/webhook/send") == []


def test_yellow_waits_for_the_digest_which_sends_once_a_day(
    receiver, channels, mailed, jiangchuan, django_capture_on_commit_callbacks
):
    city, jc, ht = mailed
    with django_capture_on_commit_callbacks(execute=True):
        _notify([city, jc], "yellow", region=jiangchuan, key="w2")
        _notify([city, jc], "orange", region=jiangchuan, key="w3", subject="江川项目逾期未开工")
        _notify([ht], "yellow", key="w4", subject="红塔项目月报未报")
    assert receiver.posts == [] and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digest() == (3, 2)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "city@example.org",
        "ht@example.org",
        "jc@example.org",
    ]
    city_mail = next(m for m in mail.outbox if m.to == ["city@example.org"])
    # Grouped by level (orange before yellow), with absolute links.
    assert city_mail.body.index("江川项目逾期未开工") < city_mail.body.index("红塔大道改造项目")
    assert "http://127.0.0.1:8000/inbox/" in city_mail.body
    [ding] = receiver.to("/ding/robot/send")
    text = ding["body"]["markdown"]["text"]
    # One line per item, not per recipient.
    assert text.count("红塔大道改造项目") == 1 and "红塔项目月报未报" in text
    [wecom] = receiver.to("/wecom/webhook/send")
    assert "红塔项目月报未报" not in wecom["body"]["markdown"]["content"]  # not its county
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    # Run again the same day, even with something new: nothing more goes out today.
    with django_capture_on_commit_callbacks(execute=True):
        _notify([city], "yellow", key="w5", subject="新的预警")
        assert services.send_digest() == (0, 0)
        call_command("send_digest", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 3 and len(receiver.posts) == 2
    assert Notification.objects.get(key="w5").sent_at is None  # waits for tomorrow


def test_failing_receiver_is_logged_and_retried(
    receiver, channels, mailed, django_capture_on_commit_callbacks
):
    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        _notify([mailed[0]], "red")
    ding = Delivery.objects.get(channel=channels["dingtalk"])
    assert ding.status == DeliveryStatus.FAILED and ding.attempts == 1
    assert "HTTP 500" in ding.error
    receiver.status, receiver.answer = 200, {"errcode": 310000, "errmsg": "sign not match"}
    send_delivery.enqueue(ding.pk)  # the worker's retry
    ding.refresh_from_db()
    assert ding.status == DeliveryStatus.FAILED and ding.attempts == 2
    assert "errcode 310000" in ding.error and "sign not match" in ding.response
    receiver.answer = {"errcode": 0, "errmsg": "ok"}
    send_delivery.enqueue(ding.pk)
    ding.refresh_from_db()
    assert ding.status == DeliveryStatus.SENT and ding.attempts == 3 and ding.error == ""
    send_delivery.enqueue(ding.pk)  # sent once only
    assert len(receiver.to("/ding/robot/send")) == 3
    from groundbreak.core.jobs import policy_for

    assert policy_for(send_delivery.module_path).attempts > 1


def test_unreachable_receiver_is_a_failed_delivery(channels, mailed, receiver, settings):
    channels["dingtalk"].webhook_url = "http://127.0.0.1:9/nowhere"
    channels["dingtalk"].save()
    delivery = services.send_test_message(channels["dingtalk"], by=mailed[0])
    send_delivery.enqueue(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.error


def test_same_key_notifies_once_unless_the_level_rises(mailed):
    city, jc, _ = mailed
    assert len(_notify([city], "yellow", key="w9")) == 1
    assert _notify([city], "yellow", key="w9") == []
    assert len(_notify([city, jc], "yellow", key="w9")) == 1  # jc is new to it
    assert len(_notify([city], "orange", key="w9")) == 1
    assert _notify([city], "yellow", key="w9") == []
    assert Notification.objects.filter(recipient=city, key="w9").count() == 2


def test_long_digest_is_cut_to_the_robots_limits(
    receiver, channels, mailed, jiangchuan, django_capture_on_commit_callbacks
):
    city = mailed[0]
    for i in range(300):
        _notify(
            [city],
            "yellow",
            region=jiangchuan,
            key=f"k{i}",
            subject=f"项目{i:03}：计划投资完成率偏低" * 2,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_digest()
    [wecom] = receiver.to("/wecom/webhook/send")
    content = wecom["body"]["markdown"]["content"]
    assert len(content.encode()) <= 4096
    assert "more" in content or "还有" in content
    assert "http://127.0.0.1:8000/inbox/" in content.split("\n")[-1]
    [ding] = receiver.to("/ding/robot/send")
    assert len(json.dumps(ding["body"], ensure_ascii=False).encode()) <= 20000
    assert len(ding["body"]["markdown"]["text"]) > len(content)


def test_channel_receives_only_its_levels_and_the_zones_below_its_county(
    receiver, channels, mailed, jiangchuan, django_capture_on_commit_callbacks
):
    from groundbreak.regions.models import Region, RegionKind

    zone = Region.objects.create(
        code="530403ZZ", name="江川工业园区", kind=RegionKind.ZONE, parent=jiangchuan
    )
    wecom = channels["wecom"]
    wecom.levels = ["orange", "red"]
    wecom.save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([mailed[0]], "red", region=zone, subject="园区项目红色预警")
        _notify([mailed[0]], "yellow", region=jiangchuan, subject="江川黄色预警")
        services.send_digest()
    [wecom_post] = receiver.to("/wecom/webhook/send")
    assert "园区项目红色预警" in wecom_post["body"]["markdown"]["content"]
    ding_posts = receiver.to("/ding/robot/send")
    assert len(ding_posts) == 2  # the red at once, the yellow in the digest
    texts = [p["body"]["markdown"]["text"] for p in ding_posts]
    assert any("江川黄色预警" in t and "园区" not in t for t in texts)


def test_red_notifications_made_together_go_out_as_one_message(
    receiver, channels, mailed, jiangchuan, django_capture_on_commit_callbacks
):
    city, jc, _ht = mailed
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():  # one evaluation raising three red warnings
            for i in range(3):
                _notify([city, jc], "red", region=jiangchuan, key=f"r{i}", subject=f"红色预警{i}")
    assert sorted(m.to[0] for m in mail.outbox) == ["city@example.org", "jc@example.org"]
    assert all(m.body.count("红色预警") == 3 for m in mail.outbox)
    [ding] = receiver.to("/ding/robot/send")
    assert ding["body"]["markdown"]["text"].count("红色预警") == 3
    assert len(receiver.to("/wecom/webhook/send")) == 1
