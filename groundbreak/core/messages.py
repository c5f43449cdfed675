"""Messages kept for later readers (保存的提示): an import's refusal reasons are stored with the
import and read later, perhaps in another language. A ``Message`` is the text in the language of
the moment, and also carries its message id and parameters, so that what is stored can be shown
again in the reader's language."""

from django.utils.translation import gettext


class Message(str):
    """``Message("%(value)s is not a date.") % {"value": raw}``: a str in the current language
    that remembers its message id and parameters (written like ``_()``, with ``Msg`` as the
    gettext keyword: ``makemessages -k Msg``)."""

    msgid: str
    params: dict

    def __new__(cls, msgid, params=None):
        text = gettext(msgid)
        if params is not None:
            text = text % params
        self = super().__new__(cls, text)
        self.msgid, self.params = msgid, params
        return self

    def __mod__(self, params):
        return Message(self.msgid, {key: str(value) for key, value in dict(params).items()})

    def stored(self):
        """The JSON-ready form: {"id": …, "params": …}."""
        return {"id": self.msgid, "params": self.params}


Msg = Message


def stored_text(text, stored):
    """The stored message ``stored`` ({"id", "params"}) in the reader's language; ``text`` as it
    was written where there is none or it no longer formats."""
    if not stored:
        return text
    try:
        translated = gettext(stored["id"])
        return translated % stored["params"] if stored.get("params") is not None else translated
    except (KeyError, TypeError, ValueError):
        return text
