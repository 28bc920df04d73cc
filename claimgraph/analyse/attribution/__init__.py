"""Attributions: who said what, through whom, on what evidence.

- :mod:`.rules` — the ``claimgraph_attribution`` component, the lexicon and dependency rules,
  and its lexicon helpers;
- :mod:`.chains` — tidying, relay chains, evidence types and the record helpers
  (:func:`ancestors`, :func:`source_chain`); :mod:`.relays` the relay patterns; :mod:`.coref`
  the resolution of pronoun and description sources;
- :mod:`.crf` — the CRF tagger of the ``fast`` mode;
- :mod:`.transformer` — the fine-tuned MiniLM tagger of the ``accurate`` mode.
"""
from .chains import ancestors, source_chain
from .rules import attribution_mode, extract, find_quotes, mode_set

__all__ = ["ancestors", "attribution_mode", "extract", "find_quotes", "mode_set", "source_chain"]
