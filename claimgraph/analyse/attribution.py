"""claimgraph_attribution component (placeholder: replaced by the issue that builds it)."""
from spacy.language import Language

from .extensions import register

register()


@Language.component("claimgraph_attribution")
def attribution_component(doc):
    if doc._.attributions is None:
        doc._.attributions = []
    return doc
