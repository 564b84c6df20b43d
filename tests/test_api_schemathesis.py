"""schemathesis against the API's own OpenAPI document, in process: every operation, a
bounded number of generated requests each, with an admin's token: a read token for the read
endpoints, a field-push token for the field push (/field/…). No request may end in a
server error, and every answer must be one the document describes (status, content type,
body schema).

One check is left out: "a request the schema allows is accepted". OpenAPI 3.0 cannot say that
`to` must not precede `from`, or that `training` and its alias `training_id` must not disagree;
the API answers those with a documented 400 and a French message, as it should."""
from __future__ import annotations

import schemathesis
from schemathesis.checks import positive_data_acceptance
from hypothesis import HealthCheck, given, settings

from tests import factories
from tests.test_api import API, bearer
from trainings.auth import tokens as api_tokens
from trainings.auth.models import Role, TokenScope
from trainings.extensions import db

EXAMPLES_PER_OPERATION = 25  # about a dozen operations: 300 requests, a few seconds


def isolated(app):
    """The app as a WSGI callable whose every request has its own application context (its
    own flask.g, as in production), not the test's."""
    def wsgi(environ, start_response):
        db.session.commit()
        with app.app_context():
            return list(app(environ, start_response))
    return wsgi


def test_every_operation_answers_as_documented(app):
    for region in ("oriental", "souss-massa"):
        factories.session(region=region)
    admin = factories.user(Role.ADMIN)
    read = bearer(admin)
    _row, secret = api_tokens.issue(admin, scope=TokenScope.FIELD_PUSH)
    push = {"Authorization": f"Bearer {secret}"}
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", isolated(app))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8  # the whole API, not a corner of it

    assert {operation.path for operation in operations} >= {
        "/field/uploads/{digest}", "/field/uploads/{digest}/apply"}
    for operation in operations:
        headers = push if operation.path.startswith("/field/") else read

        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
        @given(case=operation.as_strategy())
        def answers_as_documented(case):
            # On the case itself, so that schemathesis's probe without credentials drops it.
            case.headers = {**(case.headers or {}), **headers}
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        answers_as_documented()
