"""inspect_dataset, the data doctor: what is in a training file and what is wrong with it.

It finds the text and label columns (or the prompt/response or chat columns of generation
data), the task, the label counts, the language and the token lengths under the tokenizer we
would train with, and lists problems (duplicates, conflicting labels, empty cells, imbalance,
texts that would be cut, overlap with a test file) with a one-line fix each, in English or Korean.

Counts are exact over the whole file. Files over STREAM_BYTES are read in chunks, so memory
stays bounded: duplicate checks keep one 8-byte hash per row (up to MAX_HASHED rows, then
they cover the first rows only and say so) and token lengths come from a uniform random
sample plus the longest texts. Cell contents reach the result only as a few short quoted
examples: the chat model reads this result, and a cell is data, never an instruction.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from tools.columns import MAX_LABELS, Columns, detect_columns, parse_conversation
from tools.data import HANGUL, clean_labels, iter_chunks, read_table

STREAM_BYTES = 200 << 20  # files above this are streamed in chunks instead of read whole
HEAD_ROWS = 50_000  # rows read first from a streamed file to find the columns
CHUNK_ROWS = 200_000
TOKEN_SAMPLE = 20_000  # texts tokenized: all of them up to this many, else a uniform random sample
LONGEST = 2_000  # ... plus the longest texts by characters, so max and truncation see the tail
MAX_HASHED = 16_000_000  # rows hashed for duplicate checks (about 0.5 GB with the sorts)
LABEL_COUNT_CAP = 100_000  # distinct label values counted before we stop (regression targets)
MIN_ROWS, RARE_CLASS, REGRESSION_DISTINCT = 50, 10, 20
ENCODER_MAX_LENGTH, DECODER_MAX_LENGTH = 512, 1024

# ------------------------------------------------------------------------------ row texts

def _texts(df: pd.DataFrame, cols: Columns) -> pd.Series:
    """The text each row contributes (prompt and response joined for generation); NA where it is empty."""
    gen = cols.generation or {}
    if "messages" in gen:
        joined = []
        for v in df[gen["messages"]].tolist():
            turns = parse_conversation(v) if isinstance(v, str) else None
            ok = turns and any(c.strip() for _, c in turns)
            joined.append("\n".join(f"{r}: {c}" for r, c in turns) if ok else None)
        return pd.Series(joined, index=df.index, dtype=object)
    if len(gen) >= 2:
        roles = list(gen)
        first, last = df[gen[roles[0]]], df[gen[roles[-1]]]
        out = first.fillna("") + "\n"
        if len(roles) == 3:
            ctx = df[gen[roles[1]]].fillna("")
            out = out + (ctx + "\n").where(ctx.str.strip() != "", "")
        out = out + last.fillna("")
        empty = first.isna() | (first.str.strip() == "") | last.isna() | (last.str.strip() == "")
        return out.mask(empty)
    s = df[cols.text]
    return s.mask(s.str.strip() == "")


def normalize_texts(s: pd.Series) -> pd.Series:
    """Lowercased, punctuation and symbols removed, whitespace runs collapsed: near-duplicate keys."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(s, type=pa.string(), from_pandas=True)
    arr = pc.replace_substring_regex(pc.utf8_lower(arr), r"[^\p{L}\p{N}\p{M}\s\p{Z}]+", "")
    arr = pc.utf8_trim_whitespace(pc.replace_substring_regex(arr, r"[\s\p{Z}]+", " "))
    return arr.to_pandas().set_axis(s.index)  # pd.Series(..., index=) would realign, not relabel


def _hash(s: pd.Series) -> np.ndarray:
    """64-bit hashes of non-missing strings (categorize=False: most texts are unique, factorizing is waste)."""
    return pd.util.hash_array(s.to_numpy(dtype=object), categorize=False)


def _hash_labels(s: pd.Series) -> np.ndarray:
    """64-bit hashes of labels, missing ones included; labels repeat, so hash each distinct value once."""
    codes, uniques = pd.factorize(s)
    table = np.append(_hash(pd.Series(uniques, dtype=object)), np.uint64(0x5EED))  # code -1 (NA) → last
    return table[codes]


def _combine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a * np.uint64(0x9E3779B97F4A7C15) ^ b


class _Distinct:
    """Distinct 64-bit hashes (optionally each with a value), compacted as they come in."""

    def __init__(self):
        self.keys, self.values = np.empty(0, np.uint64), np.empty(0, np.uint64)
        self._pending: list[tuple[np.ndarray, np.ndarray | None]] = []
        self._n = 0

    def add(self, keys: np.ndarray, values: np.ndarray | None = None) -> None:
        self._pending.append((keys, values))
        self._n += len(keys)
        if self._n > 4_000_000:
            self.compact()

    def compact(self) -> "_Distinct":
        if self._pending:
            keys = np.concatenate([self.keys] + [k for k, _ in self._pending])
            values = np.concatenate([self.values] + [v if v is not None else k for k, v in self._pending])
            self.keys, idx = np.unique(keys, return_index=True)
            self.values = values[idx]
            self._pending, self._n = [], 0
        return self

    def __len__(self) -> int:
        return len(self.compact().keys)


def _snippet(text, row: int | None = None, width: int = 50) -> str:
    """A short, quoted, single-line excerpt of a cell (at most 80 characters with the row number)."""
    s = " ".join(str(text).split())
    s = "".join(ch for ch in s if ch.isprintable())
    s = json.dumps(s if len(s) <= width else s[:width - 1] + "…", ensure_ascii=False)
    return f"row {row}: {s}" if row is not None else s


# ------------------------------------------------------------------------------ statistics

class _Stats:
    """Everything inspect_dataset counts, fed one chunk at a time (the whole file is one chunk when small)."""

    def __init__(self, cols: Columns, seed: int = 0):
        self.cols = cols
        self.rows = self.empty = self.missing = self.non_empty = self.hashed = 0
        self.labels: Counter = Counter()
        self.labels_overflow = False
        self.all_numeric, self.non_integer = True, False
        self.num_min, self.num_max, self.num_sum, self.num_n = np.inf, -np.inf, 0.0, 0
        self.raw, self.pair, self.norm, self.norm_label = _Distinct(), _Distinct(), _Distinct(), _Distinct()
        self.examples: dict[str, list[str]] = {}  # kind → up to 3 short quoted examples
        self._examples_done = False
        self.rng = np.random.default_rng(seed)
        self.sample = pd.DataFrame({"key": pd.Series(dtype=float), "text": pd.Series(dtype=object),
                                    "row": pd.Series(dtype=int)})
        self.longest = pd.DataFrame({"len": pd.Series(dtype=int), "text": pd.Series(dtype=object),
                                     "row": pd.Series(dtype=int)})

    def _example(self, kind: str, items) -> None:
        have = self.examples.setdefault(kind, [])
        have.extend(list(items)[:3 - len(have)])

    def update(self, df: pd.DataFrame) -> None:
        self.rows += len(df)
        text = _texts(df, self.cols)
        empty = text.isna().to_numpy()
        self.empty += int(empty.sum())
        self._example("empty_text", [f"row {i + 1}" for i in df.index[empty][:3]])
        label = None
        if self.cols.label:
            label = clean_labels(df[self.cols.label])
            missing = label.isna().to_numpy()
            self.missing += int(missing.sum())
            self._example("missing_labels", [f"row {i + 1}" for i in df.index[missing][:3]])
            self._count_labels(label.dropna())
        keep = ~empty
        t = text[keep]
        self.non_empty += len(t)
        lab = label[keep] if label is not None else None
        room = MAX_HASHED - self.hashed
        if room > 0 and len(t):
            t_h, lab_h = (t, lab) if len(t) <= room else (t.iloc[:room], lab.iloc[:room] if lab is not None else None)
            self._hash_chunk(t_h, lab_h)
        self._keep_sample(t)

    def _count_labels(self, lab: pd.Series) -> None:
        if not len(lab):
            return
        if self.labels_overflow:  # a regression target with very many values: fold the numbers row by row
            values, weights = lab, np.ones(len(lab))
        else:
            counts = lab.value_counts()
            self.labels.update(counts.to_dict())
            self.labels_overflow = len(self.labels) > LABEL_COUNT_CAP
            values, weights = counts.index.to_series(), counts.to_numpy(dtype=float)
        if not self.all_numeric:
            return
        num = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        if np.isnan(num).any():
            self.all_numeric = False
            return
        self.non_integer |= bool((num % 1 != 0).any())
        self.num_min, self.num_max = min(self.num_min, num.min()), max(self.num_max, num.max())
        self.num_sum, self.num_n = self.num_sum + float(num @ weights), self.num_n + float(weights.sum())

    def _hash_chunk(self, t: pd.Series, lab: pd.Series | None) -> None:
        self.hashed += len(t)
        norm = normalize_texts(t)
        raw_h, norm_h = _hash(t), _hash(norm)
        self.raw.add(raw_h)
        self.norm.add(norm_h)
        if lab is None:
            self.pair.add(raw_h)
        else:
            lab_h = _hash_labels(lab)
            self.pair.add(_combine(raw_h, lab_h))
            has = lab.notna().to_numpy()
            self.norm_label.add(_combine(norm_h[has], lab_h[has]), norm_h[has])
        if not self._examples_done:  # examples come from the first chunk: cheap, and enough to show what is meant
            self._examples_done = True
            self._chunk_examples(t, norm, lab)

    def _chunk_examples(self, t: pd.Series, norm: pd.Series, lab: pd.Series | None) -> None:
        frame = pd.DataFrame({"t": t, "n": norm, "l": lab if lab is not None else ""})
        exact = frame.duplicated(["t", "l"])
        self._example("exact_duplicates", [_snippet(x, i + 1) for i, x in frame.t[exact].head(3).items()])
        near = frame.n.duplicated() & ~frame.t.duplicated()
        self._example("near_duplicates", [_snippet(x, i + 1) for i, x in frame.t[near].head(3).items()])
        if lab is not None:
            labelled = frame[frame.l.notna()]
            distinct = labelled.groupby("n", sort=False)["l"].nunique()
            for n in distinct.index[distinct > 1][:3]:
                rows = labelled[labelled.n == n]
                ls = sorted(set(rows.l))[:3]
                self._example("conflicting_labels", [
                    f"{_snippet(rows.t.iloc[0], width=30)} → {', '.join(_snippet(x, width=10) for x in ls)}"])

    def _keep_sample(self, t: pd.Series) -> None:
        """A uniform random sample (the TOKEN_SAMPLE smallest random keys) and the LONGEST longest texts."""
        if not len(t):
            return
        keys = self.rng.random(len(t))
        pick = np.argpartition(keys, TOKEN_SAMPLE)[:TOKEN_SAMPLE] if len(t) > TOKEN_SAMPLE else np.arange(len(t))
        part = pd.DataFrame({"key": keys[pick], "text": t.iloc[pick].to_numpy(object),
                             "row": t.index.to_numpy()[pick] + 1})
        self.sample = pd.concat([self.sample, part], ignore_index=True).nsmallest(TOKEN_SAMPLE, "key")
        lengths = t.str.len().to_numpy()
        pick = np.argpartition(-lengths, LONGEST)[:LONGEST] if len(t) > LONGEST else np.arange(len(t))
        part = pd.DataFrame({"len": lengths[pick], "text": t.iloc[pick].to_numpy(object),
                             "row": t.index.to_numpy()[pick] + 1})
        self.longest = pd.concat([self.longest, part], ignore_index=True).nlargest(LONGEST, "len")

    # ---- results
    def task(self) -> str:
        if self.cols.generation:
            return "generation"
        distinct = len(self.labels)
        if self.labels and self.all_numeric and distinct > REGRESSION_DISTINCT and self.non_integer:
            return "regression"
        return "classification"

    def duplicate_counts(self) -> dict:
        """Exact and near duplicates and conflicting texts; frees the hashes (the tokenizer needs the memory).

        exact: rows whose (text, label) repeat an earlier row; near: rows whose normalised text
        repeats an earlier row although their exact text does not; conflicts: normalised texts
        seen with more than one label.
        """
        nl = self.norm_label.compact()
        conflicts = int((np.unique(nl.values, return_counts=True)[1] > 1).sum()) if len(nl.values) else 0
        counts = {"exact_duplicates": self.hashed - len(self.pair), "near_duplicates": len(self.raw) - len(self.norm),
                  "conflicting_labels": conflicts}
        self.raw = self.pair = self.norm = self.norm_label = None
        return counts


# ----------------------------------------------------------------------------------- language

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")
_EN_WORDS = set("the a an and or of to in is are was were it this that you i he she they we not with for on "
                "be have has what how why who when which do does my your his her their but so very".split())
_OTHER_WORDS = set("der die und das ist nicht ich le les et est une des pas el los las que y es una por "
                   "il di che non per het een van yang dan itu ini tidak não um uma".split())


def _language(texts: list[str]) -> str:
    """en, ko, mixed or other, from Hangul against Latin letters (a Hangul syllable counts as two letters)."""
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


# ------------------------------------------------------------------------------ token lengths

def _counter(model_id: str):
    """(count(texts) → token counts, the model's length limit or None, note); a rough word count if the
    tokenizer cannot be loaded, so that inspection still works without the model packages."""
    try:
        from tools.models import load_tokenizer

        tok = load_tokenizer(model_id)
    except (ValueError, ImportError, OSError) as e:
        def words(texts):
            return np.array([len(re.findall(r"\w+|[^\w\s]", t)) + 2 for t in texts], dtype=np.int64)
        return words, None, f"approximate (tokenizer unavailable: {' '.join(str(e).split())[:120]})"

    def count(texts):
        out = []
        for i in range(0, len(texts), 1000):
            out += map(len, tok(texts[i:i + 1000], add_special_tokens=True, verbose=False)["input_ids"])
        return np.array(out, dtype=np.int64)
    limit = tok.model_max_length if isinstance(tok.model_max_length, int) and tok.model_max_length < 1e6 else None
    return count, limit, None


def _token_lengths(stats: _Stats, task: str, language: str) -> dict:
    """p50/p95/max tokens, the max_length we would train with, and how many texts exceed it.

    Exact when there are at most TOKEN_SAMPLE texts. Otherwise p50/p95 come from the random
    sample, and max and the truncation count from the LONGEST longest texts by characters (token
    counts follow character counts closely); only if even the shortest of those is cut do we
    scale the sample's share up to the whole file and call the count approximate.
    """
    from tools.catalog import embedded_default

    model = embedded_default(task, language)
    count, limit, note = _counter(model.id)
    max_length = ENCODER_MAX_LENGTH if model.kind == "encoder" else DECODER_MAX_LENGTH
    max_length = min(max_length, limit) if limit else max_length
    exact = stats.non_empty <= TOKEN_SAMPLE  # then the sample holds every text
    measured = stats.sample if exact else pd.concat([stats.sample, stats.longest], ignore_index=True)
    lengths = count(measured["text"].tolist()) if len(measured) else np.zeros(0, np.int64)
    random_part, tail = lengths[:len(stats.sample)], lengths[len(stats.sample):]
    cut = lengths > max_length
    truncated, approximate = int(cut[len(stats.sample):].sum() if not exact else cut.sum()), False
    if not exact and len(tail) and tail.min() > max_length:
        truncated = max(truncated, round(float((random_part > max_length).mean()) * stats.non_empty))
        approximate = True
    return {
        "p50": int(round(np.percentile(random_part, 50))) if len(random_part) else 0,
        "p95": int(round(np.percentile(random_part, 95))) if len(random_part) else 0,
        "max": int(lengths.max()) if len(lengths) else 0,
        "measured": int(len(lengths)), "exact": bool(exact and note is None),
        "max_length": int(max_length), "truncated": truncated, "truncated_approximate": approximate,
        "truncated_rows": sorted({int(r) for r in measured["row"][cut]})[:3],
        "tokenizer": None if note else model.id, "model": model.id, "note": note,
    }


# --------------------------------------------------------------------------------- leakage

def _read(path) -> tuple[pd.DataFrame, dict, object]:
    """(head, info, chunks): a small file is read whole and is its own single chunk; a file over
    STREAM_BYTES gives its first HEAD_ROWS rows (to find the columns) and then streams every row."""
    p = Path(str(path)).expanduser()
    big = p.is_file() and p.stat().st_size > STREAM_BYTES
    head, info = read_table(p, nrows=HEAD_ROWS if big else None)
    return head, info, (iter_chunks(p, CHUNK_ROWS) if info["sampled"] else [head])


def _leakage(test_path: str, cols: Columns, stats: _Stats) -> dict:
    head, _, chunks = _read(test_path)
    needed = (cols.generation or {"text": cols.text}).values()
    if not all(c in head.columns for c in needed):  # the test file names its columns differently
        cols = detect_columns(head, None, None)
    test_cols = Columns(cols.text, None, cols.generation)  # only the texts matter here
    train = stats.norm.compact().keys
    shared, rows, examples = [], 0, []
    for chunk in chunks:
        t = _texts(chunk, test_cols).dropna()
        if not len(t):
            continue
        h = _hash(normalize_texts(t))
        hit = np.isin(h, train)
        rows += int(hit.sum())
        shared.append(np.unique(h[hit]))
        examples += [_snippet(x, i + 1) for i, x in t[hit].head(3 - len(examples)).items()]
    count = len(np.unique(np.concatenate(shared))) if shared else 0
    return {"count": count, "rows": rows, "examples": examples[:3], "name": Path(test_path).name}


# -------------------------------------------------------------------------------- messages

def _q(s, width: int = 20) -> str:
    """A label or column name quoted for a message: short, one line, never raw."""
    return _snippet(s, width=width)


_MSG = {
    "exact_duplicates": (
        "{count:,} row{ns} repeat{vs} an earlier row exactly (same {what}). Fix: drop them (pandas: "
        "df.drop_duplicates()) so they get no extra weight and cannot leak into the evaluation split.",
        "앞선 행과 {what_ko} 완전히 같은 중복 행이 {count:,}개 있습니다. 해결: 중복 행을 지우세요(pandas: "
        "df.drop_duplicates()). 그대로 두면 그 예시에 가중치가 더 실리고 평가 데이터에도 섞여 들어갑니다."),
    "near_duplicates": (
        "{count:,} row{ns} differ{vs} from an earlier row only in case, spacing or punctuation. Fix: look at them and keep "
        "one of each.",
        "대소문자·띄어쓰기·문장부호만 다르고 사실상 같은 행이 {count:,}개 있습니다. 해결: 확인해서 하나씩만 남기세요."),
    "conflicting_labels": (
        "{count:,} text{ns} appear{vs} with more than one label. Fix: decide the right label for each and correct or drop "
        "the other rows; the model cannot learn both.",
        "같은 텍스트에 서로 다른 라벨이 붙은 경우가 {count:,}건 있습니다. 해결: 텍스트마다 맞는 라벨 하나로 고치거나 "
        "나머지 행을 지우세요. 모델은 둘 다 배울 수 없습니다."),
    "empty_text": (
        "{count:,} row{ns} {have} an empty {what}. Fix: fill them in or delete those rows.",
        "{what_ko} 비어 있는 행이 {count:,}개 있습니다. 해결: 내용을 채우거나 해당 행을 지우세요."),
    "empty_text_all": (
        "Every row has an empty {what}. Fix: check that {column} is the right column (pass text_column=...) or "
        "export the data again.",
        "모든 행의 {what_ko} 비어 있습니다. 해결: {column} 열이 맞는지 확인하거나(text_column=... 지정) 데이터를 다시 "
        "내보내세요."),
    "missing_labels": (
        "{count:,} row{ns} {have} no label (an empty cell, or a placeholder such as NaN or null); training skips "
        "them. Fix: fill in their labels or delete those rows before training.",
        "라벨이 없는 행(빈 칸, 또는 NaN·null 같은 자리표시자)이 {count:,}개 있습니다. 학습에서는 제외됩니다. 해결: 학습 전에 "
        "라벨을 채우거나 해당 행을 지우세요."),
    "missing_labels_all": (
        "Every label in column {column} is empty. Fix: fill in the labels, or name the right column with "
        "label_column=....",
        "{column} 열의 라벨이 모두 비어 있습니다. 해결: 라벨을 채우거나 label_column=...으로 올바른 열을 지정하세요."),
    "single_class": (
        "Only one class ({big}) appears in column {column}, so there is nothing to tell apart. Fix: add rows of at "
        "least one other class, or name the right label column.",
        "{column} 열에 클래스가 하나({big})뿐이라 구분할 대상이 없습니다. 해결: 다른 클래스의 행을 추가하거나 올바른 "
        "라벨 열을 지정하세요."),
    "class_imbalance": (
        "{strong}The largest class ({big}, {n_big:,} rows) is {ratio:.0f}× the smallest ({small}, {n_small:,} rows). "
        "Fix: collect more examples of the small classes, or train with class weights and judge by macro-F1, "
        "not accuracy.",
        "{strong_ko}가장 많은 클래스({big}, {n_big:,}개)가 가장 적은 클래스({small}, {n_small:,}개)의 {ratio:.0f}배입니다. "
        "해결: 적은 클래스의 예시를 더 모으거나, 클래스 가중치로 학습하고 정확도 대신 macro-F1로 평가하세요."),
    "too_many_classes": (
        "Column {column} has {count:,} different labels in {labelled:,} labelled rows, so most classes have a single "
        "example and nothing can be learned from them; it looks like an ID or free-text column, not classes. Fix: name "
        "the real label column with label_column=..., merge the labels into fewer classes, or train text generation.",
        "{column} 열은 라벨이 있는 {labelled:,}행에 서로 다른 라벨이 {count:,}개라 대부분의 클래스에 예시가 하나뿐이고 학습할 "
        "수 없습니다. 클래스가 아니라 ID나 자유 텍스트 열로 보입니다. 해결: label_column=...으로 진짜 라벨 열을 지정하거나, "
        "라벨을 더 적은 클래스로 합치거나, 문장 생성으로 학습하세요."),
    "rare_classes": (
        "{count:,} class{es} {have} fewer than {rare} examples: {which}. Fix: add examples (20 or more each), merge them "
        "into a related class, or drop them.",
        "예시가 {rare}개 미만인 클래스가 {count:,}개 있습니다: {which}. 해결: 클래스마다 예시를 20개 이상으로 늘리거나, "
        "비슷한 클래스와 합치거나, 빼세요."),
    "truncation": (
        "{about}{count:,} text{ns} {are} longer than {max_length} tokens and would be cut to that length in training "
        "({model} tokenizer). Fix: shorten or split long texts, or accept that only their beginning is used.",
        "{about_ko}{count:,}개 텍스트가 {max_length} 토큰보다 길어서 학습할 때 뒷부분이 잘립니다({model} 토크나이저 기준). "
        "해결: 긴 텍스트를 줄이거나 나누세요. 앞부분만 써도 된다면 그대로 두어도 됩니다."),
    "numeric_labels_regression": (
        "The labels are numbers with {count:,} distinct values, so this is treated as regression (predicting a "
        "number). Fix: if they are really categories, replace them with category names.",
        "라벨이 서로 다른 값 {count:,}개를 가진 숫자라서 회귀(숫자 예측) 문제로 봅니다. 해결: 실제로는 범주라면 "
        "범주 이름으로 바꾸세요."),
    "numeric_labels": (
        "The labels are {count:,} different whole numbers, which looks like a score rather than categories; it is "
        "treated as classification with {count:,} classes. Fix: group the numbers into a few ranges, or ask for "
        "regression (predicting a number) when you ask for settings.",
        "라벨이 서로 다른 정수 {count:,}개라서 범주보다는 점수처럼 보입니다. 지금은 클래스 {count:,}개짜리 분류로 "
        "봅니다. 해결: 숫자를 몇 개 구간으로 묶거나, 설정을 물어볼 때 회귀(숫자 예측)로 해 달라고 하세요."),
    "leakage": (
        "{count:,} text{ns} of the training file also appear{vs} in the test file {test} ({rows:,} test rows). Fix: remove "
        "them from one of the two files, or the test score will look better than the model really is.",
        "학습 파일의 텍스트 {count:,}개가 테스트 파일 {test}에도 있습니다(테스트 {rows:,}행). 해결: 두 파일 중 한쪽에서 "
        "지우세요. 그대로 두면 테스트 점수가 실제 실력보다 높게 나옵니다."),
    "too_few_rows": (
        "Only {count:,} row{ns}. Fix: {min_rows} is a bare minimum; a few hundred examples{per_class} give much better "
        "results.",
        "행이 {count:,}개뿐입니다. 해결: {min_rows}개는 최소한이고, {per_class_ko}수백 개가 있으면 결과가 훨씬 좋아집니다."),
    "no_header": (
        "The first row looks like data, not column names, so the columns were named column_1, column_2, … Fix: "
        "add a header row such as text,label.",
        "첫 행이 열 이름이 아니라 데이터로 보여서 열 이름을 column_1, column_2, …로 붙였습니다. 해결: text,label 같은 "
        "머리글 행을 맨 위에 추가하세요."),
}


def _agreement(count: int) -> dict:
    """English plural endings for the message templates: 1 row has, 2 rows have."""
    one = count == 1
    return {"ns": "" if one else "s", "es": "" if one else "es", "vs": "s" if one else "",
            "have": "has" if one else "have", "are": "is" if one else "are"}


def _issue(kind: str, severity: str, count: int, lang: str, template: str | None = None,
           examples=None, **fmt) -> dict:
    en, ko = _MSG[template or kind]
    issue = {"kind": kind, "severity": severity, "count": int(count),
             "message": (ko if lang == "ko" else en).format(count=int(count), **_agreement(count), **fmt)}
    if examples:
        issue["examples"] = list(examples)[:3]
    return issue


def _issues(stats: _Stats, task: str, dups: dict, tokens: dict, labels: Counter, leak: dict | None, info: dict,
            lang: str) -> list[dict]:
    cols, n, out = stats.cols, stats.rows, []
    ex = stats.examples.get
    gen = cols.generation or {}
    what, what_ko = (("text", "텍스트가") if not gen or "text" in gen else
                     ("conversation", "대화 내용이") if "messages" in gen else ("prompt or response", "프롬프트나 응답이"))
    col = _q(cols.label or cols.text, 40)
    if stats.empty == n:
        out.append(_issue("empty_text", "error", n, lang, "empty_text_all", what=what, what_ko=what_ko,
                          column=_q(cols.text, 40)))
    elif stats.empty:
        out.append(_issue("empty_text", "warning", stats.empty, lang, examples=ex("empty_text"),
                          what=what, what_ko=what_ko))
    if cols.label and stats.missing == n:
        out.append(_issue("missing_labels", "error", n, lang, "missing_labels_all", column=col))
    elif stats.missing:
        out.append(_issue("missing_labels", "warning", stats.missing, lang, examples=ex("missing_labels")))
    dup = dups["exact_duplicates"]
    if dup:
        dup_what = ("text and label", "텍스트와 라벨이") if cols.label else ("text", "텍스트가")
        out.append(_issue("exact_duplicates", "warning" if dup >= 0.01 * n else "info", dup, lang,
                          examples=ex("exact_duplicates"), what=dup_what[0], what_ko=dup_what[1]))
    near = dups["near_duplicates"]
    if near:
        out.append(_issue("near_duplicates", "warning" if near >= 0.05 * n else "info", near, lang,
                          examples=ex("near_duplicates")))
    if task == "classification" and cols.label:
        conflicts = dups["conflicting_labels"]
        if conflicts:
            out.append(_issue("conflicting_labels", "warning", conflicts, lang, examples=ex("conflicting_labels")))
        ordered = labels.most_common()
        labelled = n - stats.missing
        if len(ordered) == 1:
            out.append(_issue("single_class", "error", 1, lang, big=_q(ordered[0][0]), column=col))
        elif len(ordered) > REGRESSION_DISTINCT and len(ordered) > 0.5 * labelled:
            # Mostly one example per class: no split can put a class in both train and validation.
            out.append(_issue("too_many_classes", "error", len(ordered), lang, column=col, labelled=labelled))
        elif len(ordered) > 1:
            (big, n_big), (small, n_small) = ordered[0], ordered[-1]
            ratio = n_big / n_small
            if ratio >= 3:
                minority = sum(c * 3 <= n_big for _, c in ordered)
                issue = _issue("class_imbalance", "warning", minority, lang, big=_q(big), n_big=n_big,
                               small=_q(small), n_small=n_small, ratio=ratio,
                               strong="Strong imbalance. " if ratio >= 10 else "",
                               strong_ko="클래스 불균형이 심합니다. " if ratio >= 10 else "")
                issue["ratio"] = round(ratio, 1)
                out.append(issue)
            rare = [(k, c) for k, c in ordered if c < RARE_CLASS]
            if rare:
                which = ", ".join(f"{_q(k)} ({c})" for k, c in rare[:5]) + (" …" if len(rare) > 5 else "")
                out.append(_issue("rare_classes", "warning", len(rare), lang, rare=RARE_CLASS, which=which))
        if stats.all_numeric and not stats.non_integer and len(labels) > REGRESSION_DISTINCT:
            out.append(_issue("numeric_labels", "warning", len(labels), lang))
    if task == "regression":
        out.append(_issue("numeric_labels", "info", len(stats.labels), lang, "numeric_labels_regression"))
    if tokens["truncated"]:
        share = tokens["truncated"] / max(stats.non_empty, 1)
        out.append(_issue("truncation", "warning" if share >= 0.01 else "info", tokens["truncated"], lang,
                          examples=[f"row {r}" for r in tokens["truncated_rows"]], max_length=tokens["max_length"],
                          model=tokens["model"], about="About " if tokens["truncated_approximate"] else "",
                          about_ko="약 " if tokens["truncated_approximate"] else ""))
    if leak and leak["count"]:
        out.append(_issue("leakage", "warning", leak["count"], lang, examples=leak["examples"],
                          test=_q(leak["name"], 40), rows=leak["rows"]))
    if n < MIN_ROWS:
        per_class = (" per class", "클래스마다 ") if task == "classification" else ("", "")
        out.append(_issue("too_few_rows", "warning", n, lang, min_rows=MIN_ROWS, per_class=per_class[0],
                          per_class_ko=per_class[1]))
    if not info.get("header", True):
        out.append(_issue("no_header", "info", 1, lang))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(out, key=lambda i: order[i["severity"]])


# --------------------------------------------------------------------------------- summary

_LANG_NAMES = {"en": ("English", "영어"), "ko": ("Korean", "한국어"), "mixed": ("Korean and English mixed", "한국어·영어 혼합"),
               "other": ("another language (not English or Korean)", "영어·한국어가 아닌 언어")}
_SEVERITY = {"error": ("Error", "오류"), "warning": ("Warning", "경고"), "info": ("Note", "참고")}


def _code(name) -> str:
    s = " ".join(str(name).split()).replace("`", "'")
    return f"`{s[:40]}`"


def _summary(r: dict, lang: str) -> str:
    ko = lang == "ko"
    rows, ncols, fmt = f"{r['rows']:,}", len(r["columns"]), r["format"].upper()
    enc = f", {r['encoding']}" if r.get("encoding") else ""
    task, gen = r["task"], r.get("generation_columns") or {}
    lines = [f"## {'데이터 점검' if ko else 'Data check'}: {_code(Path(r['path']).name)}", ""]
    if ko:
        lines.append(f"**{rows}행 × {ncols}열** ({fmt}{enc}).")
    else:
        lines.append(f"**{rows} rows × {ncols} columns** ({fmt}{enc}).")
    if task == "generation":
        roles = ", ".join(f"{role} = {_code(c)}" for role, c in gen.items())
        lines.append(f"문장 생성(generation) 데이터로 봅니다: {roles}." if ko else
                     f"This looks like **generation** data (the model learns to write the response): {roles}.")
    else:
        kind_en = ("**classification** into " f"{r['num_labels']:,} classes" if task == "classification"
                   else "**regression** (predicting a number)")
        kind_ko = (f"**분류** (클래스 {r['num_labels']:,}개)" if task == "classification" else "**회귀** (숫자 예측)")
        lines.append(f"텍스트 열은 {_code(r['text_column'])}, 라벨 열은 {_code(r['label_column'])}이고, 작업은 {kind_ko}입니다."
                     if ko else f"Text column: {_code(r['text_column'])}; label column: {_code(r['label_column'])}; "
                                f"task: {kind_en}.")
    lines.append("열이 잘못 잡혔다면 알려 주세요 (예: text_column=review, label_column=sentiment)." if ko else
                 "If a column is wrong, tell me which one (e.g. text_column=review, label_column=sentiment).")
    if task == "classification" and r["labels"]:
        total = sum(r["labels"].values())
        lines += ["", "| 라벨 | 행 수 | 비율 |" if ko else "| label | rows | share |", "|---|---:|---:|"]
        for label, c in list(r["labels"].items())[:10]:
            lines.append(f"| {_code(label)} | {c:,} | {100 * c / total:.1f}% |")
        if r["num_labels"] > 10:
            lines.append(f"| … {'외' if ko else 'and'} {r['num_labels'] - 10:,} {'개' if ko else 'more'} | | |")
    elif task == "regression" and r.get("label_stats"):
        s = r["label_stats"]
        lines += ["", f"라벨 값 범위: {s['min']:g} ~ {s['max']:g} (평균 {s['mean']:.3g})." if ko else
                  f"Label values range from {s['min']:g} to {s['max']:g} (mean {s['mean']:.3g})."]
    t = r["token_lengths"]
    lang_name = _LANG_NAMES[r["language"]][1 if ko else 0]
    what = ("프롬프트+응답" if ko else "prompt + response") if task == "generation" else ("텍스트" if ko else "text")
    tok = r.get("tokenizer") or ("단어 수 근사" if ko else "approximate word count")
    lines.append("")
    if ko:
        lines.append(f"언어: {lang_name}. 토큰 길이({tok} 토크나이저, {what}): 절반은 {t['p50']} 토큰 이하, 95%는 "
                     f"{t['p95']} 토큰 이하이고, 가장 긴 것은 {t['max']} 토큰입니다. 학습 때 최대 길이는 {t['max_length']} "
                     f"토큰으로 잡습니다.")
    else:
        lines.append(f"Language: {lang_name}. Token lengths ({tok} tokenizer, {what}): half your texts have at "
                     f"most {t['p50']} tokens, 95% at most {t['p95']}, and the longest has {t['max']}. Training would use "
                     f"a maximum length of {t['max_length']} tokens.")
    if r.get("sample_note"):
        lines.append(f"_{r['sample_note']}_")
    lines += ["", "**점검 결과**" if ko else "**What I found**"]
    if r["issues"]:
        lines += [f"- **{_SEVERITY[i['severity']][1 if ko else 0]}**: {i['message']}" for i in r["issues"]]
    else:
        lines.append("- 문제가 발견되지 않았습니다." if ko else "- No problems found.")
    errors = any(i["severity"] == "error" for i in r["issues"])
    lines.append("")
    if errors:
        lines.append("다음 단계: 위의 오류를 먼저 고친 뒤 다시 점검해 달라고 하세요." if ko else
                     "Next step: fix the errors above first, then ask me to inspect the file again.")
    else:
        lines.append("다음 단계: \"학습 설정 추천해줘\"라고 말하면 이 데이터에 맞는 설정을 추천해 드립니다." if ko else
                     "Next step: ask me to recommend training settings for this file.")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------ tool

def inspect_dataset(path: str, text_column: str | None = None, label_column: str | None = None,
                    test_path: str | None = None, lang: str = "en") -> dict:
    """Check a training data file: columns, task, labels, language, token lengths, and problems with fixes.

    Reads CSV, TSV, JSON, JSON Lines and Parquet. Finds the text and label columns (or the
    prompt/response or chat columns of generation data) and reports duplicates, conflicting or
    missing labels, empty texts, class imbalance, rare classes, texts too long for the model
    and, given a test file, texts present in both.

    Args:
        path: the training data file.
        text_column: the column holding the texts, if the guess is wrong.
        label_column: the column holding the labels, if the guess is wrong.
        test_path: a test/evaluation file to check for texts that also appear in the training file.
        lang: language of the messages and summary: "en" or "ko".
    """
    if lang not in ("en", "ko"):
        raise ValueError(f"lang must be 'en' or 'ko', not {lang!r}. Fix: pass lang='en' or lang='ko'.")
    text_column, label_column = text_column or None, label_column or None
    head, info, chunks = _read(path)
    cols = detect_columns(head, text_column, label_column)
    stats = _Stats(cols)
    del head  # a streamed file's head is read again as its first chunk
    for chunk in chunks:
        stats.update(chunk)
    task = stats.task()
    labels = Counter() if task != "classification" else stats.labels
    sample_texts = stats.sample.sort_values("key")["text"].tolist()
    language = _language(sample_texts)
    leak = _leakage(test_path, cols, stats) if test_path else None
    dups = stats.duplicate_counts()
    tokens = _token_lengths(stats, task, language)
    ordered = sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))

    notes_en, notes_ko = [], []
    if not tokens["exact"] and tokens["note"] is None:
        notes_en.append(f"Token lengths were measured on {len(stats.sample):,} random texts plus the "
                        f"{len(stats.longest):,} longest; all other counts cover every row.")
        notes_ko.append(f"토큰 길이는 무작위 텍스트 {len(stats.sample):,}개와 가장 긴 텍스트 {len(stats.longest):,}개로 "
                        f"측정했고, 나머지 수치는 모든 행을 센 값입니다.")
    if stats.hashed < stats.non_empty:
        notes_en.append(f"Duplicate and conflict checks cover the first {stats.hashed:,} of {stats.non_empty:,} "
                        f"texts (memory limit).")
        notes_ko.append(f"중복·라벨 충돌 점검은 메모리 한도 때문에 텍스트 {stats.non_empty:,}개 중 앞의 {stats.hashed:,}개만 "
                        f"대상으로 했습니다.")
    if stats.labels_overflow and task == "classification":
        notes_en.append(f"Labels were counted until {LABEL_COUNT_CAP:,} distinct values.")
        notes_ko.append(f"라벨은 서로 다른 값 {LABEL_COUNT_CAP:,}개까지만 셌습니다.")
    if tokens["note"]:
        notes_en.append(f"Token lengths are {tokens['note']}.")
        notes_ko.append("토크나이저를 불러오지 못해 토큰 길이는 근사치입니다.")
    sampled = bool(notes_en)

    result = {
        "path": info["path"], "format": info["format"], "rows": stats.rows, "columns": info["columns"],
        "text_column": cols.text, "label_column": cols.label, "task": task,
        "labels": {str(k): int(v) for k, v in ordered[:MAX_LABELS]},
        "language": language,
        "token_lengths": {"p50": tokens["p50"], "p95": tokens["p95"], "max": tokens["max"],
                          "max_length": tokens["max_length"], "measured": tokens["measured"],
                          "exact": tokens["exact"]},
        "issues": _issues(stats, task, dups, tokens, labels, leak, info, lang),
        "summary": "",
        "encoding": info["encoding"], "sampled": sampled,
        "sample_note": " ".join(notes_ko if lang == "ko" else notes_en) or None,
        "num_labels": len(labels),
        "generation_columns": cols.generation,
        "tokenizer": tokens["tokenizer"], "recommended_base_model": tokens["model"],
    }
    if task == "regression":
        result["label_stats"] = {"min": float(stats.num_min), "max": float(stats.num_max),
                                 "mean": float(stats.num_sum / max(stats.num_n, 1))}
    if leak is not None:
        result["test_path"] = str(Path(test_path).expanduser())
    result["summary"] = _summary(result, lang)
    return result
