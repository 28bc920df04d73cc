"""Offline language identification (langdetect, seeded so results are reproducible).

``benchmarks/language_id.py`` measures it against lingua: the reasons langdetect stays are in
that script's results and in the changelog.

langdetect's detector spends most of its time in per-character and per-language Python method
calls. ``_Detector`` (:func:`_detector_class`) is langdetect's ``Detector`` with the same steps
written as plain loops: each character's normalisation is looked up once per process, the
n-grams of each word are those ``NGram.add_char``'s state machine yields (computed once per
process per word: a word's n-grams do not depend on the words around it), and each sampled
n-gram updates the languages' probabilities with the same float operations in the same order
(element-wise with numpy; the sums of the normalisation left to right with Python's ``sum``),
drawing the same random numbers from the same seed. The probabilities, and so the detected language, are exactly langdetect's
(``tests/ingest/test_language.py`` compares them on every language of ``data/language``)."""
from __future__ import annotations

import functools
import re
from typing import Optional


#: characters read: an article's language shows in its first paragraphs, and langdetect's time
#: grows with the length it reads
SAMPLE_CHARS = 2000

#: a run of spaces, which langdetect's ``Detector.append`` keeps one of
_SPACES = re.compile(" {2,}")

#: characters normalised as langdetect's ``NGram.normalize`` does (filled as they are met)
_NORMAL: dict[str, str] = {}


#: per n-gram table (langdetect's profiles, loaded once): (word, whether a space follows it) ->
#: its n-grams, at most this many words
_WORD_NGRAMS: dict[int, dict] = {}
_WORD_CACHE_SIZE = 200_000


def _word_ngrams(word: str, spaced: bool, known: dict) -> tuple:
    """The n-grams langdetect's ``NGram`` state machine yields for one normalised word (no
    spaces) that follows a space or starts the text, and for the space after it when
    ``spaced``, in its order, that ``known`` (the profiles' table) has. The buffer at a
    character holds it and up to two before it, back to the space; a character that is upper
    case after an upper-case one (inside an acronym) yields nothing."""
    p = " " + word + (" " if spaced else "")
    out = []
    for i in range(1, len(p)):
        ch = p[i]
        if ch.isupper() and p[i - 1].isupper():
            continue
        if ch != " " and ch in known:
            out.append(ch)
        if p[i - 1:i + 1] in known:
            out.append(p[i - 1:i + 1])
        if i >= 2 and p[i - 2:i + 1] in known:
            out.append(p[i - 2:i + 1])
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _detector_class():
    """``_Detector``, defined on first use (langdetect is imported lazily)."""
    import numpy as np
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException
    from langdetect.utils.ngram import NGram

    class _Detector(Detector):
        def append(self, text):
            text = self.URL_RE.sub(" ", text)
            text = self.MAIL_RE.sub(" ", text)
            text = NGram.normalize_vi(text)
            # langdetect keeps a character unless it and the one before it are both spaces
            self.text += _SPACES.sub(" ", text[:self.max_text_length])

        def _extract_ngrams(self):
            known = self.word_lang_prob_map
            text = self.text
            chars = set(text)
            for ch in chars - _NORMAL.keys():
                _NORMAL[ch] = NGram.normalize(ch)
            words = text.translate({ord(ch): _NORMAL[ch] for ch in chars}).split(" ")
            cache = _WORD_NGRAMS.get(id(known))
            if cache is None or len(cache) > _WORD_CACHE_SIZE:
                cache = _WORD_NGRAMS[id(known)] = {}
            result = []
            last = len(words) - 1
            for k, word in enumerate(words):
                if word:
                    key = (word, k < last)
                    grams = cache.get(key)
                    if grams is None:
                        grams = cache[key] = _word_ngrams(word, k < last, known)
                    result += grams
            return result

        def _detect_block(self):
            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            self.langprob = [0.0] * len(self.langlist)
            word_probs = self.word_lang_prob_map
            rand = self.random
            rand.seed(self.seed)
            for _ in range(self.n_trial):
                prob = np.array(self._init_probability(), dtype=float)
                alpha = self.alpha + rand.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                weight = alpha / self.BASE_FREQ
                factors: dict = {}      # n-gram -> weight + its probability per language, this trial
                i = 0
                while True:
                    word = rand.choice(ngrams)
                    f = factors.get(word)
                    if f is None:
                        f = factors[word] = weight + np.array(word_probs[word], dtype=float)
                    prob *= f
                    if i % 5 == 0:
                        prob /= sum(prob.tolist())      # summed left to right, as langdetect does
                        if prob.max() > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                            break
                    i += 1
                for j, p in enumerate(prob.tolist()):
                    self.langprob[j] += p / self.n_trial

    return _Detector


def _detect(sample: str) -> str:
    """langdetect's ``detect`` with ``_Detector``."""
    from langdetect import detector_factory
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException

    detector_factory.init_factory()
    factory = detector_factory._factory
    if not factory.langlist:
        raise LangDetectException(ErrorCode.NeedLoadProfileError, "Need to load profiles.")
    detector = _detector_class()(factory)
    detector.append(sample)
    return detector.detect()


def detect_language(text: str) -> Optional[str]:
    """ISO 639-1 code of the text's language (read from its first :data:`SAMPLE_CHARS`
    characters), or None when it cannot be told (fewer than 20 letters there, or no language
    features at all)."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    from langdetect import DetectorFactory, LangDetectException

    DetectorFactory.seed = 0
    try:
        code = _detect(sample)
    except LangDetectException:
        return None
    # langdetect tells Chinese scripts apart as zh-cn / zh-tw; ISO 639-1 has only zh
    return code.split("-")[0]
