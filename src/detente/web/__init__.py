"""The HTTP API and the offline dashboard (``detente serve``; needs ``pip install 'detente[web]'``).

:func:`create_app` builds the FastAPI app; :mod:`detente.web.views` holds what the routes
return, as plain functions over a store.
"""

from __future__ import annotations

from typing import Any

from detente.errors import DetenteError

INSTALL_HINT = "pip install 'detente[web]'"


class MissingExtraError(DetenteError, ImportError):
    """The web extra (FastAPI, uvicorn) is not installed."""

    code = "E600"


def create_app(*args: Any, **kwargs: Any) -> Any:
    """Build the app (see :func:`detente.web.app.create_app`); a one-line hint if FastAPI is missing."""
    try:
        from detente.web.app import create_app as build
    except ImportError as exc:
        raise MissingExtraError(f"the web service needs FastAPI and uvicorn ({exc.name} is missing)",
                                hint=INSTALL_HINT) from exc
    return build(*args, **kwargs)


def serve(
    store_url: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    model: str | None = None,
    cors_origins: list[str] | None = None,
    say: Any = print,
) -> None:
    """Run the API and the dashboard with uvicorn until interrupted.

    Binds to loopback unless ``host`` says otherwise; without a ``token`` the store is opened
    read-only and ``POST /api/articles`` is refused.
    """
    app = create_app(store_url, token, model=model, cors_origins=cors_origins)
    try:
        import uvicorn
    except ImportError as exc:
        raise MissingExtraError("the web service needs uvicorn", hint=INSTALL_HINT) from exc
    shown = f"[{host}]" if ":" in host else host
    say(f"detente: dashboard at http://{shown}:{port}/  (API: /api/..., OpenAPI: /openapi.json; Ctrl-C stops)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        say(f"warning: listening on {host}, reachable from other machines"
            + ("" if token else "; writes stay disabled without --token"))
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


__all__ = ["INSTALL_HINT", "MissingExtraError", "create_app", "serve"]
