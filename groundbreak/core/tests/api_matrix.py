"""Walk every URL pattern and every API operation, so that the tests can say what each answers."""

from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

SKIPPED_NAMESPACES = {"admin", "api"}  # Django's admin is its own; the API is read from the schema


def url_names():
    """Every named URL pattern outside the admin and the API, as 'namespace:name'."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns in SKIPPED_NAMESPACES:
                    continue
                walk(pattern.url_patterns, ns if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"URL pattern without a name: {pattern}"
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def api_schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def api_operations(schema=None):
    """(operationId, method, path, operation) for every operation of the OpenAPI schema."""
    schema = schema or api_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                yield operation["operationId"], method, path, operation
