"""Our own measured numbers reach the knowledge base only through {{bench:...}} placeholders.

The loader (tools.faq.parse_entry) fills them from benchmarks/results/*.json, so a rerun of a
benchmark updates every answer that quotes it. These tests check that every placeholder resolves,
that no measured-looking number is typed by hand, that a bad placeholder fails with a message that
names it, and that search results carry the filled numbers.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import tools.faq as faq
from tools.faq import bench_value, fill_bench, load_entries, parse_entry

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
FILES = sorted(KNOWLEDGE.glob("*.md"))
PLACEHOLDER = re.compile(r"\{\{bench:[^}]*\}\}")
# A percentage with decimals ("84.3%") in prose is a measurement; only these general facts may be typed.
TYPED_OK = {"0.06%"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_placeholder_resolves(path: Path):
    entry = parse_entry(path)  # raises ValueError naming the placeholder when one does not resolve
    assert "{{" not in entry.answer + entry.title


def test_entries_quoting_our_benchmarks_use_placeholders():
    quoting = [p.stem for p in FILES if PLACEHOLDER.search(p.read_text(encoding="utf-8"))]
    # the entries the review found quoting our numbers, in both languages
    for topic in ("dataset-size", "cpu-training", "model-size", "what-is-fine-tuning", "language-models-korean"):
        assert {f"en-{topic}", f"ko-{topic}"} <= set(quoting), topic


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_measured_number_is_typed_by_hand(path: Path):
    raw = PLACEHOLDER.sub(" ", path.read_text(encoding="utf-8"))
    typed = set(re.findall(r"\d+\.\d+\s?%", raw)) - TYPED_OK
    assert not typed, f"type these through a {{{{bench:...}}}} placeholder: {sorted(typed)}"


def test_en_and_ko_twins_quote_the_same_numbers():
    by_id = {e.id: e for e in load_entries(KNOWLEDGE)}
    for p in FILES:
        if not p.stem.startswith("en-") or ("ko-" + p.stem[3:]) not in by_id:
            continue
        en = PLACEHOLDER.findall(p.read_text(encoding="utf-8"))
        ko = PLACEHOLDER.findall((KNOWLEDGE / f"ko-{p.stem[3:]}.md").read_text(encoding="utf-8"))
        assert sorted(set(en)) == sorted(set(ko)), p.stem[3:]


def test_values_come_from_the_json():
    results = json.loads((faq.bench_results_dir() / "train_quality.json").read_text())
    sst2 = next(r for r in results["runs"] if r["dataset"] == "sst2")
    assert bench_value("train_quality.runs.sst2.accuracy") == sst2["accuracy"]
    assert bench_value("train_quality.runs.0.dataset") == results["runs"][0]["dataset"]
    assert fill_bench("{{bench:train_quality.runs.sst2.accuracy|.1%}}") == format(sst2["accuracy"], ".1%")
    assert fill_bench("{{bench:train_quality.cpu_cores}} cores") == f"{results['cpu_cores']} cores"


@pytest.mark.parametrize("text,message", [
    ("{{bench:train_quality.runs.sst3.accuracy}}", "no item 'sst3'"),
    ("{{bench:train_quality.runs.sst2.acuracy}}", "no key 'acuracy'"),
    ("{{bench:no_such_benchmark.x}}", "cannot read"),
    ("{{bench:train_quality.runs}}", "not a number"),
    ("{{bench:train_quality.cpu_cores|.1%x}}", "bad format"),
])
def test_bad_placeholder_names_itself_and_the_fix(text, message):
    with pytest.raises(ValueError, match="Fix:") as err:
        fill_bench(text, "ko-some-entry.md")
    assert message in str(err.value) and "ko-some-entry.md" in str(err.value)


def _entry(kdir: Path, name: str, body: str):
    lang = name.split("-")[0]
    (kdir / f"{name}.md").write_text(
        f"---\nid: {name}\ntopic: cpu-training\nlang: {lang}\ntitle: \"Training on a CPU, measured\"\n"
        f"related: [lora]\n---\n{body}\n", encoding="utf-8")


def test_search_results_show_filled_numbers(tmp_path, monkeypatch):
    monkeypatch.setenv("FINETUNE_ASSISTANT_CACHE", str(tmp_path / "cache"))
    faq._load.cache_clear()
    kdir = tmp_path / "kb"
    kdir.mkdir()
    _entry(kdir, "en-cpu", "MiniLM on a CPU reached {{bench:train_quality.runs.sst2.accuracy|.1%}} accuracy.")
    _entry(kdir, "ko-cpu", "CPU에서 MiniLM이 정확도 {{bench:train_quality.runs.sst2.accuracy|.1%}}에 도달했습니다.")
    want = format(bench_value("train_quality.runs.sst2.accuracy"), ".1%")
    try:
        top = faq.load_index(kdir).search("How accurate is MiniLM on a CPU?", k=2)
    finally:
        faq._load.cache_clear()
    assert all(want in r["answer"] and "{{" not in r["answer"] for r in top)


def test_index_cache_key_follows_the_quoted_results(tmp_path, monkeypatch):
    results = tmp_path / "results"
    results.mkdir()
    (results / "train_quality.json").write_text(json.dumps({"cpu_cores": 2}))
    monkeypatch.setattr(faq, "bench_results_dir", lambda: results)
    kdir = tmp_path / "kb"
    kdir.mkdir()
    _entry(kdir, "en-cpu", "Measured on {{bench:train_quality.cpu_cores}} cores.")
    files = faq.knowledge_files(kdir)
    before = faq._content_key(files)
    (results / "train_quality.json").write_text(json.dumps({"cpu_cores": 4}))
    assert faq._content_key(files) != before, "a rerun benchmark must rebuild the index"
    assert parse_entry(files[0]).answer == "Measured on 4 cores."
