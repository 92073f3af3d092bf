"""Property-based run over the whole OpenAPI schema: no 5xx and no response that breaks the schema.

Bounded for CI on two cores: a few examples per operation, each sent anonymously and with
a curator token. Requests go through the real WSGI application; the curator's writes are
rolled back with the test's transaction.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from electrolytes.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
NO_THROTTLING = {**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}
EXAMPLES_PER_OPERATION = 15


@contextmanager
def wsgi_in_test_transaction():
    """Like Django's test client: keep the test's connection (and transaction) open across requests."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.mark.django_db
def test_every_operation_conforms_to_the_schema(kb, curator, anonymous_client):
    raw = anonymous_client.get("/api/v1/schema/?format=json").json()
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = application
    token = Token.objects.create(user=curator).key
    personas = {"anonymous": {}, "curator": {"Authorization": f"Token {token}"}}
    failures: list[str] = []
    operations = 0
    with override_settings(REST_FRAMEWORK=NO_THROTTLING), wsgi_in_test_transaction():
        for result in schema.get_all_operations():
            operation = result.ok()
            operations += 1

            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def exercise(case):
                for headers in personas.values():
                    case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                exercise()
            except BaseException as exc:  # collect every failing operation, then report them together
                failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    assert operations >= 40
    assert not failures, "\n\n".join(failures)
