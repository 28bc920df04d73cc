"""CLI commands of this area (filled by the issue that builds it)."""
from .app import app, eval_app, console, DbOption, JsonOption, open_corpus, print_json, fail  # noqa: F401
