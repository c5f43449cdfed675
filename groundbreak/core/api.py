"""Shared REST API pieces: the exception handler that maps service errors to HTTP answers."""

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from groundbreak.core.services import StaleEditError


def exception_handler(exc, context):
    """Services raise Django's ValidationError / PermissionDenied; the API answers 400 / 403 / 409."""
    if isinstance(exc, StaleEditError):
        exc = exceptions.APIException(detail={"version": exc.messages})
        exc.status_code = 409
    elif isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            detail = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    return drf_exception_handler(exc, context)
