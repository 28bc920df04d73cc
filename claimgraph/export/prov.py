"""W3C PROV export of claims, their attribution chains, origins and echoes.

Mapping (PROV-DM terms, serialized as PROV-JSON for ``.json``, Turtle/PROV-O for ``.ttl``,
PROV-N for ``.provn``):

* each article is an entity (``cg:Article``) attributed to its outlet (an agent);
* each claim is an entity (``cg:Claim``, its text as ``prov:value``) with ``cg:article``;
* each attribution step is an entity, the statement as the source made it (``cg:Statement``),
  attributed to the source (an agent: the canonical actor when known, else the name);
  the claim ``wasQuotedFrom`` the outermost statement, which ``wasQuotedFrom`` the one it cites,
  and so on down the chain;
* each origin (first-hand source and evidence item) is an entity (``cg:Origin``) attributed
  to its actor; the claim ``hadPrimarySource`` its origin;
* an echo article ``wasDerivedFrom`` the articles whose origin it repeats; stories are
  collections (``prov:Collection``) with ``hadMember`` claims.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

NS = "urn:claimgraph:"


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9_]+", "_", text or "").strip("_")[:40]
    return f"{s}_{hashlib.sha1((text or '').encode()).hexdigest()[:8]}"


def build_prov(corpus):
    from prov.model import PROV, PROV_LABEL, PROV_TYPE, PROV_VALUE, ProvDocument

    from ..link.origins import claim_origin

    pd = ProvDocument()
    CG = pd.add_namespace("cg", NS)
    agents: set = set()
    entities: set = set()

    def agent(key: str, label: str, kind=None):
        aid = f"cg:agent_{_slug(key)}"
        if aid not in agents:
            pd.agent(aid, {PROV_LABEL: label or key, PROV_TYPE: kind or CG["Source"]})
            agents.add(aid)
        return aid

    actor_kinds = {a.id: a.kind for a in corpus.records("actor")}
    actor_names = {a.id: a.name for a in corpus.records("actor")}
    for doc in corpus.documents(with_text=False):
        art = f"cg:doc_{doc.id}"
        attrs = {PROV_TYPE: CG["Article"], PROV_LABEL: doc.title or doc.id}
        if doc.published:
            attrs["cg:published"] = doc.published
        if doc.url:
            attrs["cg:url"] = doc.url
        pd.entity(art, attrs)
        entities.add(art)
        outlet_agent = agent(f"outlet:{doc.outlet or 'unknown'}", doc.outlet or "unknown outlet", CG["Outlet"])
        pd.wasAttributedTo(art, outlet_agent)
        by_id = {a.id: a for a in corpus.records("attribution", doc.id)}

        def source_agent(a):
            src = a.resolved_source or (a.sources[0] if a.sources else None)
            if a.source_actor:
                return agent(a.source_actor, actor_names.get(a.source_actor, src.text if src else a.source_actor),
                             CG["Actor"])
            return agent(f"name:{src.text if src else 'unnamed'}", src.text if src else "an unnamed source")

        for a in by_id.values():
            st = f"cg:{a.id}"
            pd.entity(st, {PROV_TYPE: CG["Statement"], PROV_VALUE: " ".join(c.text for c in a.contents),
                           "cg:cue": a.cue.text, "cg:evidence": a.evidence or "unspecified"})
            pd.wasAttributedTo(st, source_agent(a))
        for a in by_id.values():           # the chain: an outer statement quotes the inner one
            if a.parent and a.parent in by_id:
                pd.quotation(f"cg:{a.id}", f"cg:{a.parent}")
        for c in corpus.records("claim", doc.id):
            cid = f"cg:{c.id}"
            pd.entity(cid, {PROV_TYPE: CG["Claim"], PROV_VALUE: c.content.text, "cg:article": CG[f"doc_{doc.id}"],
                            "cg:polarity": c.polarity, "cg:certainty": c.certainty,
                            "cg:boilerplate": bool(c.boilerplate)})
            entities.add(cid)
            if c.attribution and c.attribution in by_id:
                pd.quotation(cid, f"cg:{c.attribution}")
            else:
                pd.wasAttributedTo(cid, outlet_agent)
            if c.boilerplate:
                continue
            o = claim_origin(c, by_id, actor_kinds, doc.outlet)
            oid = f"cg:origin_{_slug(o['key'])}"
            if oid not in entities:
                pd.entity(oid, {PROV_TYPE: CG["Origin"], PROV_LABEL: o.get("name") or o["key"],
                                "cg:evidence": o.get("evidence") or "unspecified", "cg:key": o["key"]})
                entities.add(oid)
                pd.wasAttributedTo(oid, agent(o["actor"], o.get("actor_name") or o.get("name") or o["actor"],
                                              CG["Actor"]))
            pd.primary_source(cid, oid)
    for s in corpus.records("story"):
        sid = f"cg:{s.id}"
        pd.entity(sid, {PROV_TYPE: PROV["Collection"], PROV_LABEL: s.title or s.id,
                        "cg:independentOrigins": len(s.origins), "cg:echoes": len(s.echoes)})
        for m in s.members:
            if f"cg:{m['claim_id']}" in entities:
                pd.hadMember(sid, f"cg:{m['claim_id']}")
        for e in s.echoes:
            for src in e.get("repeats") or []:
                if src != e["doc_id"]:
                    pd.wasDerivedFrom(f"cg:doc_{e['doc_id']}", f"cg:doc_{src}",
                                      other_attributes={"cg:echoOf": e.get("origin") or ""})
    return pd


def export_prov(corpus, out: Path) -> int:
    """Write PROV (by suffix: .ttl Turtle, .provn PROV-N, otherwise PROV-JSON); returns the
    number of PROV records written."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pd = build_prov(corpus)
    suffix = out.suffix.lower()
    if suffix in (".ttl", ".turtle"):
        pd.serialize(str(out), format="rdf", rdf_format="turtle")
    elif suffix == ".provn":
        out.write_text(pd.get_provn(), encoding="utf-8")
    else:
        pd.serialize(str(out), format="json")
    return len(pd.records)
