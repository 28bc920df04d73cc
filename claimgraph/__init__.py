"""claimgraph: who claims what in war and conflict news.

Python API::

    import claimgraph
    result = claimgraph.analyse("...", outlet="Example Times", published="2022-11-20")
    result.attributions, result.claims, result.places  # model dataclasses with offsets
    db = claimgraph.open("corpus.duckdb")               # a claimgraph.store.Corpus
"""
__version__ = "0.1.0"

from . import analyse  # noqa: E402,F401  (callable: claimgraph.analyse(text, **metadata))
from .api import Analysis, open  # noqa: E402

__all__ = ["Analysis", "analyse", "open"]
