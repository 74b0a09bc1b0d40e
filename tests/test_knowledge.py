"""Every knowledge/*.md entry is well-formed, on a valid topic, the right length, and original.

Length bounds: English bodies 80-250 words. Korean is agglutinative (a "word" carries its
particles and endings), so whitespace tokens undercount it; Korean bodies are bounded by
characters instead, 200-1,000 including spaces, which is the same amount of content as the
English range (Korean needs roughly half the characters of English for the same text).

The topic list in tools.faq.TOPICS is the source of truth, so these tests run without the shared
folder; when ../shared/faq_topics.md exists they also check that the two lists agree. Likewise
the dev questions are checked (no entry may contain one verbatim) only when the dev file exists.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from tools.faq import LANGS, REQUIRED_KEYS, TOPIC_ALIASES, TOPICS, parse_entry

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
SHARED = ROOT.parent / "shared"
FILES = sorted(KNOWLEDGE.glob("*.md"))
HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN = re.compile(r"[A-Za-z]")

EN_WORDS = (80, 250)
KO_CHARS = (200, 1000)


def _entries():
    return [parse_entry(p) for p in FILES]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def test_there_are_enough_entries():
    assert len(FILES) >= 2 * len(TOPICS) >= 76


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_front_matter(path: Path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), "front matter must open the file"
    meta = yaml.safe_load(text.split("---", 2)[1])
    assert isinstance(meta, dict)
    assert set(REQUIRED_KEYS) <= set(meta), f"missing {set(REQUIRED_KEYS) - set(meta)}"
    e = parse_entry(path)
    assert e.id == path.stem, "id must equal the file name without .md"
    assert e.lang in LANGS
    assert e.id.startswith(e.lang + "-"), "file names start with the language: en-*.md, ko-*.md"
    assert e.topic in TOPICS, f"unknown topic {e.topic!r}"
    assert isinstance(meta["related"], list) and meta["related"], "related: a non-empty list of topic slugs"
    assert all(r in TOPICS for r in e.related), f"unknown related topics {set(e.related) - set(TOPICS)}"
    assert e.topic not in e.related, "related lists other topics"
    assert len(set(e.related)) == len(e.related)
    assert 10 <= len(e.title) <= 120
    assert not e.answer.startswith("---") and "\nid:" not in e.answer


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_length_and_language(path: Path):
    e = parse_entry(path)
    if e.lang == "en":
        words = len(e.answer.split())
        assert EN_WORDS[0] <= words <= EN_WORDS[1], f"{words} words, want {EN_WORDS}"
        assert not HANGUL.search(e.answer + e.title), "English entries are written in English"
    else:
        chars = len(e.answer)
        assert KO_CHARS[0] <= chars <= KO_CHARS[1], f"{chars} characters, want {KO_CHARS}"
        prose = re.sub(r"```.*?```|`[^`]*`", " ", e.answer, flags=re.S)
        hangul, latin = len(HANGUL.findall(prose)), len(LATIN.findall(prose))
        assert hangul > latin, "Korean entries are written in Korean (English terms and code are fine)"
        assert HANGUL.search(e.title)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_entry_points_to_what_the_assistant_can_do(path: Path):
    e = parse_entry(path)
    if e.lang == "en":
        assert re.search(r"\b(me|I)\b", e.answer), "end with what the assistant can do for the user"
    else:
        assert re.search(r"드립|드리|드려|제가|저에게|저도", e.answer), "어시스턴트가 해 줄 수 있는 일을 안내하세요"


def test_ids_unique():
    ids = Counter(e.id for e in _entries())
    assert not [i for i, n in ids.items() if n > 1]


def test_every_topic_has_both_languages():
    langs = defaultdict(set)
    for e in _entries():
        langs[e.topic].add(e.lang)
    missing = {t: sorted(set(LANGS) - langs[t]) for t in TOPICS if langs[t] != set(LANGS)}
    assert not missing, f"topics without an entry in a language: {missing}"


def test_titles_unique():
    titles = Counter(_norm(e.title) for e in _entries())
    assert not [t for t, n in titles.items() if n > 1]


def test_topic_aliases_cover_every_topic_in_korean():
    assert set(TOPIC_ALIASES) == set(TOPICS)
    for topic, aliases in TOPIC_ALIASES.items():
        assert any(HANGUL.search(a) for a in aliases), f"{topic}: add the Korean term practitioners use"


def test_topics_agree_with_shared_list():
    path = SHARED / "faq_topics.md"
    if not path.is_file():
        pytest.skip("../shared/faq_topics.md not present")
    slugs = re.findall(r"^\|\s*([a-z][a-z0-9-]*)\s*\|", path.read_text(encoding="utf-8"), re.M)
    slugs = [s for s in slugs if s != "topic"]
    assert slugs == list(TOPICS)


def test_no_dev_question_verbatim():
    """No entry contains a dev question (case, spacing and final punctuation ignored).

    One-word questions (such as "과적합") are exempt: the entry on that topic has to use the word.
    """
    path = SHARED / "eval" / "faq_dev.jsonl"
    if not path.is_file():
        pytest.skip("../shared/eval/faq_dev.jsonl not present")
    questions = [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = {e.id: _norm(e.title + "\n" + e.answer) for e in _entries()}
    found = []
    for q in questions:
        needle = _norm(q).rstrip("?.!")
        if len(needle.split()) < 2:
            continue
        found += [(q, i) for i, t in texts.items() if needle in t]
    assert not found, f"dev questions copied into entries: {found}"
