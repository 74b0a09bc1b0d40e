"""Scale-out: the FSDP accelerate config and launch commands for a model too big for one GPU, and the
exported train.py on 2 CPU processes (gloo): it trains, checkpoints, resumes, and matches 1 process.

accelerate 1.15 enables FSDP only on GPU-family devices (2 CPU processes run data parallel), so the
sharding itself is checked with PyTorch's FSDP2 by benchmarks/fsdp_loss.py on the same folder."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools import recommend, scale_out

ROOT = Path(__file__).resolve().parents[1]
LOSS_TOLERANCE = 1e-4  # per logged step, 1 vs 2 processes over the same global batches (fp32, no dropout)


def _memory(total, sharded):
    return {"runtime": 0.5, "weights": sharded * 0.5, "trainable_and_gradients": sharded * 0.1,
            "optimizer": sharded * 0.4, "activations": total - sharded - 0.5, "logits": 0.0, "total": total}


def test_processes_cover_the_sharded_memory_and_leave_room_for_activations():
    assert scale_out.processes_needed(_memory(30.0, 26.0), 20.0) == 2  # 26/2 + 4 = 17 <= 20
    assert scale_out.processes_needed(_memory(200.0, 190.0), 20.0) == 19
    assert scale_out.processes_needed(_memory(30.0, 5.0), 20.0) is None  # activations alone do not fit


def test_multi_node_plan_names_every_launch_flag():
    plan = scale_out.scale_out_plan(_memory(400.0, 390.0), 40.0, gpus_per_node=8)
    assert plan["engine"] == "fsdp" and plan["num_machines"] == 2 and plan["num_processes"] == 16
    multi = plan["commands"]["multi_node"]
    for flag in ("--num_machines 2", "--num_processes 16", "--machine_rank", "--main_process_ip",
                 "--main_process_port 29500", "--config_file accelerate_fsdp.yaml"):
        assert flag in multi
    assert plan["config"]["fsdp_config"]["fsdp_version"] == 2 and plan["config"]["distributed_type"] == "FSDP"
    assert ("deepspeed" in plan) == (__import__("importlib").util.find_spec("deepspeed") is not None)


def test_written_config_is_one_accelerate_reads(tmp_path):
    from accelerate.commands.config.config_args import load_config_from_file

    assert scale_out.write_configs(tmp_path, "bf16")[0] == "accelerate_fsdp.yaml"
    cfg = load_config_from_file(str(tmp_path / "accelerate_fsdp.yaml"))
    assert cfg.distributed_type == "FSDP" and cfg.fsdp_config["fsdp_auto_wrap_policy"] == "TRANSFORMER_BASED_WRAP"
    assert cfg.mixed_precision == "bf16"


def test_recommendation_for_a_model_too_big_for_one_gpu_adds_the_fsdp_plan(monkeypatch):
    monkeypatch.setattr(recommend, "hub_reachable", lambda: True)
    gpu = {"name": "Tesla T4", "memory_gb": 16, "free_gb": 15.2, "bf16": False, "compute_capability": "7.5"}
    hw = {"device": "cuda", "gpus": [gpu, gpu], "cpu_cores": 8, "ram_gb": 64, "free_ram_gb": 50,
          "bitsandbytes_4bit": True, "bitsandbytes_detail": "test"}
    report = {"path": "data.csv", "task": "generation", "language": "en", "rows": 8000, "labels": {},
              "token_lengths": {"p50": 200, "p95": 600, "max": 1200}, "text_column": "text", "label_column": None}
    big = recommend.recommend_for(report, hw, base_model="Qwen/Qwen2.5-7B-Instruct", method="lora")
    assert big["estimated_memory_gb"] > 15.2 * recommend.MEMORY_HEADROOM
    assert big["scale_out"]["num_processes"] >= 2
    assert big["scale_out"]["commands"]["single_node"] in big["reasons"][-1]
    ko = recommend.recommend_for(report, hw, base_model="Qwen/Qwen2.5-7B-Instruct", method="lora", lang="ko")
    assert "FSDP" in ko["reasons"][-1] and "GPU" in ko["reasons"][-1] and "나눠" in ko["reasons"][-1]
    small = recommend.recommend_for(report, hw)
    assert "scale_out" not in small


# --- the exported script on 2 CPU processes -------------------------------------------------------------

@pytest.fixture(scope="module")
def script_folder(tmp_path_factory):
    """export_script of a tiny run on a dropout-free 2-layer BERT (so 1 and 2 processes can agree exactly)."""
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    from tools.export_script import export_script
    from tools.models import MINILM, embedded_model_dir
    from training_kit import completed_run

    root = tmp_path_factory.mktemp("scale-out")
    tok = AutoTokenizer.from_pretrained(embedded_model_dir(MINILM))
    cfg = BertConfig(vocab_size=tok.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                     intermediate_size=64, max_position_embeddings=128, hidden_dropout_prob=0.0,
                     attention_probs_dropout_prob=0.0)
    BertForSequenceClassification(cfg).save_pretrained(root / "bert")
    tok.save_pretrained(root / "bert")
    run = completed_run(root, str(root / "bert"), epochs=2, lora_dropout=0.0, save_steps=5, logging_steps=1)
    os.environ["FINETUNE_ASSISTANT_RUNS"] = str(run.parent)
    try:
        out = export_script(run.name)
    finally:
        del os.environ["FINETUNE_ASSISTANT_RUNS"]
    return Path(out["path"])


def _launch(folder: Path, processes: int, output: Path, *extra: str) -> list[dict]:
    launcher = [sys.executable, "-m", "accelerate.commands.launch", "--config_file",
                str(folder / "accelerate_fsdp.yaml"), "--num_processes", str(processes), "--main_process_port", "0",
                "--mixed_precision", "no"]  # the config is for GPUs (bf16); this CPU check runs fp32
    cmd = (launcher if processes > 1 else [sys.executable]) + [str(folder / "train.py"), "--output_dir", str(output),
                                                              *extra]
    env = dict(os.environ, HF_HUB_OFFLINE="1", OMP_NUM_THREADS="1", TOKENIZERS_PARALLELISM="false")
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return [e for e in json.loads((output / "log_history.json").read_text()) if "loss" in e]


@pytest.mark.slow
def test_two_processes_train_checkpoint_resume_and_match_one(script_folder, tmp_path):
    one = _launch(script_folder, 1, tmp_path / "one")
    two = _launch(script_folder, 2, tmp_path / "two")
    assert [e["step"] for e in one] == [e["step"] for e in two]  # the run's batch is split, not doubled
    assert max(abs(a["loss"] - b["loss"]) for a, b in zip(one, two)) <= LOSS_TOLERANCE
    assert (tmp_path / "two" / "adapter" / "adapter_config.json").is_file()
    metrics = json.loads((tmp_path / "two" / "metrics.json").read_text())
    assert metrics == json.loads((tmp_path / "one" / "metrics.json").read_text())
    checkpoints = sorted((tmp_path / "two" / "checkpoints").glob("checkpoint-*"), key=lambda p: int(p.name[11:]))
    assert len(checkpoints) == 2
    shutil.rmtree(checkpoints[-1])  # as if killed after the earlier checkpoint
    resumed = _launch(script_folder, 2, tmp_path / "two", "--resume")
    start = int(checkpoints[0].name[11:])
    after = {e["step"]: e["loss"] for e in two if e["step"] > start}
    again = {e["step"]: e["loss"] for e in resumed if e["step"] > start}
    assert after and again.keys() == after.keys()
    assert max(abs(after[s] - again[s]) for s in after) <= LOSS_TOLERANCE
    assert json.loads((tmp_path / "two" / "metrics.json").read_text()) == metrics


@pytest.mark.slow
def test_fsdp_shards_the_model_over_two_cpu_processes_and_matches_one(script_folder, tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import fsdp_loss
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    result = fsdp_loss.compare(script_folder, steps=6, checkpoint_at=3, workdir=tmp_path)
    assert result["weight_share_per_process"]["1"] == 1.0
    assert result["weight_share_per_process"]["2"] < 0.6  # each process holds about half of the weights
    assert result["max_abs_loss_difference"] <= LOSS_TOLERANCE
    assert len(result["losses_resumed_fsdp"]) == 3 and result["max_abs_resume_difference"] <= LOSS_TOLERANCE
