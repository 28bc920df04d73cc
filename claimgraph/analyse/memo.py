"""Memos that keep memory flat.

:class:`LastValue`, for values computed once per doc: the pipeline hands the same spaCy ``Doc``
(and its text) to several components in a row, and some of them ask for the same derived value
(``doc.text``, the quotations, the name entities, the CRF's tags) many times. Keeping only the
last object's value is enough.

:class:`Recent`, for values of the last few thousand keys (linking's per-story state): the least
recently used key is forgotten first.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Hashable, Optional

_UNSET = object()


class LastValue:
    """The value computed for the last object seen (compared by identity) and key (by equality).

    The memo holds a reference to the object, so a new object cannot take the old one's id while
    the value is kept. Callers must not change the value they get back."""

    __slots__ = ("_obj", "_key", "_value")

    def __init__(self) -> None:
        self._obj: Any = _UNSET
        self._key: Optional[Hashable] = None
        self._value: Any = None

    def get(self, obj: Any, compute: Callable[[], Any], key: Optional[Hashable] = None,
            refresh: bool = False) -> Any:
        """``compute()``'s value for ``obj`` and ``key``, computed again only when either differs
        from the last call's (or ``refresh`` is true)."""
        if not refresh and self._obj is obj and self._key == key:
            return self._value
        value = compute()
        self._obj, self._key, self._value = obj, key, value
        return value


class Recent:
    """The values of the ``size`` keys used last; the least recently used goes first."""

    __slots__ = ("size", "_values")

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: "OrderedDict[Hashable, Any]" = OrderedDict()

    def get(self, key: Hashable) -> Any:
        """The value kept for ``key`` (now the most recently used), else None."""
        value = self._values.get(key)
        if value is not None:
            self._values.move_to_end(key)
        return value

    def put(self, key: Hashable, value: Any) -> Any:
        self._values[key] = value
        self._values.move_to_end(key)
        while len(self._values) > self.size:
            self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        self._values.clear()
