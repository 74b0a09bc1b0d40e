"""Shared pytest fixtures: small files written on the fly, and the shared real datasets when present."""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture
def write(tmp_path):
    """write(name, content, encoding="utf-8") → path of a file in tmp_path; bytes are written as they are."""
    def _write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            with open(path, "w", encoding=encoding, newline="") as f:
                f.write(content)
        return path
    return _write


@pytest.fixture
def shared_data() -> Path:
    """The shared real datasets (SST-2, NSMC, TREC, Alpaca subsets); the test is skipped without them."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory) -> str:
    """A 2-layer BERT with random weights and MiniLM's tokenizer: real mechanics, no download."""
    from training_kit import build_tiny_bert

    return build_tiny_bert(tmp_path_factory.mktemp("tiny-bert"))


@pytest.fixture
def runs(tmp_path, monkeypatch) -> Path:
    """A runs folder of the test's own: real tiny runs never see each other's or the user's runs."""
    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(tmp_path / "runs"))
    return tmp_path / "runs"


@pytest.fixture(autouse=True)
def _no_time_probe(monkeypatch):
    """Tests fake machines (cores, RAM, GPUs) that a real probe of this CPU would not describe, and probing
    real models would slow every recommendation: plans use the constants (tests/test_time_probe.py probes)."""
    monkeypatch.setenv("FINETUNE_ASSISTANT_NO_PROBE", "1")


@pytest.fixture(autouse=True)
def _scripted_models_route_alone(request, monkeypatch):
    """A scripted model plays the model's choice of tool, so the intent router (assistant/turn_route.py)
    stays out of its way; tests marked `router` and the real-model (`slow`) tests keep it on."""
    if "router" in request.keywords or "slow" in request.keywords:
        return
    from assistant import turn_route

    monkeypatch.setattr(turn_route, "route", lambda session, text, picked=None: None)


def pytest_terminal_summary(terminalreporter):
    """Peak memory of the test process and of its largest child (a training run): on a CI machine with
    24 GiB, a child killed without a word is most likely the out-of-memory killer, and this says how close."""
    import resource
    import sys

    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, KiB on Linux
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**30
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 2**30
    terminalreporter.write_line(f"peak memory: tests {me:.1f} GiB, largest child process {child:.1f} GiB")
