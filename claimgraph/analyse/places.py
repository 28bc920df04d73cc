"""claimgraph_places component (placeholder: replaced by the issue that builds it)."""
from spacy.language import Language

from .extensions import register

register()


@Language.component("claimgraph_places")
def places_component(doc):
    if doc._.places is None:
        doc._.places = []
    return doc
