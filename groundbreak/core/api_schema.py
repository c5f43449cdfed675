"""The OpenAPI schema's answers beyond success, documented once for every operation: what the
exception handler (core.api) and DRF answer on a bad value, no or a bad token, a missing right,
an object outside the caller's scope, and a stale version."""

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Each field named with its messages (non_field_errors for the whole request).",
    "additionalProperties": {},
}
VERSION_ERROR = {
    "type": "object",
    "properties": {"version": {"type": "array", "items": {"type": "string"}}},
    "required": ["version"],
}


def _answer(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ANSWERS = {
    "400": _answer("A value is missing or wrong; the answer names the field.", FIELD_ERRORS),
    "401": _answer("No credentials, or a token that is not valid.", DETAIL),
    "403": _answer("Signed in, but this action is not the caller's to take.", DETAIL),
    "404": _answer("No such object, or one outside the caller's scope.", DETAIL),
    "405": _answer("The method is not offered here.", DETAIL),
    "406": _answer("The format asked for is not offered.", DETAIL),
}
WRITE_ANSWERS = {
    "409": _answer("The version given is stale: someone changed the record since.", VERSION_ERROR),
    "413": _answer("The request body is too large.", DETAIL),
    "415": _answer("The request body's media type is not accepted here.", DETAIL),
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the error answers every operation may give."""
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            answers = dict(ANSWERS)
            if method in ("post", "put", "patch", "delete"):
                answers.update(WRITE_ANSWERS)
            for code, answer in answers.items():
                operation["responses"].setdefault(code, answer)
    return result
