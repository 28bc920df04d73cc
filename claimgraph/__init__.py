"""claimgraph: who claims what in war and conflict news.

Python API::

    import claimgraph
    records = claimgraph.analyse("...", outlet="Example Times", published="2022-11-20")
    db = claimgraph.open("corpus.duckdb")
"""
__version__ = "0.1.0"

from .api import analyse, open  # noqa: E402,F401  (re-exported API)
