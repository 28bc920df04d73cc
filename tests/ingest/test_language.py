"""Language identification on own news-shaped sentences: the code ingest stores, and None (stored
as "und") for text with too few letters."""
from __future__ import annotations

import pytest

from claimgraph.ingest.language import detect_language
from claimgraph.ingest.readers import Article
from claimgraph.ingestion import to_document

CLEAR = [
    ("en", "Two people were killed when a drone hit a fuel depot on the outskirts of the city "
           "overnight, the regional administration said on Sunday."),
    ("uk", "Уночі ворожі дрони атакували нафтобазу на околиці міста, загинули двоє людей, "
           "повідомила обласна адміністрація."),
    ("ru", "Ночью беспилотники атаковали нефтебазу на окраине города, погибли два человека, "
           "сообщила областная администрация."),
    ("de", "In der Nacht haben Drohnen ein Tanklager am Stadtrand getroffen, zwei Menschen "
           "kamen ums Leben, teilte die Gebietsverwaltung mit."),
    ("fr", "Dans la nuit, des drones ont frappé un dépôt de carburant en périphérie de la ville, "
           "tuant deux personnes, selon l'administration régionale."),
    ("es", "Durante la noche, varios drones alcanzaron un depósito de combustible en las afueras "
           "de la ciudad y murieron dos personas, según la administración regional."),
    ("pl", "W nocy drony uderzyły w skład paliwa na obrzeżach miasta, zginęły dwie osoby, "
           "przekazała administracja obwodowa."),
    ("ar", "قالت الإدارة الإقليمية إن شخصين قتلا عندما أصابت طائرة مسيرة مستودعا للوقود في "
           "ضواحي المدينة خلال الليل."),
    ("tr", "Bölge yönetimi, gece saatlerinde bir insansız hava aracının şehrin eteklerindeki "
           "yakıt deposunu vurduğunu ve iki kişinin öldüğünü açıkladı."),
    ("zh", "地区行政部门周日表示，夜间一架无人机击中了城郊的一座燃料库，造成两人死亡。"),
]


@pytest.mark.parametrize("lang,text", CLEAR, ids=[lang for lang, _ in CLEAR])
def test_clear_news_sentences_get_their_iso_639_1_code(lang, text):
    assert detect_language(text) == lang


def test_english_dense_with_transliterated_names_is_english():
    text = ("Oleh Syniehubov, head of the Kharkiv regional military administration, said "
            "Russian forces shelled Kupiansk, Zolochiv and Bohodukhiv overnight, and that a "
            "power line near Vovchansk was cut. \"Vsi v ukryttia,\" residents were told.")
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", ["", "   ", "12:30 — 5 km, 3 × 152 mm", "BREAKING: Kyiv",
                                  "爆炸", "!!! ??? ..."])
def test_too_few_letters_gives_none(text):
    assert detect_language(text) is None


def test_ingest_stores_und_when_the_language_cannot_be_told():
    short = to_document(Article(text="Kyiv, 06:40 (UTC+2).", source="t"), {})
    english = to_document(Article(text=CLEAR[0][1], source="t"), {})
    given = to_document(Article(text=CLEAR[1][1], source="t", language="uk"), {})
    assert (short.language, english.language, given.language) == ("und", "en", "uk")


def test_detection_repeats_exactly():
    text = ("Serbian and Croatian officials met in Brussels; Ukrainian, Russian and Belarusian "
            "delegations did not attend the talks on the border crossings.")
    assert len({detect_language(text) for _ in range(5)}) == 1


def _langdetect_probabilities(text):
    from langdetect import DetectorFactory, detector_factory
    from langdetect.detector import Detector

    DetectorFactory.seed = 0
    detector_factory.init_factory()
    d = Detector(detector_factory._factory)
    d.append(text)
    d.get_probabilities()
    return d.langprob


def _own_probabilities(text):
    from langdetect import DetectorFactory, detector_factory

    from claimgraph.ingest.language import _detector_class

    DetectorFactory.seed = 0
    detector_factory.init_factory()
    d = _detector_class()(detector_factory._factory)
    d.append(text)
    d.get_probabilities()
    return d.langprob


def _own_items():
    import csv
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "data" / "language"
    out = [text for _, text in CLEAR]
    for f in sorted(root.glob("*.tsv")):
        with open(f, encoding="utf-8", newline="") as fh:
            rows = [r["text"] for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
        out += rows[:12]
    out += ["  Kyiv   said  ,  NATO   and  the  U.S.  A  B  C  ", "https://example.org/x?y=1 mail@example.org Київ",
            "ȘȚ șț Ḁḁ ẠẠ ạ ひらがな カタカナ ㄅㄆ 한국어 یی", " ".join(CLEAR[0][1] for _ in range(30))]
    return out


def test_detector_ngrams_are_exactly_langdetects():
    from langdetect import detector_factory
    from langdetect.detector import Detector

    from claimgraph.ingest.language import _detector_class

    detector_factory.init_factory()
    for text in _own_items():
        ours, theirs = _detector_class()(detector_factory._factory), Detector(detector_factory._factory)
        for d in (ours, theirs):
            d.append(text[:2000])
            d.cleaning_text()
        assert ours.text == theirs.text
        assert ours._extract_ngrams() == theirs._extract_ngrams() == ours._extract_ngrams(), text[:60]


def test_detector_probabilities_are_exactly_langdetects():
    """The faster detector ingest uses draws the same numbers and computes the same floats."""
    items = _own_items()
    assert len(items) > 100
    for text in items:
        assert _own_probabilities(text[:2000]) == _langdetect_probabilities(text[:2000]), text[:60]
