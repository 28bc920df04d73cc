"""claimgraph_actors component (placeholder: replaced by the issue that builds it)."""
from spacy.language import Language

from .extensions import register

register()


@Language.component("claimgraph_actors")
def actors_component(doc):
    if doc._.actor_mentions is None:
        doc._.actor_mentions = []
    return doc
