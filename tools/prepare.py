"""From a data file to tokenised train/validation datasets, the same way every time.

Rows with an empty text or a missing label are dropped (inspect_dataset reports them). The
table is read once: its columns and language come from the config, where the recommendation
put what inspect_dataset measured, so the training child does not inspect the file again. The
validation split is seeded and stratified, so the baselines and the model are scored on the
same examples and a rerun with the same seed sees the same data. Where an English file mixes short
phrases with whole sentences (treebank data like SST-2: 82% of its rows are phrases), the validation
rows are whole sentences only: people send whole texts, and a score on phrases flattered the model
(SST-2: 87.3% on a 10% split against 83.9% on the public dev sentences). Tokenisation goes through
`datasets.map` with a cache file in the run directory, so a resumed run does not redo it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tools.config import TrainConfig
from tools.data import clean_labels, read_table
from tools.columns import detect_columns, parse_conversation
from tools.inspection import HEAD_ROWS
from tools.language import dataset_language

# For base models without a chat template (e.g. the pretrained Gemma 3 270M).
PLAIN_TEMPLATE = "### Instruction:\n{prompt}\n\n### Response:\n"


@dataclass
class Examples:
    train: list[dict]  # classification: {"text", "label"} (label = class index); generation: {"prompt", "response"}
    validation: list[dict]
    labels: list[str]  # class index -> label text; [] for generation
    language: str
    rows_available: int  # usable training rows before any max_train_examples budget
    label_counts_train: dict
    validation_rule: dict | None = None  # how the validation rows were chosen, when not a plain random split


# A whole sentence ends like one and is not a short phrase; a file "mixes" when it holds both kinds and
# its sentences are much longer than its other rows. Only English is judged: Korean reviews (NSMC)
# often end without punctuation and are still whole texts.
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
SENTENCE_MIN_WORDS = 5
MIXED_SHARE = (0.05, 0.6)  # the share of whole sentences in a mixed file
MIXED_LENGTH_RATIO = 2.5  # median words of the sentences against the other rows (SST-2: 17 against 5)
MIN_SENTENCE_VALIDATION = 50  # fewer whole sentences than this to hold out: a plain random split
# A phrase of a held-out sentence, labelled, in the training rows would let the model see part of its
# answer (SST-2: 771 of 7,289 training rows are pieces of its 711 held-out sentences, 537 of them of
# 3+ words). Phrases of this many words or more found inside a held-out sentence leave training; one or
# two words are vocabulary.
LEAK_MIN_WORDS = 3


def _label_order(values) -> list[str]:
    """Labels sorted numerically when they are all numbers ("2" after "10" would confuse people)."""
    uniq = sorted(set(values))
    try:
        return sorted(uniq, key=float)
    except ValueError:
        return uniq


def _rows(df: pd.DataFrame, report: dict) -> list[dict]:
    """Usable rows of a frame as dicts, by task."""
    if report["task"] == "generation":
        gen = report.get("generation_columns") or {}
        out = []
        for _, row in df.iterrows():
            if "messages" in gen:
                turns = parse_conversation(row[gen["messages"]]) or []
                if len(turns) < 2 or turns[-1][0] not in ("assistant", "gpt", "bot", "model"):
                    continue
                prompt = "\n\n".join(content for role, content in turns[:-1] if role not in ("system",))
                response = turns[-1][1]
            elif "instruction" in gen:
                prompt = str(row[gen["instruction"]] if pd.notna(row[gen["instruction"]]) else "")
                extra = row[gen["input"]] if "input" in gen and pd.notna(row[gen["input"]]) else ""
                prompt = f"{prompt}\n\n{extra}".strip() if str(extra).strip() else prompt
                response = row[gen["output"]]
            elif "prompt" in gen:
                prompt, response = row[gen["prompt"]], row[gen["response"]]
            else:  # plain texts: the model learns to continue them
                prompt, response = "", row[gen["text"]]
            if pd.isna(response) or not str(response).strip():
                continue
            out.append({"prompt": "" if pd.isna(prompt) else str(prompt), "response": str(response)})
        return out
    text, label = report["text_column"], report["label_column"]
    labels = clean_labels(df[label])  # the same missing-label rule as inspect_dataset's counts
    keep = df[text].notna() & df[text].astype(str).str.strip().ne("") & labels.notna()
    return [{"text": str(t), "label": str(lab)} for t, lab in zip(df.loc[keep, text], labels[keep])]


def _split(rows: list[dict], size, seed: int, stratify: bool):
    """(kept, held) with `size` rows held out; stratified when every class has two or more rows."""
    from sklearn.model_selection import train_test_split

    keys = [r["label"] for r in rows] if stratify else None
    if keys is not None and min(pd.Series(keys).value_counts()) < 2:
        keys = None
    try:
        return train_test_split(rows, test_size=size, random_state=seed, stratify=keys)
    except ValueError:  # too few rows per class for the requested size
        return train_test_split(rows, test_size=size, random_state=seed)


def whole_sentences(texts: list[str], language: str) -> list[bool] | None:
    """Which texts are whole sentences, when an English file mixes them with phrases; else None."""
    if language != "en" or not texts:
        return None
    words = [len(t.split()) for t in texts]
    whole = [n >= SENTENCE_MIN_WORDS and bool(SENTENCE_END.search(t)) for t, n in zip(texts, words)]
    share = sum(whole) / len(whole)
    if not MIXED_SHARE[0] <= share <= MIXED_SHARE[1]:
        return None
    median = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    sentence_words = median([n for n, w in zip(words, whole) if w])
    other_words = median([n for n, w in zip(words, whole) if not w])
    return whole if sentence_words >= MIXED_LENGTH_RATIO * max(other_words, 1) else None


def pieces_of(texts, held: list[str]) -> list[bool]:
    """Which texts (LEAK_MIN_WORDS words or more) appear, word for word, inside one of the held-out texts."""
    held_text = "\n".join(f" {' '.join(h.split())} " for h in held)
    return [len(t.split()) >= LEAK_MIN_WORDS and f" {' '.join(t.split())} " in held_text for t in texts]


def _validation_split(rows: list[dict], cfg: TrainConfig, language: str, classify: bool):
    """(train, validation, rule): whole sentences held out when the file mixes them with phrases (see
    whole_sentences), at most half of them so training keeps sentences too, and the phrases of the
    held-out sentences out of training (LEAK_MIN_WORDS); else a seeded random split."""
    whole = whole_sentences([r["text"] for r in rows], language) if classify else None
    if whole is not None and sum(whole) // 2 >= MIN_SENTENCE_VALIDATION:
        sentences = [r for r, w in zip(rows, whole) if w]
        held = min(max(1, round(cfg.validation_fraction * len(rows))), len(sentences) // 2)
        kept, validation = _split(sentences, held, cfg.seed, classify)
        candidates = [r for r, w in zip(rows, whole) if not w] + kept
        inside = pieces_of([r["text"] for r in candidates], [r["text"] for r in validation])
        train = [r for r, leak in zip(candidates, inside) if not leak]
        rule = {"rule": "whole_sentences", "validation_rows": len(validation), "sentences": len(sentences),
                "rows": len(rows), "min_words": SENTENCE_MIN_WORDS, "phrases_left_out": sum(inside)}
        return train, validation, rule
    train, validation = _split(rows, cfg.validation_fraction, cfg.seed, classify)
    return train, validation, None


def _layout(cfg: TrainConfig, df: pd.DataFrame) -> dict:
    """The task and columns _rows reads: the config's when it names them, else found as inspect_dataset finds them."""
    generation = cfg.task == "generation"
    if generation and cfg.generation_columns:
        return {"task": "generation", "generation_columns": cfg.generation_columns, "text_column": cfg.text_column,
                "label_column": None}
    if not generation and cfg.text_column and cfg.label_column:
        return {"task": cfg.task, "generation_columns": None, "text_column": cfg.text_column,
                "label_column": cfg.label_column}
    cols = detect_columns(df.head(HEAD_ROWS), cfg.text_column, cfg.label_column)  # a config written by hand
    if not generation and cols.generation:
        raise ValueError(f"{cfg.dataset_path} looks like generation data (no label column found). Fix: pass "
                         "label_column=<the column with the classes>, or task=generation.")
    gen = cols.generation or ({"text": cols.text} if generation else None)
    return {"task": "generation" if generation else cfg.task, "generation_columns": gen, "text_column": cols.text,
            "label_column": None if generation else cols.label}


def _check_columns(path: str, df: pd.DataFrame, layout: dict) -> None:
    needed = (layout["generation_columns"] or {}).values() if layout["task"] == "generation" else \
        (layout["text_column"], layout["label_column"])
    missing = [c for c in needed if c is not None and c not in df.columns]
    if missing:
        shown = ", ".join(map(repr, df.columns[:30]))
        raise ValueError(f"{path} has no column {missing[0]!r}; its columns are {shown}. Fix: name the columns as "
                         "the training settings do (a validation file like the training file), or ask for settings again.")


def _language(cfg: TrainConfig, rows: list[dict]) -> str:
    """The config's (measured over the whole file by inspect_dataset), else judged from the first rows."""
    if cfg.language:
        return cfg.language
    texts = [r.get("text") or f"{r.get('prompt', '')}\n{r.get('response', '')}" for r in rows[:3000]]
    return dataset_language(texts)


def load_examples(cfg: TrainConfig) -> Examples:
    df, _ = read_table(cfg.dataset_path)
    report = _layout(cfg, df)
    _check_columns(cfg.dataset_path, df, report)
    rows = _rows(df, report)
    del df  # the rows hold what training needs; a large table need not stay in memory beside them
    language = _language(cfg, rows)
    classify = cfg.task != "generation"
    if len(rows) < 4:
        raise ValueError(f"{cfg.dataset_path} has only {len(rows)} usable rows (non-empty text and label). "
                         "Fix: add more examples; a few hundred is a sensible minimum.")
    if classify and report["label_column"] is None:
        raise ValueError(f"No label column in {cfg.dataset_path}. Fix: pass label_column=<column name>.")
    if cfg.validation_path:
        val_df, _ = read_table(cfg.validation_path)
        _check_columns(cfg.validation_path, val_df, report)
        validation = _rows(val_df, report)
        train, rule = rows, None
    else:
        train, validation, rule = _validation_split(rows, cfg, language, classify)
    rows_available = len(train)
    if cfg.max_train_examples and len(train) > cfg.max_train_examples:
        train, _ = _split(train, len(train) - cfg.max_train_examples, cfg.seed, classify)
    if cfg.max_eval_examples and len(validation) > cfg.max_eval_examples:
        validation, _ = _split(validation, len(validation) - cfg.max_eval_examples, cfg.seed, classify)
    labels: list[str] = []
    counts = {}
    if classify:
        labels = _label_order(r["label"] for r in train)
        if len(labels) < 2:
            raise ValueError(f"Only one class ({labels[0]!r}) in the training data; a classifier needs at least "
                             "two. Fix: add examples of the other classes or choose another label column.")
        counts = {lab: int(n) for lab, n in pd.Series([r["label"] for r in train]).value_counts().items()}
        index = {lab: i for i, lab in enumerate(labels)}
        unseen = sorted({r["label"] for r in validation} - set(labels))
        if unseen:  # a class only in the validation file cannot be learned: score it as an error, don't crash
            validation = [r for r in validation if r["label"] in index]
        train = [{"text": r["text"], "label": index[r["label"]]} for r in train]
        validation = [{"text": r["text"], "label": index[r["label"]]} for r in validation]
    if not validation:
        raise ValueError("The validation split is empty. Fix: add rows or raise validation_fraction.")
    if rule:
        rule["validation_rows"] = len(validation)  # after max_eval_examples
    return Examples(train, validation, labels, language, rows_available, counts, rule)


def format_prompt(tokenizer, prompt: str) -> str:
    """The model's own chat template when it has one, else a plain instruction template."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template([{"role": "user", "content": prompt}], tokenize=False,
                                             add_generation_prompt=True)
    return PLAIN_TEMPLATE.format(prompt=prompt)


def encode_texts(tokenizer, texts: list[str], template: str | None, max_length: int, **kwargs):
    """Tokenise classification inputs; with a template, long texts lose their start, never the cue."""
    if not template:
        return tokenizer(texts, truncation=True, max_length=max_length, **kwargs)
    side, tokenizer.truncation_side = tokenizer.truncation_side, "left"
    try:
        return tokenizer([template.replace("{text}", t) for t in texts], truncation=True, max_length=max_length,
                         **kwargs)
    finally:
        tokenizer.truncation_side = side  # the tokenizer may be shared (load_tokenizer caches it)


def tokenize(examples: list[dict], tokenizer, cfg: TrainConfig, cache_file: Path):
    """A datasets.Dataset of input_ids/attention_mask/labels, cached in `cache_file`."""
    from datasets import Dataset

    ds = Dataset.from_list(examples)
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    if cfg.task != "generation":
        def fn(batch):
            enc = encode_texts(tokenizer, batch["text"], cfg.text_template, cfg.max_length)
            enc["labels"] = batch["label"]
            return enc
        return ds.map(fn, batched=True, remove_columns=ds.column_names, cache_file_name=str(cache_file))

    eos = tokenizer.eos_token or ""

    def gen(batch):
        out = {"input_ids": [], "attention_mask": [], "labels": []}
        for prompt, response in zip(batch["prompt"], batch["response"]):
            p_ids = tokenizer(format_prompt(tokenizer, prompt) if prompt else "", add_special_tokens=True)["input_ids"]
            r_ids = tokenizer(response + eos, add_special_tokens=False)["input_ids"]
            p_ids = p_ids[: max(0, cfg.max_length - min(len(r_ids), cfg.max_length // 2))]  # keep room to answer
            ids = (p_ids + r_ids)[: cfg.max_length]
            out["input_ids"].append(ids)
            out["attention_mask"].append([1] * len(ids))
            # Loss on the response only: the prompt's tokens are masked out with -100.
            out["labels"].append(([-100] * len(p_ids) + r_ids)[: cfg.max_length])
        return out
    return ds.map(gen, batched=True, remove_columns=ds.column_names, cache_file_name=str(cache_file))


def save_label_map(run_dir: Path, labels: list[str]) -> None:
    (run_dir / "labels.json").write_text(json.dumps({"labels": labels}, ensure_ascii=False, indent=2))
