"""Run directories: where they live and how a run id is found.

One directory per run under runs_root(): config.json, status.json, launch.json, progress.jsonl,
checkpoints/, adapter/, metrics.json, predictions.csv, confusion_matrix.png, loss.png, train.log.
status.json moves only forward (queued -> running -> completed | failed | cancelled) and back to queued
only through resume_training. The .json files are written whole (temp file + rename); progress.jsonl
grows a line at a time and its reader skips a half-written last line.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path

STARTUP_GRACE_S = 120  # how long a just-launched run may take to start before the queue skips it
LAUNCH = "launch.json"  # {"pid"} of the child, written by the process that started it (status.json is the child's)
TERMINAL = ("completed", "failed", "cancelled")  # final until resume_training queues the run again
COMPLETE = "COMPLETE"  # marker file: a checkpoint counts only once the Trainer finished writing it


def runs_root() -> Path:
    """$FINETUNE_ASSISTANT_RUNS, else ./runs in the current directory."""
    return Path(os.environ.get("FINETUNE_ASSISTANT_RUNS", "runs")).expanduser().resolve()


def read_json(path: Path, default=None):
    """A JSON file's content, or `default` when it is missing or half-written."""
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return default


def write_json(path: Path, data) -> None:
    """Write JSON atomically (temp file + rename), so readers never see half a file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")  # the app writes from threads
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    os.replace(tmp, path)


def list_run_dirs() -> list[Path]:
    """Every run directory, oldest first.

    Run ids start with a timestamp to the second, so runs started in the same second ("…-reviews",
    "…-other", "…-reviews-2") are put in the order they were created (status.json's created_at)."""
    root = runs_root()
    if not root.is_dir():
        return []
    dirs = [p for p in root.iterdir() if p.is_dir() and (p / "config.json").is_file()]

    def started(p: Path) -> tuple:
        created = (read_json(p / "status.json", {}) or {}).get("created_at")
        return p.name[:15], created if isinstance(created, (int, float)) else float("inf"), p.name

    return sorted(dirs, key=started)


def find_run(run_id: str | None = None, *, completed: bool = False) -> Path:
    """The directory of `run_id`; None means the latest run (the latest completed one if `completed`)."""
    if run_id:
        run_id = str(run_id).strip()
        path = runs_root() / run_id
        if "/" in run_id or "\\" in run_id or run_id in (".", "..") or not (path / "config.json").is_file():
            known = ", ".join(p.name for p in list_run_dirs()[-5:]) or "none yet"
            raise ValueError(f"No training run called {run_id!r}. Fix: use one of the recent runs ({known}) "
                             "or leave run_id empty for the latest.")
        return path
    dirs = list_run_dirs()
    if completed:
        dirs = [d for d in dirs if (read_json(d / "status.json", {}) or {}).get("status") == "completed"]
    if not dirs:
        what = "completed training run" if completed else "training run"
        raise ValueError(f"There is no {what} yet. Fix: start one with start_training (or wait for the current "
                         "one to finish).")
    return dirs[-1]


def read_jsonl(path: Path) -> list[dict]:
    """Every complete JSON line of a file (a half-written last line is skipped)."""
    out = []
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return out
    for line in lines:
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict):
            out.append(item)
    return out


def pid_alive(pid) -> bool:
    """Whether a training process still runs (zombies and reused pids count as dead)."""
    if not pid:
        return False
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError):
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
        return "tools.train" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return True  # no /proc (macOS): trust kill(0)


def record_launch(run_dir: Path, pid: int) -> None:
    """The starter's note of its child's pid, in a file of its own: writing it into status.json would race
    with the child's own updates (one of the two read-modify-writes would undo the other)."""
    write_json(Path(run_dir) / LAUNCH, {"pid": pid, "launched_at": time.time()})


def run_pid(run_dir: Path, st: dict) -> int | None:
    """The pid of the run's current process: the one it wrote itself, else the one its starter recorded."""
    return st.get("pid") or (read_json(Path(run_dir) / LAUNCH, {}) or {}).get("pid")


def queued_before(run_dir: Path) -> bool:
    """Whether an older run is still waiting in the queue (so it should start first)."""
    mine = (read_json(run_dir / "status.json", {}) or {}).get("queued_at") or 0
    for other in list_run_dirs():
        if other == run_dir:
            continue
        st = read_json(other / "status.json", {}) or {}
        if st.get("status") != "queued" or (st.get("queued_at") or 0) >= mine:
            continue
        # An older run whose child has not written its pid yet (still starting up) also goes first.
        pid = run_pid(other, st)
        starting = not pid and time.time() - (st.get("queued_at") or 0) < STARTUP_GRACE_S
        if starting or pid_alive(pid):
            return True
    return False


def checkpoint_manifest(ckpt: Path) -> dict:
    """{relative path: {"size", "sha256"}} of every file in a checkpoint (written into its COMPLETE marker)."""
    files = {}
    for f in sorted(p for p in Path(ckpt).rglob("*") if p.is_file() and not p.name.startswith((COMPLETE, f".{COMPLETE}"))):
        files[str(f.relative_to(ckpt))] = {"size": f.stat().st_size, "sha256": file_sha256(f)}
    return files


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read 1 MiB at a time (checkpoints and data files can be large)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def checkpoint_problem(ckpt: Path, deep: bool = False) -> str | None:
    """Why a checkpoint must not be loaded, or None when it is usable.

    Sizes are always compared with the manifest in its COMPLETE marker (cheap: training_status
    polls this); `deep` also compares checksums, which train.py does once before resuming.
    """
    ckpt = Path(ckpt)
    marker = ckpt / COMPLETE
    if not marker.is_file():
        return "it was never finished (no COMPLETE marker: the run stopped while writing it)"
    if read_json(ckpt / "trainer_state.json") is None:
        return "its trainer_state.json is missing or unreadable"
    manifest = read_json(marker)
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        return None  # a marker from before manifests: the marker and a readable state are all we can check
    for name, want in manifest["files"].items():
        f = ckpt / name
        if not f.is_file():
            return f"{name} is missing"
        size = f.stat().st_size
        if size != want.get("size"):
            return f"{name} is truncated or changed ({size:,} bytes, {want.get('size'):,} when written)"
        if deep:
            if file_sha256(f) != want.get("sha256"):
                return f"{name} is corrupt (its checksum differs from when it was written)"
    return None


def _checkpoint_dirs(run_dir: Path) -> list[tuple[int, Path]]:
    found = []
    for d in (Path(run_dir) / "checkpoints").glob("checkpoint-*"):
        step = d.name.rsplit("-", 1)[-1]
        if step.isdigit() and d.is_dir():
            found.append((int(step), d))
    return sorted(found)


def checkpoint_verdicts(run_dir: Path, deep: bool = False) -> list[tuple[Path, str | None]]:
    """(checkpoint, why it must not be loaded or None), oldest first: one pass, so the deep check
    reads each file once for callers that need both the usable and the broken ones."""
    return [(d, checkpoint_problem(d, deep)) for _, d in _checkpoint_dirs(run_dir)]


def complete_checkpoints(run_dir: Path, deep: bool = False) -> list[Path]:
    """Checkpoints that were fully written and are intact, oldest first; the others are never loaded."""
    return [d for d, why in checkpoint_verdicts(run_dir, deep) if why is None]
