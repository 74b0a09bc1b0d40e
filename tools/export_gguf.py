"""GGUF export of a merged generation model with llama.cpp's own converter, checked by loading it back.

The maintained HF-to-GGUF converter is llama.cpp's convert_hf_to_gguf.py (with its conversion/
package); it is not published as a wheel, but the llama-cpp-python source release carries the
llama.cpp tree it builds. `python -m tools.export_gguf --install` copies the script out of that
release into CONVERTER_DIR with the tree's own gguf-py (the converter needs architectures newer than
the `gguf` 0.19 wheel knows, e.g. MODEL_ARCH.DFLASH, and puts its gguf-py first on its path) and
sentencepiece, which it imports — pip only, no compiler. The GGUF is written in f16
(llama-quantize makes smaller files from it), reloaded with transformers (which reads GGUF) and its
next-token choices compared with the merged PyTorch model on the run's sample prompts.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

CONVERTER_DIR = Path(os.environ.get("FINETUNE_ASSISTANT_GGUF_CONVERTER",
                                    "~/.cache/finetune-assistant/gguf-converter")).expanduser()
SOURCE_RELEASE = "llama-cpp-python==0.3.36"  # the llama.cpp tree it vendors: converter, conversion/, gguf-py/
INSTALL_COMMAND = "python -m tools.export_gguf --install"
ELSEWHERE = ("`python llama.cpp/convert_hf_to_gguf.py MERGED_FOLDER --outfile model.gguf --outtype f16` on a machine "
             "with a llama.cpp checkout")
TIMEOUT_S = 1800


PARTS = ("conversion", "gguf-py")  # folders of the llama.cpp tree the converter imports


def converter_ready() -> bool:
    return (CONVERTER_DIR / "convert_hf_to_gguf.py").is_file() and all((CONVERTER_DIR / p).is_dir() for p in PARTS)


def install_converter() -> Path:
    """Fetch llama-cpp-python's source release with pip and keep only llama.cpp's converter from it."""
    with tempfile.TemporaryDirectory() as tmp:
        pip = [sys.executable, "-m", "pip"]
        subprocess.run(pip + ["download", "--no-deps", "--no-binary", ":all:", SOURCE_RELEASE, "-d", tmp], check=True)
        archive = next(Path(tmp).glob("llama_cpp_python-*.tar.gz"))
        staged = Path(tmp) / "converter"
        with tarfile.open(archive) as tar:
            wanted = [m for m in tar.getmembers() if "/vendor/llama.cpp/convert_hf_to_gguf.py" in m.name
                      or any(f"/vendor/llama.cpp/{part}/" in m.name for part in PARTS)]
            tar.extractall(Path(tmp) / "src", members=wanted, filter="data")
        root = next((Path(tmp) / "src").glob("*/vendor/llama.cpp"))
        staged.mkdir()
        shutil.copy(root / "convert_hf_to_gguf.py", staged)
        for part in PARTS:
            shutil.copytree(root / part, staged / part)
        subprocess.run(pip + ["install", "--no-deps", "--target", str(staged), "sentencepiece"], check=True)
        CONVERTER_DIR.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(CONVERTER_DIR, ignore_errors=True)
        shutil.move(str(staged), CONVERTER_DIR)
    return CONVERTER_DIR


def missing_converter(run_name: str) -> ValueError:
    return ValueError(
        "GGUF export needs llama.cpp's converter, which is not set up here. Fix: run "
        f"`{INSTALL_COMMAND}` once (pip fetches it from llama-cpp-python's source release), or export_model("
        f"run_id='{run_name}', format='merged') and run {ELSEWHERE}; for Ollama write a Modelfile with the line "
        "`FROM ./model.gguf` and run `ollama create my-model -f Modelfile`.")


def _convert(merged: Path, gguf: Path) -> None:
    env = dict(os.environ, HF_HUB_OFFLINE="1", PYTHONPATH=os.pathsep.join(
        p for p in (str(CONVERTER_DIR), os.environ.get("PYTHONPATH")) if p))
    cmd = [sys.executable, str(CONVERTER_DIR / "convert_hf_to_gguf.py"), str(merged), "--outfile", str(gguf),
           "--outtype", "f16"]
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise ValueError(f"The GGUF converter ran for over {TIMEOUT_S // 60} minutes. Fix: use format='merged' and "
                         f"run {ELSEWHERE}.") from None
    if done.returncode != 0 or not gguf.is_file():
        tail = " ".join((done.stderr or done.stdout).strip().splitlines()[-3:])[-400:]
        raise ValueError(f"llama.cpp's converter failed: {tail}. Fix: if the architecture is not supported, use "
                         f"format='merged'; if a module is missing, run `{INSTALL_COMMAND}` again.")


def _agreement(merged: Path, folder: Path, prompts: list[str]) -> float:
    """Share of next-token choices on the prompts where the reloaded GGUF and the merged model agree."""
    import torch
    from transformers import AutoModelForCausalLM

    from tools.modeling import load_tokenizer_for
    from tools.prepare import format_prompt

    tokenizer = load_tokenizer_for(str(merged))
    a = AutoModelForCausalLM.from_pretrained(str(merged)).eval()
    b = AutoModelForCausalLM.from_pretrained(str(folder), gguf_file="model.gguf", dtype=torch.float32).eval()
    same = total = 0
    for prompt in prompts[:3] or ["Hello"]:
        enc = tokenizer(format_prompt(tokenizer, prompt), return_tensors="pt")
        with torch.no_grad():
            x, y = a(**enc).logits.argmax(-1), b(**enc).logits.argmax(-1)
        same, total = same + int((x == y).sum()), total + x.numel()
    return round(same / max(total, 1), 4)


def export_gguf(run_dir: Path, folder: Path) -> tuple[float, dict]:
    """Merge, convert to folder/model.gguf (+ Modelfile), reload-check; (agreement, extra keys)."""
    from tools.export import save_merged
    from tools.runs import read_json

    if not converter_ready():
        raise missing_converter(run_dir.name)
    merged = folder.with_name(folder.name + "-merged")
    try:
        save_merged(run_dir, merged)
        folder.mkdir()
        _convert(merged, folder / "model.gguf")
        (folder / "Modelfile").write_text("FROM ./model.gguf\n")
        prompts = [s["prompt"] for s in (read_json(run_dir / "metrics.json", {}) or {}).get("samples", [])]
        share = _agreement(merged, folder, prompts)
    finally:
        shutil.rmtree(merged, ignore_errors=True)
    return share, {"gguf_mb": round((folder / "model.gguf").stat().st_size / 2**20, 1), "outtype": "f16",
                   "ollama": "ollama create my-model -f Modelfile", "converter": "llama.cpp convert_hf_to_gguf.py"}


if __name__ == "__main__":
    if sys.argv[1:] != ["--install"]:
        raise SystemExit(f"usage: {INSTALL_COMMAND}")
    print(f"llama.cpp's converter is in {install_converter()}")
