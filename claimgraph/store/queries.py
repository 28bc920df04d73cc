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
from dataclasses import dataclass
from typing import Optional

# the document columns joined onto record rows
_DOC = "d.outlet AS outlet, d.published AS published, d.title AS title"
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


@dataclass
class TwoPhase:
    """A listing read in two steps: ``keys`` filters, sorts and pages with as little JSON parsing
    as it can (ids and ``count(*) OVER ()``); ``rows`` builds the full rows of those ids only."""
    keys: str
    count: str
    params: list
    rows: str


def _ids_in(alias: str, type_: str) -> str:
    return f"{alias}.type = '{type_}' AND {alias}.id IN (SELECT unnest(CAST(? AS VARCHAR[])))"


def claims_sql(*, doc_id=None, source=None, evidence=None, certainty=None, stance=None, polarity=None,
               min_depth=0, outlet=None, place=None, since=None, until=None, q=None,
               include_boilerplate=False, sort=None) -> TwoPhase:
    where, params = [], []
    need_attr = bool(source or evidence or (sort or "").lstrip("-") == "evidence")
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
    joins = "FROM records c JOIN documents d ON d.id = c.doc_id" + (
        " LEFT JOIN records a ON a.type = 'attribution' AND a.id = c.payload->>'attribution'" if need_attr else "")
    keys = (f"SELECT c.id, count(*) OVER () {joins} WHERE c.type = 'claim'{cond} "
            f"{_order(sort, CLAIM_SORTS, 'd.published NULLS LAST', 'c.doc_id, c.start NULLS LAST, c.id')} LIMIT ? OFFSET ?")
    rows = f"""
    WITH c AS (SELECT id, doc_id, start, "end", payload,
                   json_extract_string(payload, ['$.content.text', '$.attribution', '$.certainty', '$.polarity',
                       '$.factuality', '$.outlet_stance', '$.depth', '$.boilerplate']) AS j
               FROM records c WHERE {_ids_in('c', 'claim')}),
    a AS (SELECT id, json_extract_string(payload, ['$.source_actor', '$.cue.text', '$.quote_type', '$.evidence',
                     '$.sources[0].text']) AS j
          FROM records WHERE type = 'attribution' AND id IN (SELECT j[2] FROM c))
    SELECT c.id AS id, c.doc_id AS doc_id, {_DOC},
        c.j[1] AS content_text, c.start AS content_start, c."end" AS content_end,
        coalesce(nullif({_CHAIN}, ''), CASE WHEN a.id IS NULL THEN '(outlet)' ELSE a.j[5] END) AS source_chain,
        a.j[1] AS source_actor, c.j[2] AS attribution, a.j[2] AS cue_text, a.j[3] AS quote_type,
        a.j[4] AS evidence, c.j[3] AS certainty, c.payload->'hedges' AS hedges, c.j[4] AS polarity,
        CAST(c.j[5] AS DOUBLE) AS factuality, c.j[6] AS outlet_stance, CAST(c.j[7] AS INTEGER) AS depth,
        coalesce(CAST(c.j[8] AS BOOLEAN), false) AS boilerplate
    FROM c JOIN documents d ON d.id = c.doc_id LEFT JOIN a ON a.id = c.j[2]"""
    count = f"SELECT count(*) {joins} WHERE c.type = 'claim'{cond}"
    return TwoPhase(keys.replace("§", "'"), count.replace("§", "'"), params, rows)


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
        coalesce(n.events, 0) AS events, count(*) OVER () AS _total
    FROM documents d {counts}{cond}
    {_order(sort, DOC_SORTS, 'd.published NULLS LAST, d.ingested_at', 'd.id')}
    LIMIT ? OFFSET ?"""
    return select, f"SELECT count(*) FROM documents d{cond}", params


EVENT_SORTS = {"published": "d.published", "plover": "e.payload->>'plover'", "certainty": "e.payload->>'certainty'",
               "event_date": "coalesce(t.payload->>'value', t.payload->>'start', d.published)",
               "place_name": "coalesce(p.payload->>'name', p.payload->>'$.mention.text')", "outlet": "d.outlet"}


def events_sql(*, doc_id=None, plover=None, actor=None, place=None, certainty=None, since=None, until=None,
               q=None, located=False, sort=None) -> TwoPhase:
    where, params = [], []
    key = (sort or "").lstrip("-")
    need_place = bool(place or located or key == "place_name")
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
    joins = "FROM records e JOIN documents d ON d.id = e.doc_id"
    if need_place:
        joins += " LEFT JOIN records p ON p.type = 'place' AND p.id = e.payload->>'place'"
    if key == "event_date":
        joins += " LEFT JOIN records t ON t.type = 'time' AND t.id = e.payload->>'time'"
    keys = (f"SELECT e.id, count(*) OVER () {joins} WHERE e.type = 'event'{cond} "
            f"{_order(sort, EVENT_SORTS, 'd.published NULLS LAST', 'e.doc_id, e.start NULLS LAST, e.id')} LIMIT ? OFFSET ?")
    rows = f"""
    WITH e AS (SELECT id, doc_id, start, "end",
                   json_extract_string(payload, ['$.plover', '$.mode', '$.acled_event_type', '$.acled_sub_event_type',
                       '$.trigger.text', '$.source_actor', '$.target_actor', '$.place', '$.time', '$.certainty',
                       '$.polarity', '$.claim', '$.sentence.text']) AS j
               FROM records e WHERE {_ids_in('e', 'event')}),
    p AS (SELECT id, json_extract_string(payload, ['$.name', '$.mention.text', '$.admin1', '$.country', '$.lat',
                     '$.lon']) AS j FROM records WHERE type = 'place' AND id IN (SELECT j[8] FROM e)),
    t AS (SELECT id, json_extract_string(payload, ['$.value', '$.start']) AS j
          FROM records WHERE type = 'time' AND id IN (SELECT j[9] FROM e)),
    c AS (SELECT id, payload->>'attribution' AS attribution, payload->'chain' AS chain
          FROM records WHERE type = 'claim' AND id IN (SELECT j[12] FROM e))
    SELECT e.id AS id, e.doc_id AS doc_id, {_DOC}, e.j[1] AS plover, e.j[2] AS mode,
        e.j[3] AS acled_event_type, e.j[4] AS acled_sub_event_type, e.j[5] AS trigger_text,
        e.start AS trigger_start, e."end" AS trigger_end, e.j[6] AS source_actor, e.j[7] AS target_actor,
        e.j[8] AS place, coalesce(p.j[1], p.j[2]) AS place_name, p.j[3] AS admin1, p.j[4] AS country,
        CAST(p.j[5] AS DOUBLE) AS lat, CAST(p.j[6] AS DOUBLE) AS lon, e.j[9] AS time,
        coalesce(t.j[1], t.j[2], d.published) AS event_date, e.j[10] AS certainty, e.j[11] AS polarity,
        e.j[12] AS claim,
        coalesce(nullif(array_to_string(CAST(c.chain AS VARCHAR[]), ' → '), ''), '(outlet)') AS source_chain,
        a.payload->>'evidence' AS evidence, e.j[13] AS sentence_text
    FROM e JOIN documents d ON d.id = e.doc_id LEFT JOIN p ON p.id = e.j[8] LEFT JOIN t ON t.id = e.j[9]
    LEFT JOIN c ON c.id = e.j[12] LEFT JOIN records a ON a.type = 'attribution' AND a.id = c.attribution"""
    count = f"SELECT count(*) {joins} WHERE e.type = 'event'{cond}"
    return TwoPhase(keys.replace("§", "'"), count.replace("§", "'"), params, rows)


def event_sites_sql(*, plover=None, since=None, until=None):
    """Located events grouped by place (the map's event markers)."""
    where, params = [], []
    if plover:
        where.append("e.payload->>'plover' = ?")
        params.append(plover)
    _date_range(where, params, since, until)
    cond = "".join(f" AND {w}" for w in where)
    return f"""
    WITH raw AS (
        SELECT json_extract_string(e.payload, ['$.plover', '$.place']) AS j FROM records e
        JOIN documents d ON d.id = e.doc_id WHERE e.type = 'event'{cond}),
    ev AS (SELECT j[1] AS plover, j[2] AS place FROM raw WHERE j[2] IS NOT NULL),
    pl AS (SELECT id, json_extract_string(payload, ['$.name', '$.mention.text', '$.lat', '$.lon', '$.country']) AS j
           FROM records WHERE type = 'place' AND id IN (SELECT place FROM ev))
    SELECT coalesce(pl.j[1], pl.j[2]) AS place_name, pl.j[5] AS country,
        round(CAST(pl.j[3] AS DOUBLE), 4) AS lat, round(CAST(pl.j[4] AS DOUBLE), 4) AS lon, count(*) AS events,
        list(DISTINCT ev.plover ORDER BY ev.plover) AS types
    FROM ev JOIN pl ON pl.id = ev.place WHERE pl.j[3] IS NOT NULL
    GROUP BY 1, 2, 3, 4 ORDER BY events DESC, place_name""", params


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
    # divisions and regions without a GeoNames id are told apart by name, admin1 and country;
    # a place kept without a resolution (a street the gazetteer lacks) by how the text writes it
    grouped = f"""
    WITH raw AS (
        SELECT p.id, p.doc_id, p.start, json_extract_string(p.payload, ['$.geonameid', '$.name', '$.admin1',
            '$.country', '$.lat', '$.lon', '$.feature_class', '$.mention.text', '$.ambiguous', '$.role']) AS j
        FROM records p WHERE p.type = 'place'{cond}),
    pl AS (SELECT *, coalesce(j[1], CASE WHEN j[2] IS NOT NULL THEN concat_ws('|', j[2], j[3], j[4])
                                          ELSE concat('?', lower(j[8])) END) AS key FROM raw),
    hits AS (
        SELECT pl.key, count(DISTINCT c.id) AS n FROM pl
        JOIN records c ON c.type = 'claim' AND c.doc_id = pl.doc_id AND pl.start >= c.start AND pl.start < c."end"
        GROUP BY pl.key),
    g AS (
        SELECT pl.key AS key, first(pl.j ORDER BY pl.doc_id, pl.start, pl.id) AS f,
            count(*) AS mentions, count(DISTINCT pl.doc_id) AS documents,
            list(DISTINCT pl.j[8] ORDER BY pl.j[8]) AS written_as,
            bool_or(coalesce(CAST(pl.j[9] AS BOOLEAN), false)) AS ambiguous,
            count(*) FILTER (WHERE pl.j[10] = 'event_location') AS event_location,
            first(pl.doc_id ORDER BY pl.doc_id, pl.start, pl.id) AS first_doc
        FROM pl GROUP BY pl.key),
    rows AS (
        SELECT g.key, CAST(f[1] AS BIGINT) AS geonameid, f[2] AS name, f[3] AS admin1, f[4] AS country,
            CAST(f[5] AS DOUBLE) AS lat, CAST(f[6] AS DOUBLE) AS lon, f[7] AS feature_class, mentions, documents,
            written_as, ambiguous, event_location, first_doc, coalesce(hits.n, 0) AS claims
        FROM g LEFT JOIN hits ON hits.key = g.key)
    """
    select = f"""{grouped}
    SELECT *, count(*) OVER () AS _total FROM rows
    {_order(sort, PLACE_SORTS, 'claims DESC, mentions DESC', 'key')}
    LIMIT ? OFFSET ?"""
    count = f"{grouped} SELECT count(*) FROM rows"
    return select.replace("§", "'"), count.replace("§", "'"), params


def figures_sql(*, doc_id=None, counts=None, actor=None, source=None, since=None, until=None):
    """All matching figures with a value (no page: conflicts are found across the whole filtered
    set); a vague quantity ("hundreds") has a range, no value, and is not listed."""
    where, params = ["f.payload->>'value' IS NOT NULL"], []
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
    WITH f AS (
        SELECT f.id, f.doc_id, f.start, f."end", json_extract_string(f.payload, ['$.value', '$.approximate',
            '$.qualifier', '$.counts', '$.actor', '$.since', '$.source', '$.mention.text', '$.claim']) AS j
        FROM records f JOIN documents d ON d.id = f.doc_id WHERE f.type = 'figure'{cond})
    SELECT f.id AS id, f.doc_id AS doc_id, {_DOC}, CAST(f.j[1] AS DOUBLE) AS value,
        coalesce(CAST(f.j[2] AS BOOLEAN), false) AS approximate, f.j[3] AS qualifier, f.j[4] AS counts,
        f.j[5] AS actor, f.j[6] AS since, coalesce(f.j[7], '(outlet)') AS source, f.j[8] AS mention_text,
        f.start AS mention_start, f."end" AS mention_end, f.j[9] AS claim
    FROM f JOIN documents d ON d.id = f.doc_id
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
    select = f"{body} SELECT *, count(*) OVER () AS _total FROM rows {_order(sort, ACTOR_SORTS, 'claims DESC, mentions DESC, name', 'id')} LIMIT ? OFFSET ?"
    return select.replace("§", "'"), f"{body} SELECT count(*) FROM rows".replace("§", "'"), params


STORY_SORTS = {"first_seen": "first_seen", "articles": "articles", "independent_origins": "independent_origins",
               "title": "title", "claims": "claims"}


def stories_sql(*, q=None, since=None, until=None, sort=None):
    """Stories with their counts and origins by canonical name (searched under every name they
    were written as); a date filter keeps a story with any article in the range."""
    where, params = [], []
    if since:
        where.append("last_date >= ?")
        params.append(since)
    if until:
        where.append(f"substr(first_date, 1, {len(until)}) <= ?")
        params.append(until)
    if q:
        where.append(f"({_contains('title')} OR {_contains('origin_text')})")
        params += [q, q]
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    body = """
    WITH raw AS (
        SELECT id, json_extract(payload, ['$.title', '$.first_seen', '$.members', '$.origins', '$.echoes',
                                          '$.contradictions']) AS j
        FROM records WHERE type = 'story'),
    s AS (
        SELECT id, j[1]->>'$' AS title, j[2]->>'$' AS first_seen,
            json_extract_string(j[3], '$[*].doc_id') AS docs, json_extract_string(j[3], '$[*].published') AS dates,
            list_transform(json_extract(j[4], '$[*]'), lambda o: coalesce(o->>'canonical', o->>'name')) AS origins,
            array_to_string(list_concat(json_extract_string(j[4], '$[*].name'),
                                        json_extract_string(j[4], '$[*].canonical')), '|') AS origin_text,
            coalesce(json_array_length(j[5]), 0) AS echoes,
            coalesce(json_array_length(j[6]), 0) AS contradictions
        FROM raw),
    rows AS (
        SELECT id, title, first_seen, coalesce(len(list_distinct(docs)), 0) AS articles, coalesce(len(docs), 0) AS claims,
            coalesce(len(origins), 0) AS independent_origins, echoes, contradictions, origins, origin_text,
            list_min(dates) AS first_date,
            list_max(dates) AS last_date
        FROM s)
    """
    select = (f"{body} SELECT id, title, first_seen, articles, claims, independent_origins, echoes, contradictions,"
              f" origins, count(*) OVER () AS _total FROM rows{cond} {_order(sort, STORY_SORTS, 'articles DESC, first_seen NULLS LAST', 'id')}"
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


def run_listing(con, q: TwoPhase, limit: Optional[int], offset: int):
    """(rows, total) of a two-step listing; ``limit=None`` returns every row."""
    keys = con.execute(q.keys, q.params + [limit if limit is not None else 2 ** 62, offset]).fetchall()
    if keys:
        total = keys[0][1]
    else:
        total = 0 if offset == 0 else con.execute(q.count, q.params).fetchone()[0]
    ids = [k[0] for k in keys]
    if not ids:
        return [], total
    rank = {i: n for n, i in enumerate(ids)}
    rows = fetch(con, q.rows, [ids])
    rows.sort(key=lambda r: rank[r["id"]])
    return rows, total


def run_page(con, select: str, count: str, params: list, limit: Optional[int], offset: int):
    """(rows, total) for one page; ``limit=None`` returns every row."""
    rows = fetch(con, select, params + [limit if limit is not None else 2 ** 62, offset])
    if rows and "_total" in rows[0]:
        total = rows[0]["_total"]
        for r in rows:
            del r["_total"]
    elif limit is None or (offset == 0 and len(rows) < limit):
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
