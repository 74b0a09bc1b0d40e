"""The one place that knows about languages: English/Korean message choice and language detection.

Everything user-facing comes in English and Korean; `say` picks one. Two detectors answer two different
questions: `message_language` (which language to answer a person in: a few Hangul letters are enough,
because Korean users mix in English terms) and `dataset_language` (what a column of texts is written in,
which decides the base model: en, ko, mixed or other).
"""
from __future__ import annotations

import re

# Hangul syllables, Hangul Jamo and Hangul Compatibility Jamo (ㄱ-ㅣ, as in "ㅋㅋ" or "ㅠㅠ").
HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")
_EN_WORDS = set("the a an and or of to in is are was were it this that you i he she they we not with for on "
                "be have has what how why who when which do does my your his her their but so very".split())
_OTHER_WORDS = set("der die und das ist nicht ich le les et est une des pas el los las que y es una por "
                   "il di che non per het een van yang dan itu ini tidak não um uma".split())


def say(lang: str, en: str, ko: str) -> str:
    """The Korean text when lang is "ko", else the English one."""
    return ko if lang == "ko" else en


def message_language(text: str, previous: str = "en") -> str:
    """'ko' or 'en' for answering a message: 'ko' when at least 10% of its letters are Hangul.

    A message with no letters ("ok", "👍", "3") keeps the previous language.
    """
    text = text or ""
    hangul = len(HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    if not hangul and not latin:
        return previous
    return "ko" if hangul and hangul / (hangul + latin) >= 0.1 else "en"


def dataset_language(texts: list[str]) -> str:
    """en, ko, mixed or other for a column of texts (a Hangul syllable counts as two letters)."""
    joined = "\n".join(texts[:3000])[:2_000_000]
    hangul, latin = 2 * len(HANGUL.findall(joined)), len(_LATIN.findall(joined))
    other = max(len(_LETTER.findall(joined)) - hangul // 2 - latin, 0)
    total = hangul + latin + other
    if not total:
        return "other"
    h, l = hangul / total, latin / total
    if h >= 0.25 and l >= 0.25:
        return "mixed"
    if h >= 0.5:
        return "ko"
    if l >= 0.5:
        words = re.findall(r"[a-zà-ÿ]+", joined.lower())[:200_000]
        en = sum(w in _EN_WORDS for w in words)
        foreign = sum(w in _OTHER_WORDS for w in words)
        return "other" if len(words) >= 30 and foreign > en and foreign >= 0.05 * len(words) else "en"
    return "other"
