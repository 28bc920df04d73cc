"""Analysis of one document at a time: a spaCy pipeline with claimgraph's components.

Each concern is a spaCy pipeline component registered by name (``claimgraph_<concern>``) that
reads what earlier components left on the ``Doc`` and adds its own records as a list of
:mod:`claimgraph.model` dataclasses on a ``Doc`` extension attribute. ``pipeline.py`` assembles
them; ``records.py`` collects them into records for the store.

The package is also the API function: ``claimgraph.analyse(text, **metadata)`` (see
:func:`claimgraph.api.analyse`). A package and a function cannot share the name
``claimgraph.analyse`` otherwise, because importing any submodule rebinds the attribute.
"""
import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, text, **metadata):
        from ..api import analyse

        return analyse(text, **metadata)


sys.modules[__name__].__class__ = _CallablePackage
