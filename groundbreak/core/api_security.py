"""The API's guards: tokens that expire, and a 429 for an address that keeps sending bad tokens.
(The schema and docs views are in ``core.api_docs``: DRF's settings import this module.)"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.throttling import SimpleRateThrottle


class BadTokenThrottle(SimpleRateThrottle):
    """Counts the bad tokens an address sends (``bad_token`` rate); the authentication below
    refuses with 429 once the count is reached. Good requests are not counted here."""

    scope = "bad_token"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        return True

    def _load(self, request):
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]

    def blocked_for(self, request):
        """Seconds to wait, or None when the address may try a token."""
        self._load(request)
        return self.wait() if len(self.history) >= self.num_requests else None

    def record_failure(self, request):
        self._load(request)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class ExpiringTokenAuthentication(TokenAuthentication):
    """``Authorization: Token …``; a token older than API_TOKEN_DAYS is refused (issue a new
    one in the admin), a deleted one is revoked."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        throttle = BadTokenThrottle()
        wait = throttle.blocked_for(request)
        if wait is not None:
            raise exceptions.Throttled(wait)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record_failure(request)
            raise

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token.created < timezone.now() - timedelta(days=settings.API_TOKEN_DAYS):
            raise exceptions.AuthenticationFailed(_("The token has expired: ask for a new one."))
        return user, token
