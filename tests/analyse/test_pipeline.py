"""The pipeline's own sentence rule: a line break ends a sentence."""
from __future__ import annotations

import pytest


def test_line_breaks_start_sentences(nlp):
    text = ("Drones hit Odesa port overnight\n"
            "Three ships were damaged, officials said on Monday.\n\n"
            "\u2022 Air defence shot down 12 of 15 drones\n"
            "The navy said repairs would take weeks")
    doc = nlp(text)
    starts = [s.text.split()[0] for s in doc.sents if s.text.strip()]
    assert starts[:4] == ["Drones", "Three", "\u2022", "The"]


def test_a_parsed_doc_refuses_new_line_breaks(nlp):
    from claimgraph.analyse.pipeline import paragraph_boundaries

    doc = nlp("Shelling went on.\nTwo people were hurt.")
    with pytest.raises(ValueError):
        paragraph_boundaries(doc)


@pytest.mark.slow
def test_component_settings_come_from_the_pipeline_config():
    from claimgraph.analyse.pipeline import build

    nlp = build(config={"events": {"profile": "plover", "override_p": 0.9},
                        "certainty": {"factuality": "fast"}})
    events = nlp.get_pipe("claimgraph_events")
    assert (events.profile, events.override_p) == ("plover", 0.9)
    assert nlp.config["components"]["claimgraph_events"]["profile"] == "plover"
    assert nlp.get_pipe("claimgraph_certainty").factuality == "fast"
    doc = nlp("Russian forces shelled the town of Vovchansk on Monday, the governor said.")
    assert [e.type for e in doc._.events] == ["ASSAULT"]


@pytest.mark.slow
@pytest.mark.parametrize("config, word", [({"events": {"profile": "acled"}}, "profile"),
                                          ({"certainty": {"factuality": "slow"}}, "factuality")])
def test_an_unknown_component_setting_is_refused_with_the_choices(config, word):
    from claimgraph.analyse.pipeline import build

    with pytest.raises(ValueError, match=word):
        build(config=config)
