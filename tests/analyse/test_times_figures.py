"""Dates and figures (first versions) on real sentences."""
from __future__ import annotations


def test_month_and_relative_dates_anchor_on_publication(analyse):
    a = analyse("In September, the law was tightened. On Tuesday officials met again; last week they "
                "had talked. The war has been raging for nine months now.", published="2022-11-24")
    t = {x.mention.text: x for x in a.times}
    assert t["In September"].month == 9 and t["In September"].year == 2022 and t["In September"].anchor == "2022-11-24"
    assert t["Tuesday"].value == "2022-11-22"
    assert (t["last week"].start, t["last week"].end) == ("2022-11-14", "2022-11-20")
    assert (t["nine months now"].start, t["nine months now"].end) == ("2022-02-27", "2022-11-24")


def test_unknown_anchor_is_never_guessed(analyse):
    a = analyse("In September, the law was tightened. On Tuesday officials met.")
    t = {x.mention.text: x for x in a.times}
    assert t["In September"].month == 9 and t["In September"].year is None and t["In September"].value is None
    assert t["Tuesday"].value is None and t["Tuesday"].anchor is None


def test_modal_may_is_not_a_month(analyse):
    assert not analyse("Prices may rise again.", published="2023-01-10").times


def test_figure_with_source_actor_and_period(analyse):
    a = analyse("Since the war began in February, the Russian army has lost 38,550 soldiers, according to "
                "estimates from the Ministry of Defense of Ukraine.", published="2022-11-24")
    [f] = [f for f in a.figures if f.value == 38550]
    assert f.counts == "soldiers" and "Russian army" in f.actor and f.since == "February"
    assert "Ministry of Defense of Ukraine" in f.source and not f.approximate and f.since_time


def test_approximate_and_word_numbers(analyse):
    a = analyse("It should be 250 people. About two hundred and fifty drones were launched. "
                "Dozens of soldiers refused. The attack happened in 2022.")
    by_mention = {f.mention.text: f for f in a.figures}
    assert by_mention["250"].approximate and by_mention["250"].qualifier == "should be"
    assert by_mention["250"].counts == "people"
    assert any(f.mention.text == "two hundred and fifty" and f.counts == "drones" and f.approximate for f in a.figures)
    assert any(f.counts == "soldiers" and f.approximate for f in a.figures if f.mention.text == "Dozens")
    assert all(f.value != 2022 for f in a.figures)


def test_a_part_of_a_counted_whole_is_a_figure_too(analyse):
    """"shot down 31 of 34 drones": both the part and the whole count drones, with the source."""
    a = analyse("Ukraine's air defence shot down 31 of 34 attack drones launched overnight, the ministry said. "
                "Two of the soldiers were wounded. Three of them were released.")
    got = {(f.value, f.counts) for f in a.figures}
    assert {(31.0, "drones"), (34.0, "drones"), (2.0, "soldiers")} <= got
    assert not any(f.mention.text == "Three" for f in a.figures)      # "of them": nothing counted
    assert next(f for f in a.figures if f.value == 31.0).source == "the ministry"


def test_time_patterns_first_letter_check_changes_no_match():
    """The ``(?=[...])`` after each pattern's ``\\b`` only skips places where no alternative can
    start: without it the patterns find the same matches, on every starting character."""
    import re

    from claimgraph.analyse.times import PATTERNS

    texts = ["In September and since february, Monday, on Tuesday, last night, this morning; "
             "three days ago, 12 days now, a few weeks, several months, 20 November 2022, Nov. 20, "
             "March 3rd, Sept 2021, mid-June, early May, may not, İn May, ſince March, ıN June."]
    texts += [ch + "n June; " + ch + "ince May; " + ch + "ix days; " + ch + " week" for ch in map(chr, range(0x250))]
    texts += [ch + "une 4, 2021 " + ch + "oday" for ch in map(chr, range(0x250))]
    for kind, rx in PATTERNS:
        plain = re.compile(re.sub(r"^\\b\(\?=(\\d|\[[^\]]+\])\)", r"\\b", rx.pattern), rx.flags)
        assert plain.pattern != rx.pattern, kind
        for text in texts:
            assert ([(m.span(), m.groups()) for m in rx.finditer(text)]
                    == [(m.span(), m.groups()) for m in plain.finditer(text)]), (kind, text)
