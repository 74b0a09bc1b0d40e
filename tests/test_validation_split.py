"""tools/prepare.py: a file that mixes phrases with whole sentences is validated on whole sentences only."""
from __future__ import annotations

import csv
import random

from tools import prepare
from tools.config import TrainConfig
from tools.explain import validation_note

WORDS = "the a film movie story actor plot scene music ending great dull warm slow funny sad bright long".split()


def _phrase(rng):  # a treebank phrase: a few lowercase words, no end
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))


def _sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 20))) + rng.choice([" .", "!", "?"])


def _write(path, texts):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        w.writerows([t, str(i % 2)] for i, t in enumerate(texts))
    return path


def test_a_mixed_english_file_is_validated_on_held_out_sentences_only(tmp_path):
    rng = random.Random(0)
    texts = [_phrase(rng) for _ in range(1600)] + [_sentence(rng) for _ in range(400)]
    rng.shuffle(texts)
    cfg = TrainConfig(dataset_path=str(_write(tmp_path / "mixed.csv", texts)), text_column="text",
                      label_column="label", language="en")
    data = prepare.load_examples(cfg)
    sentences = {t for t in texts if t.endswith((".", "!", "?"))}
    held = [r["text"] for r in data.validation]
    assert set(held) <= sentences and len(held) == 200  # 10% of 2,000 rows, at most half of the 400 sentences
    assert sum(r["text"] in sentences for r in data.train) == 200  # training keeps sentences too
    # phrases of 3+ words found inside a held-out sentence leave training: the model must not see part of an answer
    inside = [t for t in texts if t not in sentences and len(t.split()) >= 3 and any(f" {t} " in f" {h} " for h in held)]
    assert inside and not {r["text"] for r in data.train} & set(inside)
    assert len(data.train) == 1800 - len(inside)
    assert data.validation_rule == {"rule": "whole_sentences", "validation_rows": 200, "sentences": 400, "rows": 2000,
                                    "min_words": prepare.SENTENCE_MIN_WORDS, "phrases_left_out": len(inside)}
    assert prepare.load_examples(cfg) == data  # seeded: the same rows every time
    note = validation_note(data.validation_rule, ko=False)
    assert "400 of this file's 2,000 rows are whole sentences" in note and "200 held-out sentences" in note
    assert f"{len(inside):,} phrases that are pieces of those sentences were left out" in note
    assert "문장 200개로만" in validation_note(data.validation_rule, ko=True)


def test_files_that_do_not_mix_keep_the_random_split(tmp_path):
    rng = random.Random(1)
    only_sentences = [_sentence(rng) for _ in range(300)]
    assert prepare.whole_sentences(only_sentences, "en") is None  # TREC-like: every row a whole question
    assert prepare.whole_sentences([_phrase(rng) for _ in range(300)], "en") is None
    # Korean reviews often end without punctuation and are whole texts all the same: never judged
    korean = ["정말 재밌어요 배우 연기가 좋아요 강추합니다."] * 50 + ["별로"] * 250
    assert prepare.whole_sentences(korean, "ko") is None
    # sentences hardly longer than the other rows: not phrases, just unpunctuated texts
    flat = [" ".join(rng.choice(WORDS) for _ in range(8)) + "." for _ in range(60)] + \
           [" ".join(rng.choice(WORDS) for _ in range(7)) for _ in range(240)]
    assert prepare.whole_sentences(flat, "en") is None
    cfg = TrainConfig(dataset_path=str(_write(tmp_path / "s.csv", only_sentences)), text_column="text",
                      label_column="label", language="en")
    data = prepare.load_examples(cfg)
    assert data.validation_rule is None and len(data.validation) == 30
    assert validation_note(None, ko=False) is None


def test_too_few_sentences_to_hold_out_keep_the_random_split(tmp_path):
    rng = random.Random(2)
    texts = [_phrase(rng) for _ in range(900)] + [_sentence(rng) for _ in range(60)]  # 30 to hold out: too few
    cfg = TrainConfig(dataset_path=str(_write(tmp_path / "few.csv", texts)), text_column="text",
                      label_column="label", language="en")
    assert prepare.whole_sentences(texts, "en") is not None
    assert prepare.load_examples(cfg).validation_rule is None
