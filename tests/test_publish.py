"""publish_model: the model card (data, metrics beside the baselines, config, limitations) is always
written; the Hub is contacted only with a repo id, a token and HF_HUB_OFFLINE unset."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools import publish
from tools.publish import publish_model


def _run(root: Path, status: str = "completed") -> Path:
    d = root / "20260101-000000-reviews"
    (d / "adapter").mkdir(parents=True)
    (d / "adapter" / "adapter_config.json").write_text("{}")
    (d / "config.json").write_text(json.dumps({
        "dataset_path": "/data/reviews.csv", "task": "classification", "base_model": "org/tiny-bert",
        "method": "lora", "lora_r": 8, "learning_rate": 0.0005, "epochs": 3, "seed": 42, "language": "en"}))
    (d / "status.json").write_text(json.dumps({"status": status}))
    (d / "metrics.json").write_text(json.dumps({
        "metrics": {"accuracy": 0.91, "f1_macro": 0.9, "n": 200},
        "baseline": {"majority": {"accuracy": 0.5, "f1_macro": 0.33, "n": 200},
                     "tfidf_logreg": {"accuracy": 0.8, "f1_macro": 0.79, "n": 200}},
        "train": {"examples": 1800, "rows_available": 1800, "epochs": 3, "final_train_loss": 0.21},
        "label_counts_train": {"pos": 900, "neg": 900}}))
    return d


@pytest.fixture
def run_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(tmp_path))
    return _run(tmp_path)


class RecordingApi:
    """Stands in for huggingface_hub.HfApi: records what would be uploaded, touches no network."""
    calls: list = []

    def create_repo(self, repo_id, **kw):
        self.calls.append(("create_repo", repo_id, kw))
        return f"https://huggingface.co/{repo_id}"

    def upload_folder(self, *, folder_path, repo_id, **kw):
        self.calls.append(("upload_folder", repo_id, sorted(p.name for p in Path(folder_path).iterdir()),
                           (Path(folder_path) / "README.md").read_text()))


class NoNetworkApi:
    def __getattr__(self, name):
        raise AssertionError("the Hub must not be contacted")


def test_offline_writes_the_card_and_names_the_publish_command(run_dir, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr("huggingface_hub.HfApi", NoNetworkApi)
    out = publish_model(repo_id="me/reviews-lora")
    assert out["published"] is False and out["reason"] == "HF_HUB_OFFLINE is set"
    assert out["command"].startswith("hf auth login && hf upload me/reviews-lora ")
    assert str(run_dir / "adapter") in out["command"] and "README.md" in out["command"]
    card = (run_dir / "README.md").read_text()
    assert Path(out["card_path"]) == run_dir / "README.md"
    assert "base_model: org/tiny-bert" in card and "library_name: peft" in card
    assert "| accuracy | 0.91 | 0.5 | 0.8 |" in card and "| f1_macro | 0.9 | 0.33 | 0.79 |" in card
    assert "1800 training examples" in card and "pos: 900, neg: 900" in card
    assert '"learning_rate": 0.0005' in card and "## Limitations" in card and "en texts" in card


def test_no_repo_or_no_token_stays_local(run_dir, monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr("huggingface_hub.HfApi", NoNetworkApi)
    monkeypatch.setattr(publish, "_token", lambda: None)
    assert publish_model()["reason"] == "no repo_id was given"
    out = publish_model(repo_id="me/x")
    assert out["published"] is False and out["reason"] == "no Hugging Face token is stored"


def test_logged_in_and_online_uploads_the_adapter_with_the_card(run_dir, monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(publish, "_token", lambda: "hf_test")
    RecordingApi.calls = []
    monkeypatch.setattr("huggingface_hub.HfApi", RecordingApi)
    out = publish_model(repo_id="me/reviews-lora")
    assert out["published"] is True and out["url"] == "https://huggingface.co/me/reviews-lora"
    (_, repo, kw), (_, repo2, files, card) = RecordingApi.calls
    assert repo == repo2 == "me/reviews-lora" and kw["private"] is True
    assert files == ["README.md", "adapter_config.json"] and "| accuracy | 0.91 |" in card


def test_merged_needs_the_merged_export_first(run_dir):
    with pytest.raises(ValueError, match="format='merged'"):
        publish_model(merged=True)
    assert not (run_dir / "README.md").exists()


def test_a_failed_run_is_refused_and_no_card_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("FINETUNE_ASSISTANT_RUNS", str(tmp_path))
    d = _run(tmp_path, status="failed")
    with pytest.raises(ValueError, match="Fix: export a completed run"):
        publish_model(d.name)
    assert not (d / "README.md").exists()


def test_a_card_that_cannot_be_written_gives_a_fix_and_leaves_nothing(run_dir, monkeypatch):
    import errno

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(publish.os, "replace", full)
    with pytest.raises(ValueError, match="Could not write the model card.*Fix:"):
        publish_model()
    assert sorted(p.name for p in run_dir.iterdir()) == ["adapter", "config.json", "metrics.json", "status.json"]
