"""The SQL behind every listing: filters pushed into DuckDB, stable sort, pagination, totals.

Each ``*_sql`` function returns ``(select, count, params)``: ``select`` fetches one page
(``LIMIT ? OFFSET ?`` are its last two parameters, appended by :func:`run_page`), ``count`` the
number of rows that match the same filters. Filter values arrive already validated by
:mod:`claimgraph.core`; here they only become ``WHERE`` clauses with ``?`` parameters.

Row field names follow the JSONL/CSV exports: a record's own fields keep their names (``id``,
``doc_id``, ``certainty``, ``outlet_stance``, ``plover`` ...) and spans are flattened as
``<field>_start``, ``<field>_end``, ``<field>_text``, as in the CSV export.
"""
from __future__ import annotations

import json
from typing import Optional

# the document columns joined onto record rows
_DOC = "d.outlet AS outlet, d.published AS published, d.title AS title"
# claim rows: their attribution and document joined
_CLAIM_FROM = """
FROM records c
JOIN documents d ON d.id = c.doc_id
LEFT JOIN records a ON a.type = 'attribution' AND a.id = c.payload->>'attribution'
WHERE c.type = 'claim'
"""
_CHAIN = "array_to_string(CAST(c.payload->'chain' AS VARCHAR[]), ' → ')"

CLAIM_SORTS = {
    "published": "d.published", "outlet": "d.outlet", "certainty": "c.payload->>'certainty'",
    "outlet_stance": "c.payload->>'outlet_stance'", "depth": "CAST(c.payload->>'depth' AS INTEGER)",
    "evidence": "a.payload->>'evidence'", "source_chain": _CHAIN, "content_text": "c.payload->>'$.content.text'",
    "factuality": "CAST(c.payload->>'factuality' AS DOUBLE)",
}


def _contains(expr: str) -> str:
    return f"contains(lower(coalesce({expr}, '')), lower(?))"


def _order(sort: Optional[str], sorts: dict, default: str, tiebreak: str) -> str:
    if not sort:
        return f"ORDER BY {default}, {tiebreak}"
    desc = sort.startswith("-")
    expr = sorts[sort.lstrip("-")]
    return f"ORDER BY {expr} {'DESC' if desc else 'ASC'} NULLS LAST, {tiebreak}"


def _date_range(where: list, params: list, since: Optional[str], until: Optional[str], col="d.published") -> None:
    if since:
        where.append(f"{col} >= ?")
        params.append(since)
    if until:       # "2024-03" means all of March
        where.append(f"substr({col}, 1, {len(until)}) <= ?")
        params.append(until)


def claims_sql(*, doc_id=None, source=None, evidence=None, certainty=None, stance=None, polarity=None,
               min_depth=0, outlet=None, place=None, since=None, until=None, q=None,
               include_boilerplate=False, sort=None):
    where, params = [], []
    if doc_id:
        where.append("c.doc_id = ?")
        params.append(doc_id)
    if not include_boilerplate:
        where.append("NOT coalesce(CAST(c.payload->>'boilerplate' AS BOOLEAN), false)")
    if source:
        where.append(f"({_contains(_CHAIN)} OR {_contains('a.payload->>§source_actor§')})")
        params += [source, source]
    for value, expr in ((evidence, "a.payload->>'evidence'"), (certainty, "c.payload->>'certainty'"),
                        (stance, "c.payload->>'outlet_stance'"), (polarity, "c.payload->>'polarity'")):
        if value:
            where.append(f"{expr} = ?")
            params.append(value)
    if min_depth:
        where.append("CAST(c.payload->>'depth' AS INTEGER) >= ?")
        params.append(min_depth)
    if outlet:
        where.append(_contains("d.outlet"))
        params.append(outlet)
    if place:       # a place mention inside the claim's text
        where.append("EXISTS (SELECT 1 FROM records p WHERE p.type = 'place' AND p.doc_id = c.doc_id"
                     " AND p.start >= c.start AND p.start < c.\"end\" AND (" + _contains("p.payload->>'name'")
                     + " OR " + _contains("p.payload->>'$.mention.text'") + "))")
        params += [place, place]
    if q:
        where.append(_contains("c.payload->>'$.content.text'"))
        params.append(q)
    _date_range(where, params, since, until)
    cond = "".join(f" AND {w}" for w in where)
    select = f"""
    SELECT c.id AS id, c.doc_id AS doc_id, {_DOC},
        c.payload->>'$.content.text' AS content_text, c.start AS content_start, c."end" AS content_end,
        coalesce(nullif({_CHAIN}, ''), CASE WHEN a.id IS NULL THEN '(outlet)' ELSE a.payload->>'$.sources[0].text' END)
            AS source_chain,
        a.payload->>'source_actor' AS source_actor, c.payload->>'attribution' AS attribution,
        a.payload->>'$.cue.text' AS cue_text, a.payload->>'quote_type' AS quote_type,
        a.payload->>'evidence' AS evidence, c.payload->>'certainty' AS certainty,
        c.payload->'hedges' AS hedges, c.payload->>'polarity' AS polarity,
        CAST(c.payload->>'factuality' AS DOUBLE) AS factuality, c.payload->>'outlet_stance' AS outlet_stance,
        CAST(c.payload->>'depth' AS INTEGER) AS depth,
        coalesce(CAST(c.payload->>'boilerplate' AS BOOLEAN), false) AS boilerplate
    {_CLAIM_FROM}{cond}
    {_order(sort, CLAIM_SORTS, 'd.published NULLS LAST', 'c.doc_id, c.start NULLS LAST, c.id')}
    LIMIT ? OFFSET ?"""
    count = f"SELECT count(*) {_CLAIM_FROM}{cond}"
    return select.replace("§", "'"), count.replace("§", "'"), params


DOC_SORTS = {"published": "d.published", "outlet": "d.outlet", "title": "d.title",
             "claims": "claims", "ingested_at": "d.ingested_at"}


def documents_sql(*, outlet=None, q=None, since=None, until=None, sort=None):
    where, params = [], []
    if outlet:
        where.append(_contains("d.outlet"))
        params.append(outlet)
    if q:
        where.append(f"({_contains('d.title')} OR {_contains('d.text')})")
        params += [q, q]
    _date_range(where, params, since, until)
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    counts = """LEFT JOIN (SELECT doc_id,
        count(*) FILTER (WHERE type = 'attribution') AS attributions,
        count(*) FILTER (WHERE type = 'claim') AS claims, count(*) FILTER (WHERE type = 'place') AS places,
        count(*) FILTER (WHERE type = 'figure') AS figures, count(*) FILTER (WHERE type = 'event') AS events
        FROM records WHERE doc_id IS NOT NULL GROUP BY doc_id) n ON n.doc_id = d.id"""
    select = f"""
    SELECT d.id AS id, d.outlet AS outlet, d.published AS published, d.title AS title, d.language AS language,
        d.url AS url, d.analysed AS analysed, coalesce(n.attributions, 0) AS attributions,
        coalesce(n.claims, 0) AS claims, coalesce(n.places, 0) AS places, coalesce(n.figures, 0) AS figures,
        coalesce(n.events, 0) AS events
    FROM documents d {counts}{cond}
    {_order(sort, DOC_SORTS, 'd.published NULLS LAST, d.ingested_at', 'd.id')}
    LIMIT ? OFFSET ?"""
    return select, f"SELECT count(*) FROM documents d{cond}", params


_EVENT_FROM = """
FROM records e
JOIN documents d ON d.id = e.doc_id
LEFT JOIN records p ON p.type = 'place' AND p.id = e.payload->>'place'
LEFT JOIN records t ON t.type = 'time' AND t.id = e.payload->>'time'
LEFT JOIN records c ON c.type = 'claim' AND c.id = e.payload->>'claim'
LEFT JOIN records a ON a.type = 'attribution' AND a.id = c.payload->>'attribution'
WHERE e.type = 'event'
"""
EVENT_SORTS = {"published": "d.published", "plover": "e.payload->>'plover'", "certainty": "e.payload->>'certainty'",
               "event_date": "event_date", "place_name": "place_name", "outlet": "d.outlet"}


def events_sql(*, doc_id=None, plover=None, actor=None, place=None, certainty=None, since=None, until=None,
               q=None, located=False, sort=None):
    where, params = [], []
    if doc_id:
        where.append("e.doc_id = ?")
        params.append(doc_id)
    if plover:
        where.append("e.payload->>'plover' = ?")
        params.append(plover)
    if actor:
        where.append(f"({_contains('e.payload->>§source_actor§')} OR {_contains('e.payload->>§target_actor§')})")
        params += [actor, actor]
    if place:
        where.append(f"({_contains('p.payload->>§name§')} OR {_contains('p.payload->>§$.mention.text§')})")
        params += [place, place]
    if certainty:
        where.append("e.payload->>'certainty' = ?")
        params.append(certainty)
    if q:
        where.append(_contains("e.payload->>'$.sentence.text'"))
        params.append(q)
    if located:
        where.append("p.payload->>'lat' IS NOT NULL")
    _date_range(where, params, since, until)
    cond = "".join(f" AND {w}" for w in where)
    select = f"""
    SELECT e.id AS id, e.doc_id AS doc_id, {_DOC}, e.payload->>'plover' AS plover, e.payload->>'mode' AS mode,
        e.payload->>'acled_event_type' AS acled_event_type, e.payload->>'acled_sub_event_type' AS acled_sub_event_type,
        e.payload->>'$.trigger.text' AS trigger_text, e.start AS trigger_start, e."end" AS trigger_end,
        e.payload->>'source_actor' AS source_actor, e.payload->>'target_actor' AS target_actor,
        e.payload->>'place' AS place, coalesce(p.payload->>'name', p.payload->>'$.mention.text') AS place_name,
        p.payload->>'admin1' AS admin1, p.payload->>'country' AS country,
        CAST(p.payload->>'lat' AS DOUBLE) AS lat, CAST(p.payload->>'lon' AS DOUBLE) AS lon,
        e.payload->>'time' AS time,
        coalesce(t.payload->>'value', t.payload->>'start', d.published) AS event_date,
        e.payload->>'certainty' AS certainty, e.payload->>'polarity' AS polarity, e.payload->>'claim' AS claim,
        coalesce(nullif(array_to_string(CAST(c.payload->'chain' AS VARCHAR[]), ' → '), ''), '(outlet)') AS source_chain,
        a.payload->>'evidence' AS evidence, e.payload->>'$.sentence.text' AS sentence_text
    {_EVENT_FROM}{cond}
    {_order(sort, EVENT_SORTS, 'd.published NULLS LAST', 'e.doc_id, e.start NULLS LAST, e.id')}
    LIMIT ? OFFSET ?"""
    return select.replace("§", "'"), f"SELECT count(*) {_EVENT_FROM}{cond}".replace("§", "'"), params


PLACE_SORTS = {"name": "name", "mentions": "mentions", "claims": "claims", "country": "country"}


def places_sql(*, q=None, country=None, doc_id=None, located=False, sort=None):
    where, params = [], []
    if doc_id:
        where.append("p.doc_id = ?")
        params.append(doc_id)
    if country:
        where.append("upper(p.payload->>'country') = upper(?)")
        params.append(country)
    if q:
        where.append(f"({_contains('p.payload->>§name§')} OR {_contains('p.payload->>§$.mention.text§')})")
        params += [q, q]
    if located:
        where.append("p.payload->>'lat' IS NOT NULL")
    cond = "".join(f" AND {w}" for w in where)
    # divisions and regions without a GeoNames id are told apart by name, admin1 and country
    grouped = f"""
    WITH pl AS (
        SELECT p.id, p.doc_id, p.start, p.payload,
            coalesce(p.payload->>'geonameid', concat_ws('|', p.payload->>'name', p.payload->>'admin1',
                     p.payload->>'country')) AS key
        FROM records p WHERE p.type = 'place'{cond}),
    hits AS (
        SELECT pl.key, count(DISTINCT c.id) AS n FROM pl
        JOIN records c ON c.type = 'claim' AND c.doc_id = pl.doc_id AND pl.start >= c.start AND pl.start < c."end"
        GROUP BY pl.key),
    g AS (
        SELECT pl.key AS key,
            CAST(first(pl.payload->>'geonameid' ORDER BY pl.doc_id, pl.start, pl.id) AS BIGINT) AS geonameid,
            first(pl.payload->>'name' ORDER BY pl.doc_id, pl.start, pl.id) AS name,
            first(pl.payload->>'admin1' ORDER BY pl.doc_id, pl.start, pl.id) AS admin1,
            first(pl.payload->>'country' ORDER BY pl.doc_id, pl.start, pl.id) AS country,
            CAST(first(pl.payload->>'lat' ORDER BY pl.doc_id, pl.start, pl.id) AS DOUBLE) AS lat,
            CAST(first(pl.payload->>'lon' ORDER BY pl.doc_id, pl.start, pl.id) AS DOUBLE) AS lon,
            first(pl.payload->>'feature_class' ORDER BY pl.doc_id, pl.start, pl.id) AS feature_class,
            count(*) AS mentions, count(DISTINCT pl.doc_id) AS documents,
            list(DISTINCT pl.payload->>'$.mention.text' ORDER BY pl.payload->>'$.mention.text') AS written_as,
            bool_or(coalesce(CAST(pl.payload->>'ambiguous' AS BOOLEAN), false)) AS ambiguous,
            count(*) FILTER (WHERE pl.payload->>'role' = 'event_location') AS event_location,
            first(pl.doc_id ORDER BY pl.doc_id, pl.start, pl.id) AS first_doc
        FROM pl GROUP BY pl.key)
    """
    select = f"""{grouped}
    SELECT g.*, coalesce(hits.n, 0) AS claims FROM g LEFT JOIN hits ON hits.key = g.key
    {_order(sort, PLACE_SORTS, 'claims DESC, mentions DESC', 'g.key')}
    LIMIT ? OFFSET ?"""
    count = f"{grouped} SELECT count(*) FROM g"
    return select.replace("§", "'"), count.replace("§", "'"), params


def figures_sql(*, doc_id=None, counts=None, actor=None, source=None, since=None, until=None):
    """All matching figures (no page: conflicts are found across the whole filtered set)."""
    where, params = [], []
    if doc_id:
        where.append("f.doc_id = ?")
        params.append(doc_id)
    for value, field in ((counts, "counts"), (actor, "actor"), (source, "source")):
        if value:
            where.append(_contains(f"f.payload->>'{field}'"))
            params.append(value)
    _date_range(where, params, since, until)
    cond = "".join(f" AND {w}" for w in where)
    return f"""
    SELECT f.id AS id, f.doc_id AS doc_id, {_DOC}, CAST(f.payload->>'value' AS DOUBLE) AS value,
        coalesce(CAST(f.payload->>'approximate' AS BOOLEAN), false) AS approximate,
        f.payload->>'qualifier' AS qualifier, f.payload->>'counts' AS counts, f.payload->>'actor' AS actor,
        f.payload->>'since' AS since, coalesce(f.payload->>'source', '(outlet)') AS source,
        f.payload->>'$.mention.text' AS mention_text, f.start AS mention_start, f."end" AS mention_end,
        f.payload->>'claim' AS claim
    FROM records f JOIN documents d ON d.id = f.doc_id WHERE f.type = 'figure'{cond}
    ORDER BY d.published NULLS LAST, f.doc_id, f.start, f.id""", params


ACTOR_SORTS = {"name": "name", "claims": "claims", "mentions": "mentions", "documents": "documents", "kind": "kind"}


def actors_sql(*, kind=None, q=None, sort=None):
    where, params = [], []
    if kind:
        where.append("x.payload->>'kind' = ?")
        params.append(kind)
    if q:
        where.append(f"({_contains('x.payload->>§name§')} OR {_contains('x.id')}"
                     f" OR {_contains('CAST(x.payload->§aliases§ AS VARCHAR)')})")
        params += [q, q, q]
    cond = "".join(f" AND {w}" for w in where)
    body = f"""
    WITH m AS (SELECT payload->>'actor_id' AS actor, count(*) AS n, count(DISTINCT doc_id) AS docs
               FROM records WHERE type = 'actor_mention' GROUP BY 1),
    cl AS (SELECT a.payload->>'source_actor' AS actor, count(*) AS n FROM records c
           JOIN records a ON a.type = 'attribution' AND a.id = c.payload->>'attribution'
           WHERE c.type = 'claim' AND a.payload->>'source_actor' IS NOT NULL GROUP BY 1),
    rows AS (
        SELECT x.id AS id, x.payload->>'name' AS name, x.payload->>'kind' AS kind,
            x.payload->>'country' AS country, x.payload->>'qid' AS qid,
            coalesce(m.n, 0) AS mentions, coalesce(m.docs, 0) AS documents, coalesce(cl.n, 0) AS claims,
            CAST(x.payload->'aliases' AS VARCHAR[]) AS aliases
        FROM records x LEFT JOIN m ON m.actor = x.id LEFT JOIN cl ON cl.actor = x.id
        WHERE x.type = 'actor'{cond})
    """
    select = f"{body} SELECT * FROM rows {_order(sort, ACTOR_SORTS, 'claims DESC, mentions DESC, name', 'id')} LIMIT ? OFFSET ?"
    return select.replace("§", "'"), f"{body} SELECT count(*) FROM rows".replace("§", "'"), params


STORY_SORTS = {"first_seen": "first_seen", "articles": "articles", "independent_origins": "independent_origins",
               "title": "title", "claims": "claims"}


def stories_sql(*, q=None, since=None, until=None, sort=None):
    """Stories with their counts; a date filter keeps a story with any article in the range."""
    where, params = [], []
    if since:
        where.append("last_date >= ?")
        params.append(since)
    if until:
        where.append(f"substr(first_date, 1, {len(until)}) <= ?")
        params.append(until)
    if q:
        where.append(f"({_contains('title')} OR {_contains('array_to_string(origins, §|§)')})")
        params += [q, q]
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    body = """
    WITH s AS (
        SELECT id, payload->>'title' AS title, payload->>'first_seen' AS first_seen,
            json_extract_string(payload, '$.members[*].doc_id') AS docs,
            json_extract_string(payload, '$.members[*].published') AS dates,
            json_extract_string(payload, '$.origins[*].name') AS origins,
            coalesce(json_array_length(payload->'echoes'), 0) AS echoes,
            coalesce(json_array_length(payload->'contradictions'), 0) AS contradictions
        FROM records WHERE type = 'story'),
    rows AS (
        SELECT id, title, first_seen, coalesce(len(list_distinct(docs)), 0) AS articles, coalesce(len(docs), 0) AS claims,
            coalesce(len(origins), 0) AS independent_origins, echoes, contradictions, origins,
            list_min(dates) AS first_date,
            list_max(dates) AS last_date
        FROM s)
    """
    select = (f"{body} SELECT id, title, first_seen, articles, claims, independent_origins, echoes, contradictions,"
              f" origins FROM rows{cond} {_order(sort, STORY_SORTS, 'articles DESC, first_seen NULLS LAST', 'id')}"
              " LIMIT ? OFFSET ?")
    return select.replace("§", "'"), f"{body} SELECT count(*) FROM rows{cond}".replace("§", "'"), params


# -- running --------------------------------------------------------------------------------
_JSON_COLUMNS = {"hedges"}


def _row(cols, values) -> dict:
    out = {}
    for c, v in zip(cols, values):
        if c in _JSON_COLUMNS and isinstance(v, str):
            v = json.loads(v)
        out[c] = v
    return out


def fetch(con, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [_row(cols, r) for r in cur.fetchall()]


def run_page(con, select: str, count: str, params: list, limit: Optional[int], offset: int):
    """(rows, total) for one page; ``limit=None`` returns every row."""
    rows = fetch(con, select, params + [limit if limit is not None else 2 ** 62, offset])
    if limit is None or (offset == 0 and len(rows) < limit):
        total = offset + len(rows) if limit is None else len(rows)
    else:
        total = con.execute(count, params).fetchone()[0]
    return rows, total


def resolve_doc_id(con, doc_id: str) -> Optional[str]:
    """The full id of a document given its id or a unique prefix of it."""
    rows = con.execute("SELECT id FROM documents WHERE id = ? OR starts_with(id, ?) LIMIT 2",
                       [doc_id, doc_id]).fetchall()
    ids = [r[0] for r in rows]
    if doc_id in ids:
        return doc_id
    return ids[0] if len(ids) == 1 else None
