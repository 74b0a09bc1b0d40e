"""Peak memory and wall-time estimates for a training config, from the architecture's numbers.

Memory = runtime + weights + adapters/trainable weights + gradients + AdamW states +
activations (+ logits for causal LMs). Activation counts per token and layer follow the
usual transformer bookkeeping (Korthikanti et al. 2022) and were checked against measured
peak RSS by benchmarks/memory_estimate.py. Time = FLOPs per token x tokens / measured
throughput of the device.
"""
from __future__ import annotations

from tools.catalog import BaseModel

GB = 2**30
# Resident memory of a Python process with torch + transformers + peft imported, measured here.
CPU_RUNTIME_GB = 0.45
CUDA_CONTEXT_GB = 0.6
# Freed activation memory is not all reusable at once (allocator caching, fragmentation):
# measured peaks sit about 25% above the live tensors.
ALLOCATOR_SLACK = 1.25
# Sustained training throughput of one CPU core in fp32 GFLOP/s, and the fixed cost per example
# and layer (collating, many small kernels), fitted on 2 cores to bare-loop runs of MiniLM (full,
# 64 tokens: 28 ms/example), Gemma 3 270M (LoRA top half, 24 and 48 tokens: 46 and 87 ms) and
# Qwen 0.5B (LoRA, 64 tokens: 590 ms), and to whole runs (benchmarks/train_quality.py: MiniLM
# 9-17 ms/example on TREC/SST-2, Gemma 65 ms on NSMC).
CPU_GFLOPS_PER_CORE = 100.0
# bf16 autocast on a CPU with AVX512-BF16/AMX, measured per training step on 2 cores: MiniLM 1.6x,
# Gemma 3 270M + LoRA 2.4x; a whole NSMC run (Gemma, LoRA) went from 16 to 28 examples/s.
CPU_BF16_SPEEDUP = 2.0
CPU_SECONDS_PER_EXAMPLE_LAYER = 0.0012  # on 2 cores; scales with 2 / cores
# LoRA dropout copies each adapted layer's input, per token and input feature, in the forward and
# backward pass: fp32 seconds on 2 cores, fitted to Gemma 3 270M runs on NSMC (all 7 linear layers of
# all 18 blocks: 65 ms/example with dropout 0.05, 48 without; a per-step microbenchmark agrees).
CPU_DROPOUT_SECONDS_PER_TOKEN_FEATURE = 1.1e-8
STARTUP_SECONDS = 30  # child process, imports, baselines, tokenising
# Dense bf16/fp16 peak TFLOP/s by GPU name; training reaches ~35% of it (model FLOPs utilisation).
GPU_PEAK_TFLOPS = {"h200": 989, "h100": 989, "a100": 312, "a10": 125, "l40": 181, "l4": 121, "4090": 165,
                   "3090": 71, "a6000": 155, "v100": 125, "t4": 65, "4080": 97, "3080": 60}
GPU_MFU = 0.35


def _bytes(precision: str) -> int:
    return 4 if precision == "fp32" else 2


def linear_shapes(m: BaseModel) -> dict[str, tuple[int, int]]:
    """(in, out) of each linear layer name in one transformer block."""
    h, i = m.hidden, m.intermediate
    if m.kind == "encoder":  # BERT family: "dense" covers attention output and both FFN layers
        return {"query": (h, h), "key": (h, h), "value": (h, h), "attn_dense": (h, h),
                "ffn_in": (h, i), "ffn_out": (i, h)}
    kv = max(h // 4, 128)  # grouped-query attention: k/v are a fraction of q in all catalog decoders
    return {"q_proj": (h, h), "k_proj": (h, kv), "v_proj": (h, kv), "o_proj": (h, h),
            "gate_proj": (h, i), "up_proj": (h, i), "down_proj": (i, h)}


def _targeted(m: BaseModel, targets: list[str]) -> list[tuple[int, int]]:
    shapes = linear_shapes(m)
    out = []
    for name, shape in shapes.items():
        key = "dense" if name in ("attn_dense", "ffn_in", "ffn_out") else name
        if key in targets or name in targets:
            out.append(shape)
    return out


def block_params(m: BaseModel) -> int:
    return sum(a * b for a, b in linear_shapes(m).values())


def trainable_params(m: BaseModel, method: str, r: int, targets: list[str], n_layers: int,
                     num_labels: int) -> int:
    head = m.hidden * max(num_labels, 1)
    if method == "full":
        return int(m.params_m * 1e6)
    return n_layers * sum(r * (a + b) for a, b in _targeted(m, targets)) + head


def estimate_memory_gb(m: BaseModel, *, method: str, precision: str, batch_size: int, seq_len: int,
                       task: str, lora_r: int, targets: list[str], lora_layers: int | None,
                       gradient_checkpointing: bool, device: str, num_labels: int = 2) -> dict:
    """Peak memory of one training process, by component, in GB."""
    a = _bytes(precision)
    params = m.params_m * 1e6
    emb = m.vocab * m.hidden
    body = params - emb
    if method == "qlora":  # NF4 linear weights (0.5 B + absmax); embeddings stay in compute dtype
        weights = body * 0.5625 + emb * a
    else:
        weights = params * (4 if method == "full" else a)
    n_layers = lora_layers or m.layers
    trainable = trainable_params(m, method, lora_r, targets, n_layers, num_labels)
    grads = trainable * 4
    optimizer = trainable * 8  # AdamW: two fp32 moments
    master = trainable * 4 if method != "full" else 0  # fp32 adapter weights
    tokens = batch_size * seq_len
    # Per token and layer, the tensors kept for backward: decoders ~10 hidden-sized and 4
    # intermediate-sized ones (gate, up, act(gate), their product); BERT-style encoders train
    # with dropout everywhere, which keeps masks and copies: ~14 hidden- and 3 intermediate-sized,
    # plus the attention matrix (scores, probabilities, dropout mask), since attention dropout
    # rules out the fused kernel.
    if m.kind == "decoder":
        per_layer = tokens * (10 * m.hidden + 4 * m.intermediate) * a
    else:
        per_layer = tokens * (14 * m.hidden + 3 * m.intermediate) * a
        per_layer += batch_size * m.heads * seq_len * seq_len * (3 * a + 1)
    if method != "full":  # peft keeps a dropout copy of each adapted layer's input and adds an output
        per_layer += tokens * sum(x + y for x, y in _targeted(m, targets)) * a
    # Backward only reaches down to the lowest adapted layer; checkpointing keeps layer inputs only.
    layers_kept = m.layers if method == "full" or lora_layers is None else lora_layers
    activations = (tokens * m.hidden * a * layers_kept + per_layer if gradient_checkpointing
                   else per_layer * layers_kept)
    activations *= ALLOCATOR_SLACK
    logits = tokens * m.vocab * 4 * 3 if task == "generation" else 0  # fp32 logits, log-softmax, grad
    runtime = CPU_RUNTIME_GB * GB if device == "cpu" else CUDA_CONTEXT_GB * GB
    parts = {"runtime": runtime, "weights": weights, "trainable_and_gradients": master + grads,
             "optimizer": optimizer, "activations": activations, "logits": logits}
    gb = {k: round(v / GB, 2) for k, v in parts.items()}
    gb["total"] = round(sum(parts.values()) / GB, 2)
    gb["trainable_params"] = int(trainable)
    return gb


def flops_per_token(m: BaseModel, *, method: str, task: str, seq_len: int, lora_layers: int | None) -> float:
    """Training FLOPs per token: forward 2P, backward 2P for activations (+2P weights if full)."""
    body = block_params(m)
    attn = 4 * seq_len * m.hidden  # QK^T and AV per token and layer
    per_layer_fwd = 2 * body + attn
    if method == "full":
        total = 3 * per_layer_fwd * m.layers
    else:
        back_layers = lora_layers or m.layers
        total = per_layer_fwd * m.layers + 2 * per_layer_fwd * back_layers
    if task == "generation":
        total += 4 * m.hidden * m.vocab  # LM head forward + gradient w.r.t. its input
    return float(total)


def device_gflops(hardware: dict, precision: str) -> float:
    """Sustained training throughput of the device in GFLOP/s."""
    gpus = hardware.get("gpus") or []
    if hardware.get("device") == "cuda" and gpus:
        name = gpus[0]["name"].lower()
        peak = next((v for k, v in GPU_PEAK_TFLOPS.items() if k in name), 60)
        if precision == "fp32":
            peak /= 8  # no tensor-core bf16/fp16 path
        return peak * 1000 * GPU_MFU * len(gpus)
    if hardware.get("device") == "mps":
        return 2000.0
    return CPU_GFLOPS_PER_CORE * _cpu_speedup(hardware, precision) * max(1, hardware.get("cpu_cores") or 1)


def _cpu_speedup(hardware: dict, precision: str) -> float:
    """How much faster than fp32 this CPU trains in this precision (bf16 only where it is native)."""
    return CPU_BF16_SPEEDUP if precision == "bf16" and hardware.get("cpu_bf16") else 1.0


def estimate_minutes(m: BaseModel, *, method: str, task: str, precision: str, train_examples: int,
                     eval_examples: int, epochs: float, tokens_per_example: float, lora_layers: int | None,
                     hardware: dict, lora_targets: list[str], lora_dropout: float,
                     measured_seconds_per_example: float | None = None) -> float:
    """Wall minutes for training plus evaluation, excluding the one-time model conversion.

    measured_seconds_per_example (tools/time_probe.py: real steps of this config on this machine)
    replaces the constants' training time, and scales the evaluation by the same measured/constant ratio.
    """
    gflops = device_gflops(hardware, precision) * 1e9
    fpt = flops_per_token(m, method=method, task=task, seq_len=int(tokens_per_example), lora_layers=lora_layers)
    overhead = dropout = 0.0
    if hardware.get("device") == "cpu":
        cores, speedup = max(1, hardware.get("cpu_cores") or 1), _cpu_speedup(hardware, precision)
        # small matmuls dominate the per-example overhead, and bf16 speeds them up too
        overhead = CPU_SECONDS_PER_EXAMPLE_LAYER * m.layers * 2 / cores / speedup
        if method != "full" and lora_dropout > 0:  # evaluation runs without dropout
            features = sum(a for a, _ in _targeted(m, lora_targets)) * (lora_layers or m.layers)
            dropout = CPU_DROPOUT_SECONDS_PER_TOKEN_FEATURE * tokens_per_example * features * 2 / cores / speedup
    per_example = overhead + dropout + tokens_per_example * fpt / gflops
    scale = measured_seconds_per_example / per_example if measured_seconds_per_example else 1.0
    train_s = train_examples * epochs * per_example * scale
    eval_fpt = 2 * block_params(m) * m.layers + (2 * m.hidden * m.vocab if task == "generation" else 0)
    evaluations = 1 + (int(epochs) if epochs >= 2 else 0)  # one per epoch when there are several, plus the final
    eval_s = eval_examples * evaluations * (overhead / 3 + tokens_per_example * eval_fpt / gflops) * scale
    load_s = STARTUP_SECONDS + m.params_m * 0.02
    return round((train_s + eval_s + load_s) / 60, 1)
