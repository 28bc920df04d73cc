"""claimgraph_certainty component (placeholder: replaced by the issue that builds it)."""
from spacy.language import Language

from .extensions import register

register()


@Language.component("claimgraph_certainty")
def certainty_component(doc):
    if doc._.claims is None:
        doc._.claims = []
    return doc
