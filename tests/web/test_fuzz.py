"""Property tests of the API from its own OpenAPI document: whatever schemathesis sends, the
server answers without a 5xx, with the status codes and content types it documents."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis import checks  # noqa: E402  (only once schemathesis is known to be there)

from tests.web.conftest import TOKEN  # noqa: E402

#: Examples per operation: enough to hit every parameter's edges, bounded so the suite stays quick.
EXAMPLES = 25


class Late:
    """An ASGI app that hands each request to the app of the moment: the schema is read at
    import time from an app over an empty store, requests go to the app over the test store."""

    def __init__(self) -> None:
        from detente.web import create_app

        self.app = create_app(":memory:")

    async def __call__(self, scope, receive, send):
        await self.app(scope, receive, send)


LATE = Late()
schema = schemathesis.openapi.from_asgi("/openapi.json", LATE)


@pytest.fixture(scope="module", autouse=True)
def fuzzed_app(web_db, pipeline, tmp_path_factory):
    from detente.web import create_app

    copy = tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb"
    shutil.copy(web_db, copy)  # POST /api/articles may write
    empty, LATE.app = LATE.app, create_app(copy, token=TOKEN, pipeline=pipeline)
    yield
    LATE.app = empty


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_with_a_server_error(case):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"},
        checks=[checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
                checks.response_schema_conformance],
    )
