"""Printing data safely: stored text never acts as Rich markup or terminal control.

Every value that comes from data (titles, outlets, claims, paths, reasons) goes through
:func:`esc` before it is placed in a markup string or a table cell. :class:`SafeConsole` is the
console every command prints with; should a value slip through unescaped and break the markup,
it prints the same output with markup off instead of failing.
"""
from __future__ import annotations

from rich.console import Console
from rich.errors import MarkupError
from rich.markup import escape

from ..ingest.decode import clean


def esc(value) -> str:
    """``value`` as text that Rich prints literally (None prints as nothing)."""
    if value is None:
        return ""
    return escape(clean(value))


def cells(*values) -> list[str]:
    """Table cells from data values, each escaped."""
    return [esc(v) for v in values]


class SafeConsole(Console):
    def print(self, *objects, **kwargs):  # noqa: A003 - Console's own name
        try:
            return super().print(*objects, **kwargs)
        except MarkupError:
            kwargs["markup"] = False
            return super().print(*objects, **kwargs)
