"""Group robots (群机器人): the message formats of DingTalk's custom robot and WeCom's group robot,
DingTalk's signed webhook, and the one HTTP call that posts a message.

DingTalk: ``{"msgtype": "markdown", "markdown": {"title", "text"}}``; with signing (加签) the URL
gets ``&timestamp=<ms>&sign=<urlencoded base64 HMAC-SHA256 of "timestamp\\nsecret" keyed by the
secret>``; a message is at most 20,000 bytes. WeCom: ``{"msgtype": "markdown", "markdown":
{"content"}}``, at most 4,096 bytes. Both answer ``{"errcode": 0, "errmsg": "ok"}`` on success.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _

from groundbreak.notifications.models import RobotKind

MAX_BYTES = {RobotKind.DINGTALK: 20000, RobotKind.WECOM: 4096}


class SendError(Exception):
    """The receiver refused the message or could not be reached."""

    def __init__(self, message, response=""):
        super().__init__(message)
        self.response = response


def signature(secret, timestamp):
    """DingTalk's signature of a timestamp (ms), URL-encoded as the webhook wants it."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def signed_url(url, secret, timestamp=None):
    if not secret:
        return url
    timestamp = timestamp if timestamp is not None else round(time.time() * 1000)
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp}&sign={signature(secret, timestamp)}"


def fit_lines(header, lines, more_link, limit):
    """The header and as many lines as fit in ``limit`` bytes, then "…还有N条" with a link to the
    rest."""

    def size(text):  # as sent: JSON-escaped (a newline is two bytes), in UTF-8
        return len(json.dumps(text, ensure_ascii=False).encode("utf-8"))

    kept = []
    for count, line in enumerate(lines):
        rest = len(lines) - count - 1
        candidate = "\n".join([header, *kept, line])
        tail = _more(rest, more_link) if rest else ""
        if size(candidate + "\n" + tail) > limit:
            left = len(lines) - count
            return "\n".join([header, *kept, _more(left, more_link)])
        kept.append(line)
    return "\n".join([header, *kept])


def _more(count, link):
    return _("…and %(count)s more: [see all](%(link)s)") % {"count": count, "link": link}


def payload(kind, title, lines, more_link):
    """The robot's JSON message: a markdown title and one line per item, cut to its size limit."""
    # JSON escaping and the envelope take room too: keep a margin under the limit.
    limit = MAX_BYTES[kind] - 200
    if kind == RobotKind.DINGTALK:
        text = fit_lines(f"#### {title}", lines, more_link, limit)
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    content = fit_lines(f"**{title}**", lines, more_link, limit)
    return {"msgtype": "markdown", "markdown": {"content": content}}


def post(channel, message):
    """POST the message to the channel's webhook; returns the answer's text, raises SendError."""
    url = (
        signed_url(channel.webhook_url, channel.secret)
        if channel.kind == "dingtalk"
        else (channel.webhook_url)
    )
    request = urllib.request.Request(
        url,
        data=json.dumps(message, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.NOTIFY_ROBOT_TIMEOUT) as answer:
            text = answer.read(10000).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        text = error.read(2000).decode("utf-8", "replace")
        raise SendError(f"HTTP {error.code}", text) from error
    except (urllib.error.URLError, OSError) as error:
        raise SendError(str(getattr(error, "reason", error))) from error
    try:
        errcode = json.loads(text).get("errcode")
    except (ValueError, AttributeError):
        raise SendError("the answer is not JSON", text) from None
    if errcode != 0:
        raise SendError(f"errcode {errcode}", text)
    return text
