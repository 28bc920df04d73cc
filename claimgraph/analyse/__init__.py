"""Analysis of one document at a time: a spaCy pipeline with claimgraph's components.

Each concern is a spaCy pipeline component registered by name (``claimgraph_<concern>``) that
reads what earlier components left on the ``Doc`` and adds its own records as a list of
:mod:`claimgraph.model` dataclasses on a ``Doc`` extension attribute. ``pipeline.py`` assembles
them; ``records.py`` collects them into records for the store.
"""
