"""Acceptance: the two seed articles are one story with two independent origins."""
from __future__ import annotations

import pytest

from conftest import shared_path

pytestmark = pytest.mark.slow


def test_seeds_form_one_story_with_two_origins(tmp_path):
    spec = shared_path("acceptance", "seeds.yaml")
    from claimgraph.evaluate.seeds import run

    result = run(spec, db=tmp_path / "seeds.duckdb")
    cross = [i for i in result.items if i.section == "cross_document"]
    assert cross and all(i.met for i in cross), [i.reason for i in cross]


def test_seed_story_names_the_recording_and_has_a_headline(tmp_path):
    """Each origin of the story says what the evidence is, who released it and who speaks in it; an
    article without a title gets its lead, not its "KEY POINTS" heading, as the story title."""
    spec = shared_path("acceptance", "seeds.yaml")
    from claimgraph.evaluate.seeds import run
    from claimgraph.store import Corpus

    run(spec, db=tmp_path / "seeds.duckdb")
    with Corpus(tmp_path / "seeds.duckdb", read_only=True) as corpus:
        [story] = [s for s in corpus.records("story") if len({m["doc_id"] for m in s.members}) == 2]
    names = [o["name"] for o in story.origins]
    rec = next(n for n in names if "intercepted communication" in n)
    assert "released by Main Directorate of Intelligence of the Ministry of Defence of Ukraine (HUR)" in rec, names
    assert rec.endswith(": the wife of a Russian soldier"), names
    # the other: the video the broadcaster ("he" in the translation) published, by its name
    video = next(n for n in names if n is not rec)
    assert video == "video released by Radio Free Europe/Radio Liberty", names
    assert "KEY POINTS" not in story.title and story.title.startswith("The Russian government"), story.title


def test_relinking_the_seeds_gives_the_stories_ingest_gave(tmp_path):
    """`claimgraph link` (everything again, one chunk) and the linking `ingest` does as it
    stores are one algorithm: the seed pair, which only its restated claims join, is one story
    either way."""
    spec = shared_path("acceptance", "seeds.yaml")
    from claimgraph.evaluate.seeds import run
    from claimgraph.link import relink
    from claimgraph.store import Corpus

    run(spec, db=tmp_path / "seeds.duckdb")

    def membership(corpus):
        return sorted(sorted(s.doc_ids) for s in corpus.records("story"))

    with Corpus(tmp_path / "seeds.duckdb") as corpus:
        ingested = membership(corpus)
        relink(corpus)
        assert membership(corpus) == ingested
    assert [2] == [len(ids) for ids in ingested if len(ids) > 1]
