"""The repository as a Hugging Face Space: README front matter, requirements.txt equal to
pyproject's dependencies, the two commands first, CI running the README's test command, and the
app taking host, port and hardware from the Space's environment, offline by default."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def front_matter() -> tuple[dict, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n"), "Spaces reads its configuration from YAML at the very top of README.md"
    head, rest = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), rest


def requirements(lines) -> dict[str, Requirement]:
    reqs = [Requirement(line) for line in (x.split("#", 1)[0].strip() for x in lines) if line]
    return {r.name.lower().replace("_", "-"): r for r in reqs}


def test_requirements_txt_equals_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = requirements(project["dependencies"])
    listed = requirements((ROOT / "requirements.txt").read_text().splitlines())
    assert set(listed) == set(declared)
    for name, req in declared.items():
        assert listed[name].specifier == req.specifier, name
    assert str(listed["torch"].specifier) == ">=2.4"


def test_readme_front_matter_configures_a_gradio_space():
    meta, rest = front_matter()
    assert meta["sdk"] == "gradio" and (ROOT / meta["app_file"]).is_file() and meta["app_file"] == "app.py"
    assert re.fullmatch(r"3\.\d+", str(meta["python_version"]))
    assert meta["suggested_hardware"] in ("cpu-basic", "cpu-upgrade", "t4-small", "t4-medium", "l4x1", "a10g-small")
    gradio = requirements(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"])["gradio"]
    assert Version(str(meta["sdk_version"])) in gradio.specifier  # the Space runs a release we allow
    assert len(meta["short_description"]) <= 60
    # After the front matter, the first thing a reader sees: the title, then the two commands.
    blocks = re.findall(r"```bash\n(.*?)\n```", rest, re.S)
    assert rest.lstrip().startswith("# ") and blocks[0].endswith("python app.py")
    assert blocks[1].endswith("python -m pytest") and "## " not in rest.split(blocks[1])[0]
    assert "## Deploying as a Hugging Face Space" in rest


def test_ci_runs_the_readme_test_command():
    _, rest = front_matter()
    command = re.findall(r"```bash\n(.*?)\n```", rest, re.S)[1]
    lines = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert lines[-1] == command
    assert any("apt-get install -y chromium" in line for line in lines)


def test_app_is_offline_and_takes_the_space_environment():
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "GRADIO_SERVER_NAME")}
    env.update(GRADIO_SERVER_NAME="0.0.0.0", GRADIO_SERVER_PORT="7861", SPACE_ID="someone/finetune",
               FINETUNE_ASSISTANT_ANSWERS="model")
    code = ("import os, app; a = app.parse_args([]); "
            "from tools.hardware import _spaces; "
            "print(os.environ['HF_HUB_OFFLINE'], a.host, a.port, a.answers, _spaces()['space_id'])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "0.0.0.0", "7861", "model", "someone/finetune"]
