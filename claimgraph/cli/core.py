"""Core commands: ingest, docs, show, claims, export, rm, demo, eval seeds.

Long module: these commands form one group on the command line and share the ingest driver
(engines, workers, fetch policy, progress bars); each command is short.
"""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table
from rich.text import Text

from ..assets import ASSETS
from .app import DbOption, JsonOption, app, console, err, eval_app, fail, open_corpus, print_json, train_app
from .listing import FormatOption, LimitOption, OffsetOption, emit, limit_of, output_format, reading, title_of
from .output import cells, esc

#: the attribution component's modes (checked here without importing spaCy, so a bad option or
#: an unusable database is reported at once)
ATTRIBUTION_MODES = ("fast", "accurate", "rules")

SAMPLE_DIR = ASSETS / "sample"


INGEST_BATCH = 16       # documents analysed and stored together (one transaction)


def _run_ingest(corpus, inputs: list[str], outlet=None, published=None, language=None, quiet=False,
                workers: int = 1, engine: str = "local", address: Optional[str] = None, shards=None,
                allow_private=False, attribution="fast"):
    from ..ingest.fetch import FetchPolicy
    from ..ingestion import ingest
    from .progress import Bars, count_inputs, prepare_pipeline

    prepare_pipeline(quiet)
    total = count_inputs(inputs)
    if total is not None and engine == "local":
        # no more worker processes (each loads the models) than there are batches to analyse
        workers = max(1, min(workers, -(-total // INGEST_BATCH)))
    counts = {"stored": 0, "duplicate": 0, "skip": 0, "not_analysed": 0}
    with Bars(quiet) as bars:
        bars.start("ingest", total, "ingest")

        def on_progress(kind, payload):
            if kind in counts:
                counts[kind] += 1
            if kind == "skip" and not quiet:
                err.print(f"[yellow]skipped[/yellow] {esc(payload.source)}: {esc(payload.reason)}")
            elif kind == "duplicate" and not quiet:
                err.print(f"[dim]already stored[/dim] {esc(payload.source)} (id {payload.id})")
            elif kind == "not_analysed" and not quiet:
                err.print(f"[yellow]not analysed[/yellow] {esc(payload.source)}: {esc(payload.reason)}")
            elif kind == "note" and not quiet:
                d, note = payload
                err.print(f"[cyan]note[/cyan] {esc(d.source)}: {esc(note)}")
            if kind == "linking":
                bars.done("ingest")
                bars.start("link", payload, "link stories")
            elif kind == "linked":
                bars.advance("link")
            elif kind in counts:
                extra = ", ".join(f"{counts[k]} {w}" for k, w in (("duplicate", "already stored"), ("skip", "skipped"))
                                  if counts[k])
                bars.advance("ingest", description=f"ingest ({extra})" if extra else "ingest")

        policy = FetchPolicy(allow_private=allow_private)
        if engine == "ray":
            from ..ingest.ray_engine import ingest_ray

            report = ingest_ray(corpus, inputs, outlet=outlet, published=published, language=language,
                                workers=workers, address=address, on_progress=on_progress,
                                shards=str(shards) if shards else None, policy=policy,
                                attribution=attribution)
        else:
            report = ingest(corpus, inputs, outlet=outlet, published=published, language=language,
                            workers=workers, batch_size=INGEST_BATCH, on_progress=on_progress,
                            policy=policy, attribution=attribution)
    return report


@app.command()
def ingest(
    inputs: List[str] = typer.Argument(..., help="Files, directories, URLs or RSS/Atom feeds (.txt, .html, .jsonl, .warc[.gz], .rss/.xml)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Outlet name for these articles (overrides what the page says)."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date, e.g. 2022-11-20 (anchors relative dates)."),
    language: Optional[str] = typer.Option(None, "--language", help="ISO 639-1 language code (default: detected)."),
    attribution: str = typer.Option("fast", "--attribution", help="Attribution tagger: fast (CRF, about a fifth of the spaCy parse), accurate (MiniLM combined with the CRF: better on every PolNeAR figure, about ten times the CPU) or rules."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow fetching from loopback, private and link-local addresses (refused by default: a feed could otherwise make claimgraph read internal services)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Processes analysing documents, this one included (default: the machine's cores). Each loads the pipeline once (about 0.4 GB)."),
    engine: str = typer.Option("local", "--engine", help="local (this machine's processes) or ray (a Ray Data pipeline; needs the claimgraph\\[ray] extra)."),
    address: Optional[str] = typer.Option(None, "--address", help="With --engine ray: the Ray cluster to join, e.g. ray://head:10001 or auto (default: start a local Ray)."),
    shards: Optional[Path] = typer.Option(None, "--shards", help="With --engine ray: directory the Ray workers write their Parquet shards into, kept after the run (default: a temporary directory; on a multi-node cluster it must be storage every node and this machine share)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars or per-input notes on stderr."),
    db: Optional[Path] = DbOption,
    as_json: bool = JsonOption,
):
    """Read articles, analyse them and store the records.

    Re-ingesting the same article (same normalized text) stores it once and says so. Inputs
    that cannot be read are reported and recorded; the rest of the batch is stored. Fetches
    are bounded in time and size. Documents are analysed in batches by --workers processes
    and each batch is stored in one transaction: an interrupted ingest keeps every batch
    stored before, and documents it stored but did not link are linked by the next one.
    Exit status 1 when nothing could be stored, 2 when the database cannot be opened.

    Example: claimgraph ingest article.html https://example.org/feed.xml --outlet "Kyiv Daily"
    """
    from ..ingest.readers import normalize_date
    from ..ingest.workers import default_workers

    if attribution not in ATTRIBUTION_MODES:
        fail(f"--attribution must be fast, accurate or rules, not {attribution!r}")
    if published is not None and not normalize_date(published):
        fail(f"--published takes a date such as 2022-11-20, not {published!r}")
    if engine not in ("local", "ray"):
        fail(f"--engine must be local or ray, not {engine!r}")
    if (address is not None or shards is not None) and engine != "ray":
        fail("--address and --shards need --engine ray")
    _ingest(inputs, outlet, published, language, db, as_json, allow_private, attribution,
            quiet=quiet or as_json, workers=workers or default_workers(), engine=engine,
            address=address, shards=shards)


def _ingest(inputs, outlet, published, language, db, as_json, allow_private=False, attribution="fast",
            quiet=None, workers=1, engine="local", address=None, shards=None) -> None:
    with open_corpus(db) as corpus:
        try:
            report = _run_ingest(corpus, inputs, outlet, published, language,
                                 quiet=as_json if quiet is None else quiet, workers=workers,
                                 engine=engine, address=address, shards=shards,
                                 allow_private=allow_private, attribution=attribution)
        except ImportError as exc:
            if engine != "ray" or not (exc.name or "").startswith("ray"):
                raise
            fail(f"the ray engine is not available ({exc}): pip install 'claimgraph\\[ray]'")
        path = corpus.path
    nothing = not report.stored and not report.duplicates
    if as_json:
        print_json(report.as_dict())
    else:
        n = len(report.stored)
        rate = n / report.seconds if report.seconds else 0.0
        console.print(f"stored {n} new document(s) in {report.seconds:.1f} s ({rate:.2f} docs/s); "
                      f"{len(report.duplicates)} already stored; {len(report.skipped)} skipped; "
                      f"{len(report.not_analysed)} stored without analysis"
                      + (f"; linked {report.linked}" if report.linked else "")
                      + f"  [dim]({esc(path)})[/dim]")
    if nothing:
        fail("nothing could be stored" + (f": {len(report.skipped)} input(s) skipped, see above"
                                          if report.skipped else ": no articles in the inputs"))


@app.command()
def docs(outlet: Optional[str] = typer.Option(None, "--outlet", help="Only articles from this outlet (part of its name)."),
         q: Optional[str] = typer.Option(None, "--search", "-s", help="Only articles whose title or text contains this."),
         since: Optional[str] = typer.Option(None, "--since", help="Published on/after YYYY-MM-DD."),
         until: Optional[str] = typer.Option(None, "--until", help="Published on/before YYYY-MM-DD (YYYY-MM: the whole month)."),
         sort: Optional[str] = typer.Option(None, "--sort", help="published | outlet | title | claims | ingested_at (prefix - for descending)."),
         limit: int = LimitOption, offset: int = OffsetOption, fmt: str = FormatOption,
         db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """List stored articles with their record counts.

    Example: claimgraph docs --since 2024-03 --format csv
    """
    from .. import core

    fmt = output_format(fmt, as_json)
    with reading(db) as corpus:
        page = core.documents(corpus, outlet=outlet, q=q, since=since, until=until, sort=sort,
                              limit=limit_of(limit), offset=offset)
    emit(page.rows, fmt, title=title_of(page, "documents"), hint="next: claimgraph show ID",
         columns=[("id", "id", {"min_width": 16}), ("published", "published", {"min_width": 10}),
                  ("outlet", "outlet", {"ratio": 1, "max_width": 18}), ("title", "title", {"ratio": 3}),
                  ("claims", "claims", {"justify": "right"})])


STYLES = {"source": "bold cyan", "cue": "bold magenta", "content": "green", "hedge": "bold yellow",
          "place": "underline blue", "time": "underline dark_orange", "figure": "bold red"}


def highlight(text: str, records: list) -> Text:
    """The article with extracted spans styled from their character offsets."""
    from ..model import Attribution, Claim, Figure, Place, Time

    out = Text(text)
    layers = []
    for r in records:
        if isinstance(r, Attribution):
            layers += [("content", s) for s in r.contents]
            layers += [("source", s) for s in r.sources]
            if r.cue:
                layers.append(("cue", r.cue))
        elif isinstance(r, Claim):
            layers += [("hedge", s) for s in r.hedges]
        elif isinstance(r, Place):
            layers.append(("place", r.mention))
        elif isinstance(r, Time):
            layers.append(("time", r.mention))
        elif isinstance(r, Figure):
            layers.append(("figure", r.mention))
    order = list(STYLES)
    for kind, span in sorted(layers, key=lambda x: order.index(x[0])):
        out.stylize(STYLES[kind], span.start, span.end)
    return out


def _chain(attr, by_id) -> str:
    from ..analyse.attribution import source_chain

    return " → ".join(source_chain(attr, by_id))


@app.command()
def show(doc_id: str = typer.Argument(..., help="Document id (or a unique prefix of it), or the id of one of its records (a claim id from `claimgraph claims`)."),
         db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """Show one article with its records, spans highlighted from their offsets.

    Colours: source, cue, content of attributions; hedges; places; dates; figures.

    Example: claimgraph show 3f2a
    """
    from dataclasses import asdict

    from ..model import to_dict

    with reading(db) as corpus:
        doc = corpus.document(doc_id)
        if doc is None:
            row = corpus.con.execute("SELECT doc_id FROM records WHERE id = ? AND doc_id IS NOT NULL LIMIT 1",
                                     [doc_id]).fetchone()
            doc = corpus.document(row[0]) if row else None
        if doc is None:
            fail(f"no document or record with id {doc_id!r} (see `claimgraph docs`)")
        records = corpus.all_records(doc.id)
    if as_json:
        print_json({"document": asdict(doc), "records": [to_dict(r) for r in records]})
        return
    from rich.panel import Panel

    console.print(Panel(highlight(doc.text, records),
                        title=f"{esc(doc.title or doc.id)}  [dim]{esc(doc.outlet)} {esc(doc.published)}[/dim]"))
    legend = Text("legend: ")
    for k, style in STYLES.items():
        legend.append(k, style=style)
        legend.append("  ")
    console.print(legend)
    _print_record_tables(records)


def _print_record_tables(records: list) -> None:
    from ..model import Attribution, Claim, Event, Figure, Place, Time

    attrs = [r for r in records if isinstance(r, Attribution)]
    by_id = {a.id: a for a in attrs}
    if attrs:
        t = Table(title="attributions")
        for c in ("chain (outlet's source first)", "cue", "content", "type", "evidence"):
            t.add_column(c, overflow="fold")
        for a in attrs:
            t.add_row(*cells(_chain(a, by_id), a.cue.text if a.cue else "",
                             _short(" … ".join(s.text for s in a.contents)), a.quote_type, a.evidence))
        console.print(t)
    claims = [r for r in records if isinstance(r, Claim)]
    if claims:
        t = Table(title="claims")
        for c in ("claim", "who asserts it", "certainty", "hedges", "polarity", "factuality", "outlet stance", "depth"):
            t.add_column(c, overflow="fold")
        for c in claims:
            t.add_row(esc(_short(c.content.text)) + (" [dim](boilerplate)[/dim]" if c.boilerplate else ""),
                      *cells(" → ".join(c.chain) or "outlet", c.certainty,
                             ", ".join(h.text for h in c.hedges), c.polarity,
                             f"{c.factuality:+.1f}" if c.factuality is not None else "", c.outlet_stance, c.depth))
        console.print(t)
    for title, kind, cols in (
            ("places", Place, ("mention", "name", "admin1", "country", "lat", "lon", "role", "ambiguous")),
            ("dates", Time, ("mention", "value", "start", "end", "granularity", "anchor")),
            ("figures", Figure, ("mention", "value", "approximate", "counts", "actor", "since", "source")),
            ("events", Event, ("trigger", "type", "source_actor", "target_actor", "certainty", "polarity",
                               "acled_event_type"))):
        rows = [r for r in records if isinstance(r, kind)]
        if not rows:
            continue
        t = Table(title=title)
        for c in cols:
            t.add_column(c, overflow="fold")
        for r in rows:
            t.add_row(*cells(*[_cell(getattr(r, c, None)) for c in cols]))
        console.print(t)


def _cell(v) -> str:
    if v is None:
        return ""
    if hasattr(v, "text"):
        return v.text
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _short(s: str, n: int = 160) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


@app.command()
def claims(
    doc: Optional[str] = typer.Option(None, "--doc", help="Only this document (id or prefix)."),
    source: Optional[str] = typer.Option(None, "--source", help="Only claims whose source chain or source actor id contains this text."),
    evidence: Optional[str] = typer.Option(None, "--evidence", help="Only this evidence type, e.g. intercepted_communication, video."),
    certainty: Optional[str] = typer.Option(None, "--certainty", help="certain | probable | possible | unknown."),
    stance: Optional[str] = typer.Option(None, "--stance", help="Outlet stance: endorses | neutral | distances | unverified | disputes."),
    polarity: Optional[str] = typer.Option(None, "--polarity", help="asserted | negated."),
    min_depth: int = typer.Option(0, "--min-depth", help="Only claims at least this deep in an attribution chain (outlet -> agency -> recording -> speaker is 3)."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only articles from this outlet."),
    place: Optional[str] = typer.Option(None, "--place", help="Only claims naming this place (as resolved or as written)."),
    since: Optional[str] = typer.Option(None, "--since", help="Only articles published on/after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Only articles published on/before YYYY-MM-DD (YYYY-MM: the whole month)."),
    q: Optional[str] = typer.Option(None, "--search", "-s", help="Only claims whose text contains this."),
    boilerplate: bool = typer.Option(False, "--boilerplate", help="Include captions and summary bullets."),
    sort: Optional[str] = typer.Option(None, "--sort", help="published | outlet | certainty | outlet_stance | depth | evidence | source_chain | content_text | factuality (prefix - for descending)."),
    limit: int = LimitOption, offset: int = OffsetOption, fmt: str = FormatOption,
    db: Optional[Path] = DbOption,
    as_json: bool = JsonOption,
):
    """Claims across the corpus: who asserts each, how surely, on what evidence.

    The table shows one line a claim; `claimgraph show CLAIM_ID` shows it in its article,
    --format json or csv gives every field.

    Example: claimgraph claims --certainty possible --stance unverified --min-depth 2
    """
    from .. import core

    fmt = output_format(fmt, as_json)
    with reading(db) as corpus:
        page = core.claims(corpus, doc=doc, source=source, evidence=evidence, certainty=certainty, stance=stance,
                           polarity=polarity, min_depth=min_depth, outlet=outlet, place=place, since=since,
                           until=until, q=q, boilerplate=boilerplate, sort=sort, limit=limit_of(limit),
                           offset=offset)
    emit(page.rows, fmt, title=title_of(page, "claims"), hint="next: claimgraph show CLAIM_ID",
         columns=[("id", "claim id", {"min_width": 20}), ("source_chain", "source", {"ratio": 1, "max_width": 24}),
                  ("content_text", "claim", {"ratio": 3}), ("certainty", "certainty", {"min_width": 8}),
                  ("depth", "d", {"justify": "right"})])


@app.command()
def export(
    out: Path = typer.Argument(..., help="Output file (jsonl, plover, prov, geojson, acled) or directory (csv, parquet: one table per record type)."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv | parquet | plover | prov | geojson | acled"),
    db: Optional[Path] = DbOption,
):
    """Export the stored corpus.

    jsonl: one record a line with a `type` field (document, attribution, claim, actor_mention,
    place, time, figure, event, story) and `schema_version`; csv/parquet: a directory with one
    table per record type; plover: PLOVER event JSON lines; prov: W3C PROV-O (PROV-JSON, or
    Turtle when OUT ends in .ttl); geojson: located places and events as GeoJSON points;
    acled: events as an ACLED-style CSV (event_date, event_type, sub_event_type, actor1, actor2,
    admin1, location, latitude, longitude, source, notes) plus source chain and certainty.

    Example: claimgraph export --format acled events.csv
    """
    from ..export import FORMATS, export as run_export

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    from .progress import Bars

    with reading(db) as corpus, Bars() as bars:
        bars.start("export", None, f"export {fmt} to {out}")
        try:
            n = run_export(corpus, fmt, out)
        except ImportError as exc:
            fail(f"the {fmt} export is not available: {exc}")
        except OSError as exc:
            fail(f"cannot write {out}: {exc.strerror or exc}")
        bars.done("export")
    console.print(f"wrote {n} records to {esc(out)}")


@app.command()
def rm(
    doc_ids: Optional[List[str]] = typer.Argument(None, help="Document ids (or unique prefixes), from `claimgraph docs`."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Every document of this outlet (exact name)."),
    source: Optional[str] = typer.Option(None, "--source", help="Every document read from this file, directory or URL."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    db: Optional[Path] = DbOption,
    as_json: bool = JsonOption,
):
    """Remove documents with all their records, then re-link the stories without them.

    Example: claimgraph rm 3f2a9c1b --yes ; claimgraph rm --outlet "Fake Daily" --yes
    """
    if not doc_ids and outlet is None and source is None:
        fail("name documents to remove: ids, --outlet or --source")
    with open_corpus(db) as corpus:
        found = corpus.matching_documents(doc_ids or [], outlet=outlet, source=source)
        missing = [i for i in doc_ids or [] if corpus.document(i) is None]
        if missing:
            fail(f"no document with id {missing[0]!r} (see `claimgraph docs`); nothing removed")
        if not found:
            fail("no document matches; nothing removed")
        if not yes and not as_json:
            for d in found:
                err.print(f"  {d.id}  {esc(d.outlet)}  {esc(_short(d.title or d.source or '', 70))}")
            if not typer.confirm(f"remove {len(found)} document(s) and their records?", err=True):
                fail("nothing removed")
        from ..link import relink

        n = corpus.remove_documents(d.id for d in found)
        relink(corpus)
        corpus.mark_linked(corpus.pending_links())
        stories = len(corpus.records("story"))
    if as_json:
        print_json({"removed": [d.id for d in found], "stories": stories})
    else:
        console.print(f"removed {n} document(s) with their records; {stories} stories after re-linking")


def demo_db_path() -> Path:
    """The demo's own database, beside (never the same as) the default one."""
    import platformdirs

    return Path(platformdirs.user_data_dir("claimgraph")) / "demo.duckdb"


@app.command()
def demo(db: Optional[Path] = typer.Option(None, "--db", help="DuckDB file for the demo (default: its own demo.duckdb in the user data directory; never your main database).", show_default=False),
         as_json: bool = JsonOption):
    """Ingest the bundled (fictional) sample corpus into its own database and print a summary.
    Needs no network. The fictional articles never enter your main database.

    Example: claimgraph demo --db /tmp/demo.duckdb
    """
    from ..store.db import default_db_path

    corpus_file = SAMPLE_DIR / "corpus.jsonl"
    if not corpus_file.exists():
        fail(f"the sample corpus is missing: {corpus_file}")
    db = db or demo_db_path()
    if db.expanduser().resolve() == default_db_path().expanduser().resolve():
        fail(f"{db} is your main database; the demo's fictional articles go to a database of their own")
    with open_corpus(db) as corpus:
        report = _run_ingest(corpus, [str(corpus_file)], quiet=as_json)
        stats = corpus.stats()
        summary = {"db": str(corpus.path), "new_documents": len(report.stored),
                   "already_stored": len(report.duplicates), "skipped": len(report.skipped),
                   "seconds": round(report.seconds, 2),
                   "docs_per_second": round(len(report.stored) / report.seconds, 2) if report.seconds else None,
                   "records": stats}
        expected = SAMPLE_DIR / "expected.yaml"
        if expected.exists():
            from ..evaluate.seeds import check_stored

            res = check_stored(expected, corpus)
            summary["sample_expectations"] = {"met": res.met, "total": res.total,
                                              "sections": {k: {"met": a, "total": b} for k, (a, b) in res.by_section().items()}}
        from .. import core

        top = core.claims(corpus, min_depth=2, limit=8).rows
        from ..link.stories import story_summary

        stories = sorted((story_summary(st) for st in corpus.records("story")),
                         key=lambda x: (-x["articles"], x["first_seen"] or ""))
        summary["stories"] = stories
    if as_json:
        print_json(summary)
        return
    console.print(f"[bold]claimgraph demo[/bold]: {summary['new_documents']} new article(s) stored, "
                  f"{summary['already_stored']} already stored, in {summary['seconds']} s  [dim]({esc(summary['db'])})[/dim]")
    t = Table(title="records in the database")
    t.add_column("type")
    t.add_column("count", justify="right")
    for k, v in stats.items():
        t.add_row(k, str(v))
    console.print(t)
    if "sample_expectations" in summary:
        se = summary["sample_expectations"]
        console.print(f"hand-written expectations met: [bold]{se['met']}/{se['total']}[/bold] "
                      + ", ".join(f"{k} {v['met']}/{v['total']}" for k, v in se["sections"].items()))
    if top:
        t = Table(title="second-hand and deeper claims (depth >= 2)")
        for c in ("outlet", "source chain", "claim", "certainty", "stance"):
            t.add_column(c, overflow="fold", max_width=50)
        for r in top:
            t.add_row(*cells(r["outlet"] or "", r["source_chain"], _short(r["content_text"], 120), r["certainty"],
                             r["outlet_stance"]))
        console.print(t)
    if stories:
        t = Table(title="stories across articles: independent origins versus echoes")
        for c in ("story", "articles", "independent origins", "echoes", "contradictions", "first seen"):
            t.add_column(c, overflow="fold", max_width=50)
        for st in stories:
            t.add_row(*cells(_short(st["title"] or st["id"], 60), st["articles"],
                             f"{st['independent_origins']}: " + "; ".join(_short(o or "?", 40) for o in st["origins"]),
                             st["echoes"], st["contradictions"], st["first_seen"] or ""))
        console.print(t)
    console.print(f"next (with --db {esc(summary['db'])}): [bold]claimgraph docs[/bold], [bold]claimgraph show ID[/bold], "
                  "[bold]claimgraph claims --min-depth 2[/bold], [bold]claimgraph stories[/bold], "
                  "[bold]claimgraph export --format jsonl out.jsonl[/bold]")


@eval_app.command("seeds")
def eval_seeds(
    spec: Path = typer.Argument(..., help="Acceptance spec, e.g. ../shared/acceptance/seeds.yaml"),
    docs_dir: Optional[Path] = typer.Option(None, "--docs", help="Folder with the spec's files (default: seeds/ beside the spec's folder)."),
    db: Optional[Path] = typer.Option(None, "--db", help="Keep the ingested articles in this DuckDB file (default: a temporary one)."),
    attribution: str = typer.Option("fast", "--attribution", help="Attribution mode of the analysis: fast, accurate or rules."),
    as_json: bool = JsonOption,
):
    """Check every expectation of an acceptance spec; print each as met or missed, then met/total.

    Example: claimgraph eval seeds ../shared/acceptance/seeds.yaml
    """
    from ..evaluate.seeds import run

    if not spec.exists():
        fail(f"no such spec file: {spec}")
    try:
        res = run(spec, docs_dir=docs_dir, db=db, attribution=attribution,
                  on_progress=None if as_json else (lambda m: err.print(f"[dim]{m}[/dim]")))
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))
    if as_json:
        print_json(res.as_dict())
        return
    for it in res.items:
        mark = "[green]met   [/green]" if it.met else "[red]missed[/red]"
        what = it.expect if isinstance(it.expect, (str, list)) else {k: v for k, v in it.expect.items()} if isinstance(it.expect, dict) else it.expect
        console.print(f"{mark} {it.section:<14} {it.doc or '':<10} {_short(str(what), 90)}")
        if not it.met:
            console.print(f"        [dim]{it.reason}[/dim]")
    console.print(f"[bold]{res.met}/{res.total}[/bold] met  "
                  + ", ".join(f"{k} {a}/{b}" for k, (a, b) in res.by_section().items()))
    confusion = res.certainty_confusion()
    if confusion:
        from ..evaluate.seeds import LEVELS

        cols = [lv for lv in (*LEVELS, "missing") if any(lv in row for row in confusion.values())]
        table = Table(title="claim certainty: expected (rows) x predicted (columns)")
        table.add_column("expected")
        for c in cols:
            table.add_column(c, justify="right")
        for gold in LEVELS:
            if gold in confusion:
                table.add_row(gold, *[str(confusion[gold].get(c, 0)) for c in cols])
        console.print(table)


@eval_app.command("factuality")
def eval_factuality(
    jsonl: Path = typer.Option(..., "--jsonl", help="Factuality file in the format of ../shared/factuality (UW, MEANTIME)."),
    predictions: Optional[Path] = typer.Option(None, "--predictions", help="Write each input line back with a `prediction` in every target."),
    mode: str = typer.Option("accurate", "--mode", help="accurate: parse features + MiniLM contextual vectors; "
                             "fast: parse features only (what `ingest` uses)."),
    as_json: bool = JsonOption,
):
    """Event factuality (-3..+3) predicted from claimgraph's certainty analysis: MAE and Pearson r.

    Example: claimgraph eval factuality --jsonl ../shared/factuality/uw/dev.jsonl
    """
    if mode not in ("fast", "accurate"):
        fail(f"--mode is fast or accurate, not {mode!r}")
    from ..evaluate.factuality import evaluate

    if not jsonl.exists():
        fail(f"no such file: {jsonl}")
    try:
        res = evaluate(jsonl, predictions, mode=mode)
    except (ValueError, KeyError, IndexError) as exc:
        fail(f"{jsonl} is not in the factuality format: {exc}")
    if as_json:
        print_json(res)
        return
    console.print(f"{res['file']}: {res['sentences']} sentences, {res['targets']} target events ({mode} mode)\n"
                  f"MAE {res['mae']:.3f}   Pearson r {res['pearson_r']:.3f}")


@train_app.command("factuality")
def train_factuality(
    jsonl: List[Path] = typer.Argument(..., help="Training files in the factuality format (e.g. ../shared/factuality/uw/train.jsonl)."),
    out: Path = typer.Option(..., "--out", help="Directory to write fast.npz/.json and accurate.npz/.json into (the shipped ones: claimgraph/assets/models/factuality/)."),
):
    """Retrain the event-factuality regressor (ridge + boosted trees over parse features).

    Example: claimgraph train factuality ../shared/factuality/uw/train.jsonl --out /tmp/factuality
    """
    import time

    from rich.progress import Progress

    from ..evaluate.factuality import read
    from ..training.factuality import train_model

    missing = [p for p in jsonl if not p.exists()]
    if missing:
        fail(f"no such file: {missing[0]}")
    total = sum(1 for p in jsonl for _ in read(p))
    t0 = time.time()
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("parsing sentences", total=total)
        meta = train_model(jsonl, out, progress=lambda: bar.advance(task))
    first = next(iter(meta.values()))
    console.print(f"trained {', '.join(meta)} on {first['sentences']} sentences / {first['targets']} events in "
                  f"{time.time() - t0:.0f} s; saved to {out or 'the packaged model directory'}")
