"""claimgraph_events component (placeholder: replaced by the issue that builds it)."""
from spacy.language import Language

from .extensions import register

register()


@Language.component("claimgraph_events")
def events_component(doc):
    if doc._.events is None:
        doc._.events = []
    return doc
