from django.conf import settings
from django.utils import translation


class ChineseFirstLocaleMiddleware:
    """Serve Simplified Chinese unless the user chose another language.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show
    English to an official whose phone happens to be set to English; the commission
    wants Chinese by default and English only on request (the language switch cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
