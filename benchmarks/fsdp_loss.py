"""FSDP on 2 CPU processes (gloo) against 1 process: the training loss, a checkpoint and a resume.

accelerate 1.15 turns FSDP on only for GPU-family devices (AcceleratorState sets DistributedType.FSDP
in the multi-GPU branch; 2 CPU processes become MULTI_CPU, i.e. data parallel), so on a CPU the
sharding itself is exercised here with PyTorch's FSDP2 (`fully_shard`, the engine accelerate's
fsdp_version 2 uses) on the model and data of an export_script folder (tools/standalone_train.py's
build_model / tokenize): every transformer block and then the whole model are sharded, each process
takes its half of every batch of the run, and a checkpoint is written with torch.distributed.checkpoint
and resumed. Writes benchmarks/results/fsdp_loss.json (max |loss difference| per step).

    python benchmarks/fsdp_loss.py --folder RUN_DIR/train_script [--steps 12] [--checkpoint_at 6]
    (the worker mode runs under torch.distributed.run; the main mode starts it)
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load_train_py(folder: Path):
    spec = importlib.util.spec_from_file_location("standalone_train", folder / "train.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def worker(folder: Path, steps: int, out: Path, checkpoint_at: int | None, resume: Path | None) -> None:
    import torch
    import torch.distributed as dist
    import torch.distributed.checkpoint as dcp
    from torch.distributed.checkpoint.state_dict import get_state_dict, set_state_dict
    from torch.distributed.fsdp import fully_shard

    world, rank = int(os.environ.get("WORLD_SIZE", "1")), int(os.environ.get("RANK", "0"))
    if world > 1:
        dist.init_process_group("gloo")
    train = _load_train_py(folder)
    # fp32 weights whatever the run used: the check is the sharding, and fp32 lets 1 and 2 processes agree closely
    cfg = {**json.loads((folder / "config.json").read_text()), "precision": "fp32"}
    labels = json.loads((folder / "labels.json").read_text())["labels"]
    index = {lab: i for i, lab in enumerate(labels)}
    rows = [{"text": r["text"], "label": index[r["label"]]} for r in train.read_jsonl(folder / "data" / "train.jsonl")]
    torch.manual_seed(cfg["seed"])
    model, tokenizer = train.build_model(cfg, labels)
    model.train()
    if world > 1:
        blocks = set(getattr(model.base_model.model, "_no_split_modules", None) or [])
        for module in model.modules():
            if type(module).__name__ in blocks:
                fully_shard(module)
        fully_shard(model)
    # the share of the weights this process holds: 1/world when the model is really sharded
    local = sum(p.to_local().numel() if hasattr(p, "to_local") else p.numel() for p in model.parameters())
    share = local / sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg["learning_rate"])
    ds = train.tokenize(rows, tokenizer, cfg)
    collate = train.DataCollatorWithPadding(tokenizer)
    order = torch.randperm(len(ds), generator=torch.Generator().manual_seed(cfg["seed"])).tolist()
    batch = cfg["batch_size"]
    start = 0
    if resume is not None:
        model_sd, optim_sd = get_state_dict(model, optimizer)
        state = {"model": model_sd, "optim": optim_sd}
        dcp.load(state, checkpoint_id=str(resume))
        set_state_dict(model, optimizer, model_state_dict=state["model"], optim_state_dict=state["optim"])
        start = json.loads((resume / "step.json").read_text())["step"]
    losses = []
    for step in range(start, steps):
        ids = [order[(step * batch + j) % len(order)] for j in range(batch)]
        mine = ids[rank::world]  # each process takes its share of the run's batch
        enc = collate([ds[i] for i in mine])
        loss = model(**enc).loss
        loss.backward()  # FSDP averages the gradients over the processes: the gradient of the whole batch
        optimizer.step()
        optimizer.zero_grad()
        seen = loss.detach().clone()
        if world > 1:
            dist.all_reduce(seen)
            seen /= world
        losses.append(round(float(seen), 6))
        if checkpoint_at is not None and step + 1 == checkpoint_at:
            model_sd, optim_sd = get_state_dict(model, optimizer)
            dcp.save({"model": model_sd, "optim": optim_sd}, checkpoint_id=str(out.parent / "checkpoint"))
            if rank == 0:
                (out.parent / "checkpoint" / "step.json").write_text(json.dumps({"step": step + 1}))
    if rank == 0:
        out.write_text(json.dumps({"world": world, "start": start, "losses": losses, "weight_share": round(share, 3)}))
    if world > 1:
        dist.destroy_process_group()


def launch(folder: Path, processes: int, steps: int, workdir: Path, checkpoint_at=None, resume=None) -> dict:
    """Run the worker under torch.distributed.run with `processes` CPU processes; its loss record."""
    workdir.mkdir(parents=True, exist_ok=True)
    out = workdir / "losses.json"
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={processes}",
           __file__, "worker", "--folder", str(folder), "--steps", str(steps), "--out", str(out)]
    if checkpoint_at:
        cmd += ["--checkpoint_at", str(checkpoint_at)]
    if resume:
        cmd += ["--resume", str(resume)]
    env = dict(os.environ, OMP_NUM_THREADS="1", HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"FSDP worker failed ({processes} processes):\n{done.stderr[-3000:]}")
    return json.loads(out.read_text())


def compare(folder: Path, steps: int, checkpoint_at: int, workdir: Path) -> dict:
    t0 = time.time()
    one = launch(folder, 1, steps, workdir / "one")
    two = launch(folder, 2, steps, workdir / "two", checkpoint_at=checkpoint_at)
    resumed = launch(folder, 2, steps, workdir / "resumed", resume=workdir / "two" / "checkpoint")
    diff = max(abs(a - b) for a, b in zip(one["losses"], two["losses"]))
    resume_diff = max(abs(a - b) for a, b in zip(two["losses"][checkpoint_at:], resumed["losses"]))
    return {"steps": steps, "checkpoint_at": checkpoint_at, "losses_1_process": one["losses"],
            "losses_2_processes_fsdp": two["losses"], "losses_resumed_fsdp": resumed["losses"],
            "weight_share_per_process": {"1": one["weight_share"], "2": two["weight_share"]},
            "max_abs_loss_difference": round(diff, 6), "max_abs_resume_difference": round(resume_diff, 6),
            "seconds": round(time.time() - t0, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", nargs="?", default="compare", choices=("compare", "worker"))
    parser.add_argument("--folder", required=True, type=Path, help="an export_script folder")
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--checkpoint_at", type=int, default=None)
    parser.add_argument("--resume", type=Path, default=None)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.mode == "worker":
        worker(args.folder, args.steps, args.out, args.checkpoint_at, args.resume)
        return
    with tempfile.TemporaryDirectory() as tmp:
        result = compare(args.folder, args.steps, args.checkpoint_at or args.steps // 2, Path(tmp))
    result["what"] = "FSDP2 (fully_shard, gloo) on 2 CPU processes vs 1 process, same global batches; resume"
    dest = ROOT / "benchmarks" / "results" / "fsdp_loss.json"
    dest.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
