"""Retrain on a cleaned file, scored on the same validation rows as the run before it.

A run's validation rows are a seeded split of its file; split the cleaned file afresh and the two
runs would be scored on different rows, so "after cleaning it got better" could be luck of the draw.
Here the earlier run's own validation rows (its predictions.csv: each text with its label) are found
in the cleaned file by their text after clean_dataset's normalisation (NFC, whitespace), and set
apart as a validation file; every other cleaned row is training data. Rows cleaning dropped are
gone from both, so the new run is scored on the old validation rows that survived cleaning, and
compare_runs pairs the two runs on them (McNemar). A validation row whose label was fixed in review
is scored with its new label, and compare_runs leaves it out of the pairing (its true label changed).
"""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from tools.cleaning import _free_name, _write_new, _writer, normalize_text
from tools.label_issues import read_labeled
from tools.prepare import pieces_of
from tools.language import say
from tools.runs import find_run, read_json
from tools.settings import user_settings


def _validation_texts(run_dir: Path) -> list[str]:
    try:
        with open(run_dir / "predictions.csv", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError:
        rows = []
    if not rows or "text" not in rows[0]:
        raise ValueError(f"Run {run_dir.name} has no predictions.csv with its validation texts, so its validation rows "
                         f"cannot be reused. Fix: retrain with start_training on the cleaned file (a fresh split), or "
                         f"pick a completed classification run.")
    return [r["text"] for r in rows]


def fair_retrain(run_id: str, cleaned_path: str, lang: str = "en") -> dict:
    """Training and validation files from a cleaned file, the validation rows being run_id's that survived.

    Returns dataset_path and validation_path (new files beside the cleaned one), train_rows,
    validation_rows, validation_lost (the run's validation rows cleaning dropped), settings (the
    run's own settings plus validation_path and validation_from_run: what start_training needs), summary.
    """
    run_dir = find_run(run_id)
    status = (read_json(run_dir / "status.json", {}) or {}).get("status")
    config = read_json(run_dir / "config.json", {}) or {}
    if status != "completed" or config.get("task", "classification") != "classification":
        raise ValueError(f"Run {run_dir.name} is {status or 'unknown'} ({config.get('task', 'classification')}); only a "
                         f"completed classification run has validation rows to reuse. Fix: wait for it to finish, or "
                         f"pick another run.")
    table = read_labeled(cleaned_path, config.get("text_column"), config.get("label_column"))
    held = {normalize_text(t) for t in _validation_texts(run_dir)}
    texts = table.texts.map(normalize_text)
    in_validation = texts.isin(held) & table.labels.notna() & texts.ne("")
    if not in_validation.any():
        raise ValueError(f"None of run {run_dir.name}'s validation rows is in {Path(cleaned_path).name}. Fix: clean the "
                         f"file that run was trained on, or retrain with a fresh split.")
    if (~in_validation).sum() < 4:
        raise ValueError(f"Only {(~in_validation).sum()} rows of {Path(cleaned_path).name} are left for training once "
                         f"run {run_dir.name}'s validation rows are set apart. Fix: add training rows.")
    # The run held out whole sentences and left their phrases out of training (tools/prepare.py): so does
    # the retrain, or it would see pieces of its validation answers that the first run never saw.
    rule = (read_json(run_dir / "metrics.json", {}) or {}).get("validation_rule") or {}
    in_training = ~in_validation
    leaked = 0
    if rule.get("rule") == "whole_sentences":
        pieces = pd.Series(pieces_of(texts, list(texts[in_validation])), index=texts.index)
        leaked = int((pieces & in_training).sum())
        in_training &= ~pieces
    source = Path(table.info["path"])
    train_path, _ = _free_name(source, "train")
    validation_path, _ = _free_name(source, "validation")
    _write_new(train_path, _writer(table.frame[in_training.to_numpy()], table.info))
    try:
        _write_new(validation_path, _writer(table.frame[in_validation.to_numpy()], table.info))
    except ValueError:
        train_path.unlink()
        raise
    kept, lost = int(in_validation.sum()), len(held) - len(set(texts[in_validation]))
    settings = {**user_settings({"config": config}), "seed": config.get("seed", 42),
                "validation_path": str(validation_path), "validation_from_run": run_dir.name}
    for key in ("text_column", "label_column"):
        if config.get(key):
            settings[key] = config[key]
    return {"dataset_path": str(train_path), "validation_path": str(validation_path),
            "train_rows": int(in_training.sum()), "validation_rows": kept, "validation_lost": max(lost, 0),
            "phrases_left_out": leaked,
            "settings": settings, "summary": say(
                lang,
                f"Split {source.name} for a fair retrain: {kept:,} validation rows are run {run_dir.name}'s own (the "
                f"ones that survived cleaning; {max(lost, 0):,} were dropped) in {validation_path.name}, and the other "
                f"{int(in_training.sum()):,} rows are training data in {train_path.name}"
                + (f" ({leaked:,} phrases of those sentences left out of training, as the first run did)" if leaked else "")
                + f". The same settings as {run_dir.name}; compare_runs then pairs the two runs on those rows.",
                f"공정한 재학습을 위해 {source.name}을(를) 나눴습니다: 검증 행 {kept:,}개는 {run_dir.name} 실행의 검증 행 중 정리 "
                f"후 남은 것입니다({max(lost, 0):,}개는 제거됨, {validation_path.name}). 나머지 "
                f"{int(in_training.sum()):,}행은 학습 데이터입니다({train_path.name}"
                + (f", 첫 실행처럼 검증 문장의 일부인 구절 {leaked:,}개는 학습에서 뺌" if leaked else "")
                + f"). 설정은 {run_dir.name}과 같고, "
                f"compare_runs가 같은 행에서 두 실행을 짝지어 비교합니다.")}


def fairness_note(config: dict, rows: int | None, ko: bool) -> str | None:
    """The explanation's sentence for a run scored on an earlier run's validation rows (fair_retrain)."""
    before = config.get("validation_from_run")
    if not before:
        return None
    n = f"{rows:,} " if rows else ""
    if ko:
        return (f"**공정한 비교:** 이 실행은 `{before}` 실행과 같은 검증 행(정리 후 남은 {n}행)으로 평가했습니다. 그래서 두 실행의 "
                f"점수 차이는 검증 데이터가 달라서가 아니라 학습 데이터가 달라서 생긴 것입니다. compare_runs로 두 실행을 비교하면 "
                f"같은 행에서 McNemar 검정을 합니다.")
    return (f"**A fair comparison:** this run is scored on the same {n}validation rows as run `{before}` (its rows that "
            f"survived cleaning), so a difference between the two comes from the training data, not from a different "
            f"validation draw. compare_runs pairs the two runs on these rows (McNemar's test).")
