"""Every tool that takes a file, on every hostile file (tests/hostile.py): a result or a ValueError
that names the problem and the fix; never another exception, never a hang, never a write outside
the test's own folders.

The tools run with the current directory and FINETUNE_ASSISTANT_RUNS inside the test's temporary
folder; a sentinel folder beside them (holding the target of a symlink) must stay byte-for-byte
unchanged, and the current directory must stay empty (no stray ./runs).
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

import hostile
from assistant.workspace import Workspace
from tools.__main__ import main as cli_main
from tools.inspection import inspect_dataset
from tools.recommend import recommend_settings
from tools.runner import start_training
from tools.runs import read_json
from training_kit import tiny, wait

ROOT = Path(__file__).resolve().parents[1]
CALL_SECONDS = 90  # any single tool call on a small hostile file taking longer counts as a hang


@contextmanager
def deadline(seconds: int = CALL_SECONDS):
    """Fail instead of hanging: SIGALRM interrupts the call (tests run in the main thread)."""
    def on_alarm(signum, frame):
        raise TimeoutError(f"no answer within {seconds}s")
    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def outcome(fn, *args, **kwargs) -> tuple[str, object]:
    """("ok", result) or ("error", message); any other exception propagates and fails the test."""
    with deadline():
        try:
            return "ok", fn(*args, **kwargs)
        except ValueError as e:
            return "error", str(e)


def snapshot(folder: Path) -> dict:
    """Every entry under folder: kind, size and content hash (links by their target, never followed)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        if p.is_symlink():
            out[rel] = ("link", os.readlink(p))
        elif p.is_file():
            out[rel] = ("file", hashlib.sha256(p.read_bytes()).hexdigest())
        else:
            out[rel] = ("dir",)
    return out


@pytest.fixture(scope="module")
def arena(tmp_path_factory):
    """corpus/ (the hostile files), cwd/ (the working directory), runs/, chat/ (a workspace), outside/ (sentinel)."""
    base = tmp_path_factory.mktemp("hostile")
    cases = hostile.build(base / "corpus")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("text,label\nsecret row,1\n")
    (outside / "passwd").write_text("root:x:0:0\n")
    for name in ("cwd", "runs", "chat"):
        (base / name).mkdir()
    mp = pytest.MonkeyPatch()
    mp.setenv("FINETUNE_ASSISTANT_RUNS", str(base / "runs"))
    mp.setenv("HF_HUB_OFFLINE", "1")
    mp.chdir(base / "cwd")
    yield {"base": base, "cases": {c.name: c for c in cases}, "outside": outside}
    mp.undo()


@pytest.fixture(autouse=True)
def nothing_written_outside(arena):
    """After each test: the sentinel is unchanged, the working directory empty, the repo has no ./runs."""
    before = snapshot(arena["outside"])
    corpus_before = snapshot(arena["base"] / "corpus")
    repo_runs = (ROOT / "runs").exists()
    yield
    assert snapshot(arena["outside"]) == before
    assert snapshot(arena["base"] / "corpus") == corpus_before  # tools never write beside the user's file
    assert list((arena["base"] / "cwd").iterdir()) == []
    assert (ROOT / "runs").exists() == repo_runs


NAMES = hostile.case_names()


def _expect(case: hostile.Case, kind: str, value, refused: bool = False) -> None:
    if case.expect == "error" or refused:
        assert kind == "error", f"{case.name}: expected a ValueError, got a result"
        needles = case.needles if case.expect == "error" else case.refuse
        assert "Fix:" in value or "해결:" in value, value
        for needle in needles:
            assert needle.lower() in value.lower(), f"{case.name}: {needle!r} not in {value!r}"
        assert "Traceback" not in value and len(value) < 1200
    else:
        assert kind == "ok", f"{case.name}: expected a result, got: {value}"


@pytest.mark.parametrize("name", NAMES)
def test_inspect_dataset(arena, name):
    case = arena["cases"][name]
    path = arena["base"] / "corpus" / case.file
    kind, value = outcome(inspect_dataset, str(path))
    _expect(case, kind, value)
    if kind == "ok":
        for key, expected in case.check.items():
            assert value[key] == expected, (key, value[key])
        if case.refuse:
            assert any(i["severity"] == "error" for i in value["issues"])
        assert hostile.INJECTION[:20] not in value["summary"]  # cell text never reaches the summary
        json.dumps(value)  # JSON-serialisable, as the contract says
        kind_ko, value_ko = outcome(inspect_dataset, str(path), lang="ko")
        assert kind_ko == "ok" and value_ko["rows"] == value["rows"]


@pytest.mark.parametrize("name", NAMES)
def test_recommend_settings(arena, name):
    case = arena["cases"][name]
    kind, value = outcome(recommend_settings, str(arena["base"] / "corpus" / case.file))
    _expect(case, kind, value, refused=bool(case.refuse))
    if kind == "ok":
        assert value["config"]["dataset_path"] and value["estimated_memory_gb"] > 0


@pytest.mark.parametrize("name", NAMES)
def test_start_training_dry_run(arena, name):
    case = arena["cases"][name]
    kind, value = outcome(start_training, str(arena["base"] / "corpus" / case.file), dry_run=True)
    _expect(case, kind, value, refused=bool(case.refuse))
    if kind == "ok":
        assert value["status"] == "dry_run" and value["run_id"] is None
    assert list((arena["base"] / "runs").glob("*-*")) == []  # a dry run creates no run directory


@pytest.mark.parametrize("name", NAMES)
def test_cli_in_process(arena, name, capsys):
    """`python -m tools inspect_dataset`: JSON on stdout and exit 0, or one `error:` line and exit 2."""
    case = arena["cases"][name]
    with deadline():
        code = cli_main(["inspect_dataset", "--path", str(arena["base"] / "corpus" / case.file)])
    out, err = capsys.readouterr()
    if case.expect == "error":
        assert code == 2 and out == ""
        assert len(err.strip().splitlines()) == 1 and err.startswith("error: ") and "Fix:" in err
    else:
        assert code == 0, err
        assert json.loads(out)["rows"] > 0


def test_cli_subprocess_exit_codes(arena):
    """The real command line on a crash-prone sample (binary, deep JSON, mixed encodings): exit 2, one line."""
    for name in ("binary_as_csv", "json_deeply_nested", "mixed_encodings"):
        path = arena["base"] / "corpus" / arena["cases"][name].file
        p = subprocess.run([sys.executable, "-m", "tools", "inspect_dataset", "--path", str(path)],
                           cwd=str(arena["base"] / "cwd"), capture_output=True, text=True, timeout=120,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert p.returncode == 2 and p.stdout == "", (name, p.stderr[-2000:])
        assert len(p.stderr.strip().splitlines()) == 1 and "Fix:" in p.stderr, p.stderr[-2000:]


@pytest.mark.parametrize("name", NAMES)
def test_upload_path(arena, name):
    """Workspace.add copies the upload in; resolve gives back a path inside the workspace, same bytes."""
    case = arena["cases"][name]
    src = arena["base"] / "corpus" / case.file
    ws = Workspace(arena["base"] / "chat")
    stored = ws.add(src)
    path = ws.resolve(stored)
    assert path.parent == (arena["base"] / "chat").resolve() and path.read_bytes() == src.read_bytes()
    kind, value = outcome(inspect_dataset, str(path))
    _expect(case, kind, value)


@pytest.mark.parametrize("upload_name", hostile.hostile_upload_names())
def test_hostile_upload_names_stay_inside(arena, upload_name):
    src = arena["base"] / "corpus" / "formulas.csv"
    room = arena["base"] / "chat-names"
    ws = Workspace(room)
    try:
        with deadline():
            stored = ws.add(src, name=upload_name)
    except ValueError as e:
        assert "Fix:" in str(e)
        return
    path = ws.resolve(stored)
    assert path.parent == room.resolve() and path.read_bytes() == src.read_bytes()
    assert "/" not in stored and "\\" not in stored and "\x00" not in stored and len(stored.encode()) <= 255


def test_upload_over_a_link_never_writes_through_it(arena):
    """A link already in the workspace, named like the upload, is replaced; its target outside is untouched."""
    room = arena["base"] / "chat-links"
    room.mkdir(exist_ok=True)
    hostile.symlink_out(room, arena["outside"] / "secret.csv", "reviews.csv")
    with pytest.raises(ValueError, match="outside"):
        Workspace(room, ["reviews.csv"])  # registering the link is refused
    ws = Workspace(room)
    stored = ws.add(arena["base"] / "corpus" / "formulas.csv", name="reviews.csv")
    assert not (room / stored).is_symlink() and "secret row" not in (room / stored).read_text()
    # the sentinel check (autouse fixture) proves outside/secret.csv kept its bytes


@pytest.mark.parametrize("raw", ["../outside/secret.csv", "/etc/passwd", "~/.ssh/id_rsa", "chat/../../outside/passwd",
                                 "..\\outside\\secret.csv", "file:///etc/passwd"])
def test_resolve_refuses_paths_out(arena, raw):
    ws = Workspace(arena["base"] / "chat")
    with pytest.raises(ValueError, match="Fix"):
        ws.resolve(raw)


# Spreadsheets run a cell as a formula when it starts with one of these; a plain number ("-1") is safe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_formula(cell: str) -> bool:
    try:
        float(cell)
        return False
    except ValueError:
        return cell.startswith(FORMULA_START)


@pytest.mark.slow
def test_real_tiny_runs_on_the_trainable_files(arena, tiny_bert, monkeypatch):
    """Where training makes sense, a real run (tiny model, child process) completes, and the predictions
    CSV the user downloads never holds a cell a spreadsheet would execute."""
    import csv

    runs = arena["base"] / "runs-real"  # apart from runs/, where the dry runs must leave nothing
    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(runs))

    cases = [c for c in arena["cases"].values() if c.trainable]
    assert {"formulas", "prompt_injection", "nan_and_empty_labels", "cp949"} <= {c.name for c in cases}
    started = {c.name: start_training(str(arena["base"] / "corpus" / c.file),
                                      **tiny(tiny_bert, epochs=1, save_steps=50)) for c in cases}
    for name, run in started.items():  # they queue and train one at a time
        st = wait(run["run_id"], timeout=300)
        assert st["status"] == "completed", (name, st["error"])
        run_dir = Path(run["run_dir"])
        assert run_dir.parent == runs
        labels = read_json(run_dir / "labels.json")["labels"]
        assert not {"NaN", "nan", "null", "NA", ""} & set(labels), (name, labels)  # placeholders are not classes
        with open(run_dir / "predictions.csv", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0] == ["text", "label", "predicted", "score", "correct"] and len(rows) > 1
        bad = [cell for row in rows for cell in row if _is_formula(cell)]
        assert not bad, (name, bad[:5])
        if name == "formulas":
            # every text and label started with a trigger: each comes back behind a leading apostrophe
            assert all(row[0].startswith("'") and row[1].startswith("'") and row[2].startswith("'") for row in rows[1:])
            assert {r[1].lstrip("'") for r in rows[1:]} <= {"=pos", "+neg"}
