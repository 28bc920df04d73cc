"""claimgraph_times component (placeholder: replaced by the issue that builds it)."""
from spacy.language import Language

from .extensions import register

register()


@Language.component("claimgraph_times")
def times_component(doc):
    if doc._.times is None:
        doc._.times = []
    return doc
