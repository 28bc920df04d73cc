"""Attributions: who said what, through whom, on what evidence.

- :mod:`.rules` — the ``claimgraph_attribution`` component, the lexicon and dependency rules,
  and the record helpers (:func:`ancestors`, :func:`source_chain`);
- :mod:`.crf` — the CRF tagger of the ``fast`` mode;
- :mod:`.transformer` — the fine-tuned MiniLM tagger of the ``accurate`` mode.
"""
from .rules import ancestors, attribution_mode, extract, find_quotes, mode_set, source_chain

__all__ = ["ancestors", "attribution_mode", "extract", "find_quotes", "mode_set", "source_chain"]
