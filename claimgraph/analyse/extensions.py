"""The ``Doc`` extension attributes claimgraph's components read and write.

=================  ==========================  ==============================================
extension          written by                  contents
=================  ==========================  ==============================================
``doc._.meta``     the caller (pipeline.py)    dict: doc_id, published (ISO date or None),
                                               outlet, title, url, language
``attributions``   claimgraph_attribution      list[Attribution]
``actor_mentions`` claimgraph_actors           list[ActorMention]
``actors``         claimgraph_actors           list[Actor] (the canonical actors mentioned)
``claims``         claimgraph_certainty        list[Claim]
``places``         claimgraph_places           list[Place]
``times``          claimgraph_times            list[Time]
``figures``        claimgraph_figures          list[Figure]
``events``         claimgraph_events           list[Event]
=================  ==========================  ==============================================
"""
from spacy.tokens import Doc

LIST_EXTENSIONS = ("attributions", "actor_mentions", "actors", "claims", "places", "times",
                   "figures", "events")


def register() -> None:
    if not Doc.has_extension("meta"):
        Doc.set_extension("meta", default=None)
    for name in LIST_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def meta(doc: Doc) -> dict:
    """The document's metadata dict (never None)."""
    if doc._.meta is None:
        doc._.meta = {}
    return doc._.meta


def doc_id(doc: Doc) -> str:
    return meta(doc).get("doc_id") or "doc"


register()
