"""A local robot receiver: an HTTP server on 127.0.0.1 (a free port) that records every POST and
answers as told, standing in for DingTalk's and WeCom's webhooks."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from groundbreak.notifications.models import RobotChannel, RobotKind


class Receiver:
    def __init__(self):
        self.posts = []
        self.status = 200
        self.answer = {"errcode": 0, "errmsg": "ok"}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                url = urllib.parse.urlsplit(self.path)
                receiver.posts.append(
                    {
                        "path": url.path,
                        "query": dict(urllib.parse.parse_qsl(url.query)),
                        "raw_query": url.query,
                        "body": json.loads(raw.decode("utf-8")),
                        "bytes": raw,
                    }
                )
                data = json.dumps(receiver.answer).encode()
                self.send_response(receiver.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def to(self, path):
        return [p for p in self.posts if p["path"] == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def channels(receiver, jiangchuan, regions):
    """A signed DingTalk robot for the whole city, a WeCom robot for 江川区."""
    return {
        "dingtalk": RobotChannel.objects.create(
            name="市发改委调度群",
            kind=RobotKind.DINGTALK,
            webhook_url=f"{receiver.url}/ding/robot/send?access_token=abc",
            secret="SECtest-secret",
        ),
        "wecom": RobotChannel.objects.create(
            name="江川区重点项目群",
            kind=RobotKind.WECOM,
            webhook_url=f"{receiver.url}/wecom/webhook/send?key=k1",
            region=jiangchuan,
        ),
    }


@pytest.fixture
def mailed(city_user, jiangchuan_user, hongta_user):
    for user, address in (
        (city_user, "city@example.org"),
        (jiangchuan_user, "jc@example.org"),
        (hongta_user, "ht@example.org"),
    ):
        user.email = address
        user.save()
    return city_user, jiangchuan_user, hongta_user
