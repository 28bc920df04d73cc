"""Attributions: who said what, through whom, on what evidence.

- :mod:`.rules` — the ``claimgraph_attribution`` component and its dependency rules;
- :mod:`.lexicon` — the lexicon, quotation marks and the document text the rules read;
- :mod:`.chains` — tidying, relay chains, evidence types and the record helpers
  (:func:`ancestors`, :func:`source_chain`, :func:`statements`); :mod:`.relays` the relay patterns; :mod:`.coref`
  the resolution of pronoun and description sources;
- :mod:`.crf` — the CRF tagger of the ``fast`` mode;
- :mod:`.transformer` — the fine-tuned MiniLM tagger of the ``accurate`` mode.
"""
from .chains import ancestors, source_chain, statements
from .lexicon import find_quotes
from .rules import MODES, extract

__all__ = ["MODES", "ancestors", "extract", "find_quotes", "source_chain", "statements"]
