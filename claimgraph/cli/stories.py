"""Stories across articles: `claimgraph stories`, `claimgraph story ID`, `claimgraph link`,
`claimgraph eval stories SPEC | --jsonl FILE`."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from .app import DbOption, JsonOption, app, console, err, eval_app, fail, open_corpus, print_json, train_app
from .output import cells, esc


def _matches(story, actor: Optional[str], place: Optional[str], since: Optional[str], until: Optional[str],
             place_names: dict, actor_names: dict) -> bool:
    if actor:
        a = actor.casefold()
        names = [actor_names.get(x, x) for x in story.actors or []] + \
                [m.get("origin_actor") or "" for m in story.members] + \
                [o.get(k) or "" for o in story.origins for k in ("name", "canonical")]
        if not any(a in (n or "").casefold() for n in names):
            return False
    if place:
        p = place.casefold()
        names = [n for g in story.places or [] for n in place_names.get(str(g), [])]
        if not any(p in n.casefold() for n in names):
            return False
    dates = [m.get("published") for m in story.members if m.get("published")] + list(story.dates or [])
    if since and not any(d[:10] >= since for d in dates):
        return False
    if until and not any(d[:len(until)] <= until for d in dates):    # "--until 2024-03": all of March
        return False
    return True


def story_rows(corpus, actor=None, place=None, since=None, until=None) -> list:
    from ..link.stories import story_summary

    stories = corpus.records("story")
    place_names: dict = {}
    if place:
        for p in corpus.records("place"):
            key = str(p.geonameid or f"{p.name}|{p.country}")      # the keys stories keep
            place_names.setdefault(key, set()).update({p.name or "", p.mention.text})
    actor_names = {a.id: a.name for a in corpus.records("actor")} if actor else {}
    out = [story_summary(s) for s in stories if _matches(s, actor, place, since, until, place_names, actor_names)]
    out.sort(key=lambda r: (-r["articles"], r["first_seen"] or ""))
    return out


@app.command()
def stories(actor: Optional[str] = typer.Option(None, "--actor", help="Only stories naming this actor or source."),
            place: Optional[str] = typer.Option(None, "--place", help="Only stories about this place, e.g. Kharkiv."),
            since: Optional[str] = typer.Option(None, "--since", help="Only stories with an article on/after YYYY-MM-DD."),
            until: Optional[str] = typer.Option(None, "--until", help="Only stories with an article on/before YYYY-MM-DD."),
            db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """Stories across articles, with independent origins, echoes and contradictions counted.

    Example: claimgraph stories --place Kharkiv --since 2024-03-01
    """
    for flag, value in (("--since", since), ("--until", until)):
        if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            fail(f"{flag} takes a date as YYYY-MM-DD (or YYYY-MM, YYYY), not {value!r}")
    with open_corpus(db, read_only=True) as corpus:
        rows = story_rows(corpus, actor, place, since, until)
    if as_json:
        print_json(rows)
        return
    t = Table(title=f"{len(rows)} stories")
    for c in ("id", "title", "first seen", "articles", "origins", "echoes", "contradictions"):
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*cells(r["id"], r["title"], r["first_seen"], r["articles"],
                         r["independent_origins"], r["echoes"], r["contradictions"]))
    console.print(t)


@app.command()
def story(story_id: str = typer.Argument(..., help="Story id (from `claimgraph stories`)."),
          db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """One story: its members grouped by origin, echoes, contradictions and timeline."""
    with open_corpus(db, read_only=True) as corpus:
        found = [s for s in corpus.records("story") if s.id == story_id or s.id.startswith(story_id)]
        docs = corpus.documents_by_id(found[0].doc_ids) if found else {}
    if not found:
        fail(f"no story {story_id!r}")
    s = found[0]

    def article(doc_id: Optional[str], outlet: Optional[str] = None) -> str:
        """An article as a reader knows it: its outlet, else its title, else its file or URL."""
        d = docs.get(doc_id)
        if outlet or d is None:
            return outlet or doc_id or "?"
        name = d.outlet or d.title or (Path(d.source).name if d.source else None) or doc_id
        return name if len(name) <= 48 else name[:47] + "…"
    data = {"id": s.id, "title": s.title, "first_seen": s.first_seen,
            "origins": [{k: o.get(k) for k in ("key", "name", "canonical", "first_seen", "first_doc", "first_outlet",
                                               "doc_ids", "echoes")}
                        for o in s.origins],
            "members": [{k: m.get(k) for k in ("doc_id", "outlet", "published", "text", "origin", "origin_name",
                                               "via", "polarity", "certainty")} for m in s.members],
            "echoes": [{k: v for k, v in e.items() if k != "passages"} for e in s.echoes],
            "contradictions": s.contradictions, "timeline": s.timeline}
    if as_json:
        print_json(data)
        return
    console.print(f"[bold]{esc(s.title)}[/bold]  ({esc(s.id)}), first seen {esc(s.first_seen or '?')}")
    console.print(f"{len(s.origins)} independent origin(s), {len(s.echoes)} echo(es), "
                  f"{len(s.contradictions)} contradiction(s)")
    for o in s.origins:
        console.print(f"\n[bold]origin:[/bold] {esc(o.get('canonical') or o.get('name'))}  "
                      f"(first reported {esc(o.get('first_seen') or '?')} by "
                      f"{esc(article(o.get('first_doc'), o.get('first_outlet')))})")
        variants = {v["key"] for v in o.get("variants", [])} | {o["key"]}
        for m in s.members:
            if m.get("origin") in variants:
                via = f" via {', '.join(m['via'])}" if m.get("via") else ""
                when = f" {m['published']}" if m.get("published") else ""
                console.print(esc(f"  - [{article(m['doc_id'], m.get('outlet'))}{when}]{via} {m.get('text')}"))
        for e in o.get("echoes") or []:
            what = (e.get("copies") or {})
            share = f", {100 * e['shared']:.0f}% shared text" if e.get("shared") is not None else ""
            copied = what.get("outlet") or (article(what["doc_id"]) if what.get("doc_id") else "?")
            console.print(esc(f"  echo: {article(e['doc_id'], e.get('outlet'))} {e.get('kind')} of {copied}{share}"))
    if s.contradictions:
        console.print("\n[bold]contradictions[/bold]")
        for c in s.contradictions:
            vals = "; ".join(f"{v['value']:g} ({v.get('source') or 'outlet'})" for v in c.get("values", []))
            console.print(esc(f"  {c.get('measure')}: {vals}"))
    t = Table(title="timeline")
    for c in ("published", "event date", "article", "new origins", "echo"):
        t.add_column(c, overflow="fold")
    for e in s.timeline:
        when = f"{e['event_date']} ({e.get('dated_by') or '?'})" if e.get("event_date") else ""
        t.add_row(*cells(e.get("date"), when, article(e["doc_id"], e.get("outlet")),
                         len(e.get("new_origins") or []), "yes" if e.get("echo") else ""))
    console.print(t)


@app.command()
def link(db: Optional[Path] = DbOption, as_json: bool = JsonOption):
    """Re-link the whole stored corpus into stories (forgets the stored stories first)."""
    from ..link import relink
    from .progress import Bars

    with open_corpus(db) as corpus, Bars(quiet=as_json) as bars:
        bars.start("link", corpus.stats()["documents"], "link stories")
        changed = relink(corpus, progress=lambda: bars.advance("link"))
        corpus.mark_linked(corpus.pending_links())
        bars.done("link")
        n = len(corpus.records("story"))
    if as_json:
        print_json({"stories": n, "changed": len(changed)})
    else:
        console.print(f"{n} stories")


@eval_app.command("stories")
def eval_stories(spec: Optional[Path] = typer.Argument(None, help="YAML with a `stories:` section, e.g. "
                                                                "claimgraph/assets/sample/expected.yaml."),
                 jsonl: Optional[Path] = typer.Option(None, "--jsonl", help="Labelled articles, one JSON object a "
                                                      "line: text (+ title, published, outlet, url) and the gold "
                                                      "story, e.g. ../shared/stories/ecbplus_1-35.jsonl."),
                 db: Optional[Path] = typer.Option(None, "--db", help="DuckDB file to ingest into and link (default: "
                                                   "a temporary one). An already analysed corpus is only re-linked."),
                 linking: str = typer.Option("relink", "--linking", help="With --jsonl: relink (link the whole "
                                             "corpus from scratch, as `claimgraph link` does) or ingest (link "
                                             "incrementally in input order, as `claimgraph ingest` does)."),
                 as_json: bool = JsonOption):
    """Score story linking.

    With --jsonl: ingest and analyse the articles as `claimgraph ingest` does, link them
    (--linking), put each article in the story holding most of its claims, and print B-cubed
    and pairwise P/R/F1 of article -> story against the gold `story` field, with a TF-IDF
    average-link clustering as the reference (on ECB+ labels also split into the topics the
    scorer was tuned on and the held-out ones). With a SPEC: pairwise membership, origin
    counts and echoes of the spec's hand-written stories.

    Example: claimgraph eval stories --jsonl ../shared/stories/ecbplus_1-35.jsonl --db ecb.duckdb
    """
    if (spec is None) == (jsonl is None):
        fail("give either a SPEC file or --jsonl FILE")
    if jsonl is not None:
        from ..evaluate.stories import evaluate_jsonl

        if not jsonl.exists():
            fail(f"no such file: {jsonl}")
        try:
            res = evaluate_jsonl(jsonl, db=db, progress=lambda msg: err.print(esc(msg)), linking=linking)
        except ValueError as exc:
            fail(str(exc))
        if as_json:
            print_json(res)
            return
        t = Table(title=f"article -> story, {res['all']['articles']} articles, {res['all']['stories']} stories")
        for c in ("part", "method", "B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1", "stories"):
            t.add_column(c)
        parts = [k for k in ("held_out", "tuned", "all") if k in res]
        for part in parts:
            for name, r in ((res["method"], res[part]), (res["baseline"]["method"], res["baseline"][part])):
                b, pw = r["bcubed"], r["pairwise"]
                t.add_row(part.replace("_", " "), name, f"{b['precision']:.3f}", f"{b['recall']:.3f}",
                          f"{b['f1']:.3f}", f"{pw['precision']:.3f}", f"{pw['recall']:.3f}", f"{pw['f1']:.3f}",
                          f"{r['predicted_stories']}/{r['stories']}")
        console.print(t)
        if "split" in res:
            console.print(f"scorer tuned on {res['split']['tuned_on']}; held out: {res['split']['reported_on']}")
        return
    from ..evaluate.stories import evaluate

    res = evaluate(spec, db=db)
    if as_json:
        print_json(res)
        return
    p = res["pairwise"]
    console.print(f"pairwise story membership: P {p['precision']:.3f} R {p['recall']:.3f} F1 {p['f1']:.3f}")
    console.print(f"origin-count accuracy: {res['origin_count_accuracy']}")
    for r in res["origins"]:
        console.print(f"  {r['story']}: expected {r['expected']} predicted {r['predicted']}")
    e = res["echoes"]
    console.print(f"echoes: P {e['precision']:.3f} R {e['recall']:.3f}")


@train_app.command("claims")
def train_claims(
        polnear: Path = typer.Option(..., "--polnear", help="PolNeAR folder (train sentences to fit, dev sentences "
                                                          "to choose the ridge constant and the epoch)."),
        out: Path = typer.Option(..., "--out", help="Table to write (the shipped one: "
                                                  "claimgraph/assets/models/claims/static_claims.npz; its figures "
                                                  "go beside it as .json).")):
    """Retrain the static claim vectors of story linking: a word-piece table distilled from MiniLM
    and trained to give MiniLM's vectors of news sentences (about five minutes on two cores).

    Example: claimgraph train claims --polnear ../shared/polnear --out /tmp/static_claims.npz
    """
    if not (polnear / "train" / "text").is_dir() or not (polnear / "dev" / "text").is_dir():
        fail(f"{polnear}/train/text and {polnear}/dev/text are needed")
    from ..training.static_claims import main

    main(["--polnear", str(polnear), "--out", str(out)])
