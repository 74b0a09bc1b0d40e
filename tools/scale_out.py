"""Scale a run out when its model does not fit one GPU: an `accelerate` config and the launch commands.

FSDP (PyTorch's fully sharded data parallel, version 2) splits the weights, gradients and optimizer
state across the processes, so each GPU holds 1/N of them plus its own activations; DeepSpeed ZeRO-3
does the same and is offered when the `deepspeed` package is installed. The commands run the
export_script folder's train.py, which keeps the run's global batch however many processes share it
(so the metrics match a one-GPU run). Tested with 2 CPU processes (gloo) in tests/test_scale_out.py.
"""
from __future__ import annotations

import importlib.util
import math

import yaml

SHARDED_PARTS = ("weights", "trainable_and_gradients", "optimizer")  # of estimate.estimate_memory_gb
CONFIG_NAME = "accelerate_fsdp.yaml"
DEEPSPEED_CONFIG_NAME = "accelerate_zero3.yaml"
PORT = 29500


def processes_needed(memory: dict, gpu_gb: float) -> int | None:
    """Fewest processes whose 1/N share of the sharded memory plus their own activations fit `gpu_gb`."""
    sharded = sum(memory.get(k, 0.0) for k in SHARDED_PARTS)
    own = max(memory["total"] - sharded, 0.0)
    if own >= gpu_gb:
        return None  # activations alone do not fit: sharding cannot help (shorter texts or a smaller batch can)
    return max(2, math.ceil(sharded / (gpu_gb - own)))


def fsdp_config(num_processes: int, num_machines: int = 1, precision: str = "bf16") -> dict:
    """accelerate's config file for FSDP2 full sharding (--num_processes etc. on the command line override it)."""
    return {
        "compute_environment": "LOCAL_MACHINE", "distributed_type": "FSDP", "use_cpu": False,
        "num_machines": num_machines, "num_processes": num_processes, "machine_rank": 0,
        "main_process_port": PORT, "rdzv_backend": "static", "same_network": True, "main_training_function": "main",
        "mixed_precision": "no" if precision == "fp32" else precision, "downcast_bf16": "no",
        "fsdp_config": {
            "fsdp_version": 2,
            # the model's own _no_split_modules (its transformer block classes) become the shards
            "fsdp_auto_wrap_policy": "TRANSFORMER_BASED_WRAP",
            "fsdp_reshard_after_forward": True, "fsdp_offload_params": False,
            "fsdp_state_dict_type": "FULL_STATE_DICT",  # checkpoints and the adapter reload on any machine
            "fsdp_cpu_ram_efficient_loading": False, "fsdp_activation_checkpointing": False,
        },
    }


def zero3_config(num_processes: int, num_machines: int = 1, precision: str = "bf16") -> dict:
    return {
        "compute_environment": "LOCAL_MACHINE", "distributed_type": "DEEPSPEED", "num_machines": num_machines,
        "num_processes": num_processes, "machine_rank": 0, "main_training_function": "main",
        "mixed_precision": "no" if precision == "fp32" else precision,
        "deepspeed_config": {"zero_stage": 3, "zero3_init_flag": True, "zero3_save_16bit_model": True,
                             "offload_optimizer_device": "none", "offload_param_device": "none",
                             "gradient_accumulation_steps": 1},
    }


def launch_commands(per_node: int, num_machines: int, config_name: str = CONFIG_NAME) -> dict:
    """The `accelerate launch` line for one machine, and the line to run on each machine of a cluster
    (at least 2; --num_processes counts the processes of all machines together)."""
    machines = max(num_machines, 2)
    single = f"accelerate launch --config_file {config_name} --num_processes {per_node} train.py"
    multi = (f"accelerate launch --config_file {config_name} --num_machines {machines} "
             f"--num_processes {per_node * machines} --machine_rank <0..{machines - 1}> "
             f"--main_process_ip <address of machine 0> --main_process_port {PORT} train.py")
    return {"single_node": single, "multi_node": multi}


def scale_out_plan(memory: dict, gpu_gb: float, gpus_per_node: int, precision: str = "bf16") -> dict | None:
    """What to run when `memory` (an estimate for one process) exceeds `gpu_gb`; None when sharding cannot help."""
    n = processes_needed(memory, gpu_gb)
    if n is None:
        return None
    # this machine's GPUs per node; with a single GPU here, the 8-GPU node the run would move to
    per_node = gpus_per_node if gpus_per_node > 1 else 8
    machines = math.ceil(n / per_node)
    if machines == 1:
        per_node = n  # the fewest GPUs of this machine that hold the model
    processes = machines * per_node
    plan = {"engine": "fsdp", "num_processes": processes, "num_machines": machines,
            "config_name": CONFIG_NAME, "config": fsdp_config(processes, machines, precision),
            "commands": launch_commands(per_node, machines)}
    if importlib.util.find_spec("deepspeed") is not None:
        plan["deepspeed"] = {"config_name": DEEPSPEED_CONFIG_NAME,
                             "config": zero3_config(processes, machines, precision),
                             "commands": launch_commands(per_node, machines, DEEPSPEED_CONFIG_NAME)}
    return plan


def write_configs(folder, precision: str = "bf16") -> list[str]:
    """The FSDP config (and the ZeRO-3 one when deepspeed is installed) in an export_script folder."""
    written = [CONFIG_NAME]
    (folder / CONFIG_NAME).write_text(yaml.safe_dump(fsdp_config(8, 1, precision), sort_keys=False))
    if importlib.util.find_spec("deepspeed") is not None:
        (folder / DEEPSPEED_CONFIG_NAME).write_text(yaml.safe_dump(zero3_config(8, 1, precision), sort_keys=False))
        written.append(DEEPSPEED_CONFIG_NAME)
    return written
