"""Attributions: who said what, through whom, on what evidence.

- :mod:`.rules` — the ``claimgraph_attribution`` component, the lexicon and dependency rules,
  and the record helpers (:func:`ancestors`, :func:`source_chain`);
- :mod:`.crf` — the CRF tagger of the ``fast`` mode;
- :mod:`.transformer` — the fine-tuned MiniLM tagger of the ``accurate`` mode.
"""
from .lexicon import find_quotes
from .rules import MODES, ancestors, extract, source_chain

__all__ = ["MODES", "ancestors", "extract", "find_quotes", "source_chain"]
