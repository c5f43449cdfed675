"""Schema-driven fuzzing: schemathesis generates requests for every operation of the OpenAPI
schema (valid ones, and a few invalid ones) and sends them with a token to a live server holding
the test world. No answer may be a 5xx, have a status the schema does not document, or a body
that breaks the schema. Bounded (a few examples per operation, no deadline) so that it takes
well under three minutes; select it alone with ``-m fuzz``."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from groundbreak.core.tests.api_matrix import api_schema
from groundbreak.core.tests.test_permission_matrix import api_path

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = {
    schemathesis.GenerationMode.POSITIVE: 6,
    schemathesis.GenerationMode.NEGATIVE: 3,
}


@pytest.mark.fuzz
def test_no_request_the_schema_allows_breaks_the_server_or_the_schema(
    transactional_db, live_server, world, monkeypatch
):
    # The fuzzing sends well over a user's rate a minute (1,200) on a quick machine: the 429s
    # it then met were the throttle doing its work (tested in test_security), not an answer of
    # the operation.
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "1000000/min")
    schema = schemathesis.openapi.from_dict(api_schema())
    token = Token.objects.create(user=world.users["city"]).key
    headers = {"Authorization": f"Token {token}"}
    failures, calls = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        real_ids = {}
        if "{id}" in operation.path:
            real_ids = {"id": int(api_path(world, operation.path).split("/")[3])}
        for mode, examples in EXAMPLES.items():
            strategy = operation.as_strategy(
                generation_mode=mode, path_parameters=real_ids, headers=headers
            )

            call = _fuzz(strategy, examples, live_server.url, f"{operation.label} [{mode.value}]")
            try:
                call(failures, calls)
            except Unsatisfiable:
                # Nothing of the operation can be made invalid once the id is fixed.
                assert mode is schemathesis.GenerationMode.NEGATIVE, operation.label
    assert not failures, "\n\n".join(failures[:20])
    assert calls.count(200) > 50  # the fuzzing reached the data, not only the refusals


def _fuzz(strategy, examples, base_url, label):
    """One operation in one mode: send each generated case, keep what fails the checks."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(failures, calls, case):
        response = case.call(base_url=base_url, timeout=60)
        calls.append(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, FailureGroup) as failure:
            failures.append(f"{label}: {failure}")

    return call
