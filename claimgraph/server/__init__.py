"""`claimgraph serve`: the JSON API and the web UI over :mod:`claimgraph.core`.

``create_app(db)`` builds the FastAPI application (see :mod:`claimgraph.server.app`); the page
templates are in ``templates/``, the stylesheet, the one script and the vendored country outlines
in ``static/``. No build step and nothing fetched from another host.
"""
from .app import create_app  # noqa: F401


def serve(db=None, host: str = "127.0.0.1", port: int = 8000, writable: bool = False,
          allow_private: bool = False) -> None:
    import uvicorn

    uvicorn.run(create_app(db, writable=writable, allow_private=allow_private), host=host, port=port,
                log_level="warning")
