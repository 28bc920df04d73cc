"""A small corpus written straight through the store (no NLP), with records shaped exactly as
the analysis writes them, so query, API and UI tests know every expected row.

Three articles: a ministry statement about downed drones near Kharkiv (Kyiv Daily), a wire
report of the same statement with a different figure (Northline Wire), and an article whose
text carries HTML and JavaScript (Hostile Gazette), to check that nothing from an article runs.
"""
from __future__ import annotations

from claimgraph.ingest.document import make_document
from claimgraph.model import (Actor, ActorMention, Attribution, Claim, Event, Figure, Place, Span, Story, Time,
                              record_id)
from claimgraph.store import Corpus

TEXT_A = ("The Ministry of Defence said 31 drones were shot down over Kharkiv on Tuesday. "
          "Conscripts were allegedly tricked onto trucks, a soldier's wife said in an intercepted call "
          "released by military intelligence.")
TEXT_B = ("Ukrainian forces downed 25 drones near Kharkiv, the Ministry of Defence said on Wednesday. "
          "On Tuesday the Ministry of Defence said 31 drones were shot down over Kharkiv. "
          "The report could not be independently verified.")
HOSTILE = ('Officials said <script>document.title="pwned"</script> the bridge at Odesa was hit. '
           '<img src=x onerror="document.title=\'pwned\'"> A witness said "<b onmouseover=alert(1)>smoke</b>" rose.')


def sp(text: str, part: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part), part)


def build(path) -> dict:
    """Write the corpus to a DuckDB file at ``path``; returns the ids tests refer to."""
    a = make_document(TEXT_A, outlet="Kyiv Daily", published="2024-03-05", title="31 drones downed over Kharkiv",
                      url="https://example.org/a", language="en")
    b = make_document(TEXT_B, outlet="Northline Wire", published="2024-03-06", title="Ministry: 25 drones downed",
                      url="https://example.org/b", language="en")
    h = make_document(HOSTILE, outlet="Hostile <i>Gazette</i>", published="2024-04-01",
                      title='<script>document.title="pwned"</script>Bridge hit', language="en")
    ids = {"a": a.id, "b": b.id, "hostile": h.id}

    def rid(doc, kind, *parts):
        return record_id(doc.id, kind, *parts)

    # article A: the ministry (depth 1) and a relayed, hedged intercepted call (depth 2)
    att1 = Attribution(rid(a, "attribution", 1), a.id, cue=sp(TEXT_A, "said"),
                       sources=[sp(TEXT_A, "The Ministry of Defence")],
                       contents=[sp(TEXT_A, "31 drones were shot down over Kharkiv on Tuesday")],
                       evidence="official_statement", evidence_cue=sp(TEXT_A, "Ministry"), source_actor="ua.gov.mod")
    att2 = Attribution(rid(a, "attribution", 2), a.id, cue=sp(TEXT_A, "released"),
                       sources=[sp(TEXT_A, "military intelligence")], contents=[sp(TEXT_A, "an intercepted call")],
                       evidence="intercepted_communication", evidence_cue=sp(TEXT_A, "intercepted call"),
                       source_actor="ua.intel.hur")
    att3 = Attribution(rid(a, "attribution", 3), a.id, cue=sp(TEXT_A, "said", 1),
                       sources=[sp(TEXT_A, "a soldier's wife")],
                       contents=[sp(TEXT_A, "Conscripts were allegedly tricked onto trucks")],
                       evidence="intercepted_communication", parent=att2.id)
    c1 = Claim(rid(a, "claim", 1), a.id, content=att1.contents[0], attribution=att1.id, certainty="certain",
               outlet_stance="neutral", depth=1, chain=["The Ministry of Defence"], factuality=3.0)
    c2 = Claim(rid(a, "claim", 2), a.id, content=att3.contents[0], attribution=att3.id, certainty="possible",
               hedges=[sp(TEXT_A, "allegedly")], hedge_owner="source", outlet_stance="neutral", depth=2,
               chain=["military intelligence", "a soldier's wife"], factuality=1.0)
    kharkiv_a = Place(rid(a, "place", 1), a.id, mention=sp(TEXT_A, "Kharkiv"), geonameid=706483, name="Kharkiv",
                      admin1="Kharkiv Oblast", country="UA", lat=49.98, lon=36.25, feature_class="P",
                      role="event_location")
    tue = Time(rid(a, "time", 1), a.id, mention=sp(TEXT_A, "on Tuesday"), value="2024-03-05", anchor="2024-03-05")
    fig_a = Figure(rid(a, "figure", 1), a.id, mention=sp(TEXT_A, "31"), value=31, counts="drones",
                   source="The Ministry of Defence", attribution=att1.id, claim=c1.id)
    ev_a = Event(rid(a, "event", 1), a.id, trigger=sp(TEXT_A, "shot"), type="ASSAULT", mode="aerial",
                 acled_event_type="Explosions/Remote violence", acled_sub_event_type="Air/drone strike",
                 target_actor="31 drones", place=kharkiv_a.id, time=tue.id, claim=c1.id,
                 sentence=sp(TEXT_A, TEXT_A.split(". ")[0] + "."))
    ev_a2 = Event(rid(a, "event", 2), a.id, trigger=sp(TEXT_A, "tricked"), type="COERCE", certainty="possible",
                  target_actor="Conscripts", claim=c2.id, sentence=sp(TEXT_A, "Conscripts were allegedly tricked"))
    men_a = ActorMention(rid(a, "actor_mention", 1), a.id, span=sp(TEXT_A, "Ministry of Defence"),
                         actor_id="ua.gov.mod", name="Ministry of Defence of Ukraine", kind="government_agency")
    men_a2 = ActorMention(rid(a, "actor_mention", 2), a.id, span=sp(TEXT_A, "military intelligence"),
                          actor_id="ua.intel.hur", name="Chief Intelligence Directorate", kind="intelligence_service")

    # article B: the same ministry, another figure, the outlet distances itself
    att_b = Attribution(rid(b, "attribution", 1), b.id, cue=sp(TEXT_B, "said"),
                        sources=[sp(TEXT_B, "the Ministry of Defence")],
                        contents=[sp(TEXT_B, "Ukrainian forces downed 25 drones near Kharkiv")],
                        evidence="official_statement", source_actor="ua.gov.mod")
    c3 = Claim(rid(b, "claim", 1), b.id, content=att_b.contents[0], attribution=att_b.id, certainty="certain",
               outlet_stance="unverified", stance_cue=sp(TEXT_B, "could not be independently verified"), depth=1,
               chain=["the Ministry of Defence"])
    c4 = Claim(rid(b, "claim", 2), b.id, content=sp(TEXT_B, "The report could not be independently verified."),
               certainty="certain", outlet_stance="endorses", depth=0)
    kharkiv_b = Place(rid(b, "place", 1), b.id, mention=sp(TEXT_B, "Kharkiv"), geonameid=706483, name="Kharkiv",
                      admin1="Kharkiv Oblast", country="UA", lat=49.98, lon=36.25, feature_class="P")
    fig_b = Figure(rid(b, "figure", 1), b.id, mention=sp(TEXT_B, "25"), value=25, counts="drones",
                   source="the Ministry of Defence", attribution=att_b.id, claim=c3.id)
    ev_b = Event(rid(b, "event", 1), b.id, trigger=sp(TEXT_B, "downed"), type="ASSAULT",
                 acled_event_type="Explosions/Remote violence", acled_sub_event_type="Air/drone strike",
                 source_actor="Ukrainian forces", target_actor="25 drones", place=kharkiv_b.id, claim=c3.id,
                 sentence=sp(TEXT_B, TEXT_B.split(". ")[0] + "."))
    men_b = ActorMention(rid(b, "actor_mention", 1), b.id, span=sp(TEXT_B, "Ministry of Defence"),
                         actor_id="ua.gov.mod", name="Ministry of Defence of Ukraine", kind="government_agency")

    # the hostile article: markup in the text, the title and the outlet; a place and a quote
    att_h = Attribution(rid(h, "attribution", 1), h.id, cue=sp(HOSTILE, "said"), sources=[sp(HOSTILE, "Officials")],
                        contents=[sp(HOSTILE, '<script>document.title="pwned"</script> the bridge at Odesa was hit')])
    att_h2 = Attribution(rid(h, "attribution", 2), h.id, cue=sp(HOSTILE, "said", 1), sources=[sp(HOSTILE, "A witness")],
                         contents=[sp(HOSTILE, '"<b onmouseover=alert(1)>smoke</b>" rose')], quote_type="mixed",
                         evidence="eyewitness")
    c_h = Claim(rid(h, "claim", 1), h.id, content=att_h.contents[0], attribution=att_h.id, depth=1,
                outlet_stance="neutral", chain=["Officials"])
    c_h2 = Claim(rid(h, "claim", 2), h.id, content=att_h2.contents[0], attribution=att_h2.id, depth=1,
                 outlet_stance="neutral", chain=["A witness"], certainty="probable")
    odesa = Place(rid(h, "place", 1), h.id, mention=sp(HOSTILE, "Odesa"), geonameid=698740, name="Odesa",
                  admin1="Odesa Oblast", country="UA", lat=46.48, lon=30.73, feature_class="P")

    story = Story("sto_drones", "31 drones downed over Kharkiv",
                  members=[{"doc_id": a.id, "claim_id": c1.id, "text": c1.content.text, "origin": "statement|ua.gov.mod",
                            "origin_name": "The Ministry of Defence", "via": [], "published": "2024-03-05",
                            "outlet": "Kyiv Daily", "polarity": "asserted", "certainty": "certain"},
                           {"doc_id": b.id, "claim_id": c3.id, "text": c3.content.text, "origin": "statement|ua.gov.mod",
                            "origin_name": "the Ministry of Defence", "via": ["Northline Wire desk"],
                            "published": "2024-03-06", "outlet": "Northline Wire", "polarity": "asserted",
                            "certainty": "certain"},
                           {"doc_id": a.id, "claim_id": c2.id, "text": c2.content.text,
                            "origin": "intercepted_communication|name:a soldier's wife",
                            "origin_name": "a soldier's wife", "via": ["military intelligence"],
                            "published": "2024-03-05", "outlet": "Kyiv Daily", "polarity": "asserted",
                            "certainty": "possible"}],
                  origins=[{"key": "statement|ua.gov.mod", "name": "The Ministry of Defence", "first_seen": "2024-03-05",
                            "first_doc": a.id, "doc_ids": [a.id, b.id],
                            "variants": [{"key": "statement|ua.gov.mod", "name": "The Ministry of Defence"}]},
                           {"key": "intercepted_communication|name:a soldier's wife", "name": "a soldier's wife",
                            "first_seen": "2024-03-05", "first_doc": a.id, "doc_ids": [a.id], "variants": []}],
                  echoes=[{"doc_id": b.id, "origin": "statement|ua.gov.mod", "via": None, "repeats": [a.id]}],
                  contradictions=[{"kind": "figure", "measure": "drone", "since": None,
                                   "values": [{"value": 31, "source": "The Ministry of Defence", "doc_id": a.id},
                                              {"value": 25, "source": "the Ministry of Defence", "doc_id": b.id}]}],
                  first_seen="2024-03-05", doc_ids=[a.id, b.id],
                  vector=[384 ** -0.5] * 384,            # a unit vector of the MiniLM size, so linking can add to it
                  timeline=[{"date": "2024-03-05", "doc_id": a.id, "outlet": "Kyiv Daily",
                             "new_origins": ["statement|ua.gov.mod"], "echo": False},
                            {"date": "2024-03-06", "doc_id": b.id, "outlet": "Northline Wire", "new_origins": [],
                             "echo": True}])
    actors = [Actor("ua.gov.mod", "Ministry of Defence of Ukraine", "government_agency", "UA", ["MoD", "Minoborony"]),
              Actor("ua.intel.hur", "Chief Intelligence Directorate", "intelligence_service", "UA", ["HUR", "GUR"])]
    with Corpus(path) as corpus:
        corpus.add(a, [att1, att2, att3, c1, c2, kharkiv_a, tue, fig_a, ev_a, ev_a2, men_a, men_a2])
        corpus.add(b, [att_b, c3, c4, kharkiv_b, fig_b, ev_b, men_b])
        corpus.add(h, [att_h, att_h2, c_h, c_h2, odesa])
        corpus.replace_corpus_records("actor", actors)
        corpus.replace_corpus_records("story", [story])
    ids.update(c1=c1.id, c2=c2.id, c3=c3.id, c4=c4.id, story=story.id, att3=att3.id, att2=att2.id,
               ev_a=ev_a.id, ev_b=ev_b.id)
    return ids
