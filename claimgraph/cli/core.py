"""Core commands: ingest, docs, show, claims, export, demo, eval seeds."""
from .app import app, eval_app, console, DbOption, JsonOption, open_corpus, print_json, fail  # noqa: F401
