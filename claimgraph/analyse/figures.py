"""claimgraph_figures component (placeholder: replaced by the issue that builds it)."""
from spacy.language import Language

from .extensions import register

register()


@Language.component("claimgraph_figures")
def figures_component(doc):
    if doc._.figures is None:
        doc._.figures = []
    return doc
