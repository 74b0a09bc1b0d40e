"""The router: which action a user message asks for, given the conversation state, in English and Korean.

Two steps. First the **intent** of the message (what the user means, the same in every state:
"is it done?" asks about progress, "yes" agrees, "train it" wants training): a multinomial
logistic regression (scikit-learn) over the multilingual e5 embedding of the message
(tools/encoder.py) and of the assistant's last turn (its first 300 characters). Then the
**action** from the intent and the conversation state by the fixed rules of `route()`: "is it
done?" is training_status with a run and no tool without one; "yes" is start_training only while
a proposal waits. An action's probability is the sum of its intents' probabilities. The rules
make the state logic exact; the classifier only has to understand the words. (Measured on dev: a
classifier of actions from embeddings x state flags reached 0.76 and failed the state logic in
new phrasings; see assistant/routing/README.md.)

Trained on assistant/routing/cases_train.jsonl; the regularisation and the `unsure` threshold
were chosen on cases_dev.jsonl only. The weights are a small .npz in assistant/routing/ (no
pickle: scoring is a matrix product and a softmax in numpy), rebuilt reproducibly with
`python -m assistant.router train`.

Actions: every tool name, "none" (answer without a tool) and "ask_back" (ask one short question).
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from tools.encoder import DIM, embed

ROUTING = Path(__file__).resolve().parent / "routing"
WEIGHTS = ROUTING / "router.npz"
RUNS = ("none", "queued", "running", "completed", "failed", "cancelled")
ACTIONS = ("search_faq", "detect_hardware", "inspect_dataset", "recommend_settings", "start_training",
           "training_status", "cancel_training", "resume_training", "explain_results", "predict", "none", "ask_back")
LAST_TURN_CHARS = 300
C_GRID = (4.0, 16.0, 64.0, 256.0)  # logistic regression strengths tried on dev
DEV_PRECISION = 0.90  # `unsure` below the probability at which dev routes are at least this often right
# (0.95 put 95% of dev messages under the threshold: the LLM would be consulted on nearly every turn)


def route(intent: str, state: dict) -> str:
    """The action for an intent in a state {"file": bool, "proposal": bool, "run": one of RUNS}."""
    file, proposal, run = bool(state.get("file")), bool(state.get("proposal")), state.get("run") or "none"
    if run not in RUNS:
        raise ValueError(f"Unknown run status {run!r} in the router state. Fix: one of {', '.join(RUNS)}.")
    active, stopped = run in ("queued", "running"), run in ("failed", "cancelled")
    rules = {
        "faq": "search_faq", "hardware": "detect_hardware", "none": "none", "ask": "ask_back",
        "inspect": "inspect_dataset" if file else "ask_back",
        "train": "inspect_dataset" if file else "ask_back",  # a new request: look at the data first
        "train_go": ("start_training" if proposal else "inspect_dataset") if file else "ask_back",
        "recommend": "recommend_settings" if file else "ask_back",
        "change": "recommend_settings" if file else "ask_back",  # changed settings are proposed again
        "confirm": "start_training" if proposal else "none",
        "status": "training_status" if run != "none" else "none",
        "status_failed": "training_status" if run != "none" else "none",
        "cancel": "cancel_training" if active else "none",
        "resume": "resume_training" if stopped else "none",
        "explain": "explain_results" if run == "completed" else "training_status" if active else "none",
        "predict": "predict" if run == "completed" else "none",
        "predict_notext": "ask_back" if run == "completed" else "none",
    }
    if intent not in rules:
        raise ValueError(f"Unknown intent {intent!r}. Fix: one of {', '.join(rules)}.")
    return rules[intent]


@dataclass
class Decision:
    ranked: list[tuple[str, float]]  # every action with its probability, best first
    unsure: bool  # the best probability is below the threshold chosen on dev: ask, or consult the LLM
    intent: str = ""  # the most likely intent (for logs and tests)

    @property
    def action(self) -> str:
        return self.ranked[0][0]

    def top(self, k: int = 3) -> list[str]:
        return [a for a, _ in self.ranked[:k]]


def last_assistant_turn(history: list[dict]) -> str:
    """The assistant's last message, shortened: what the user's words answer."""
    text = next((m["content"] for m in reversed(history or []) if m.get("role") == "assistant"), "")
    return " ".join(str(text).split())[:LAST_TURN_CHARS].rstrip()


def features(messages: list[str], last_turns: list[str]) -> np.ndarray:
    """One row per message: [message embedding, last assistant turn embedding (zeros if none)]."""
    msg = embed(messages, kind="query")
    turns = np.zeros((len(last_turns), DIM), np.float32)
    said = [i for i, t in enumerate(last_turns) if t]
    if said:
        turns[said] = embed([last_turns[i] for i in said], kind="query")
    return np.hstack([msg, turns]).astype(np.float32)


class Router:
    def __init__(self, intents: list[str], coef: np.ndarray, intercept: np.ndarray, threshold: float):
        self.intents, self.coef, self.intercept, self.threshold = intents, coef, intercept, threshold
        self.actions = list(ACTIONS)

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> "Router":
        if not Path(path).is_file():
            raise ValueError(f"No trained router at {path}. Fix: python -m assistant.router train")
        w = np.load(path, allow_pickle=False)
        return cls([str(a) for a in w["intents"]], w["coef"], w["intercept"], float(w["threshold"]))

    def intent_probabilities(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.coef.T + self.intercept
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def action_probabilities(self, p_intent: np.ndarray, state: dict) -> dict[str, float]:
        out = dict.fromkeys(ACTIONS, 0.0)
        for intent, p in zip(self.intents, p_intent):
            out[route(intent, state)] += float(p)
        return out

    def decide_many(self, messages: list[str], states: list[dict], last_turns: list[str]) -> list[Decision]:
        p = self.intent_probabilities(features(messages, last_turns))
        out = []
        for row, state in zip(p, states):
            ranked = sorted(self.action_probabilities(row, state).items(), key=lambda kv: -kv[1])
            out.append(Decision([(a, round(q, 4)) for a, q in ranked], unsure=ranked[0][1] < self.threshold,
                                intent=self.intents[int(row.argmax())]))
        return out

    def decide(self, message: str, state: dict, last_turn: str = "") -> Decision:
        """The ranked actions for one message. state: {"file", "proposal", "run"} (see route)."""
        return self.decide_many([message], [state], [last_turn])[0]


@lru_cache(maxsize=1)
def shared() -> Router:
    """The packaged router, loaded once per process."""
    return Router.load()


def load_cases(name: str) -> list[dict]:
    path = ROUTING / f"cases_{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def case_features(cases: list[dict]) -> np.ndarray:
    return features([c["message"] for c in cases], [last_assistant_turn(c.get("history")) for c in cases])


def choose_threshold(probabilities: np.ndarray, right: np.ndarray, precision: float = DEV_PRECISION) -> float:
    """The lowest top probability above which routes are right at least `precision` of the time."""
    top = probabilities.max(axis=1)
    for t in sorted(set(np.round(top, 3))):
        sure = top >= t
        if sure.any() and right[sure].mean() >= precision:
            return float(t)
    return 1.0


def train(out: Path = WEIGHTS) -> dict:
    """Fit intents on the train split, choose C (dev route accuracy) and the threshold on dev; write `out`."""
    from sklearn.linear_model import LogisticRegression

    train_cases, dev_cases = load_cases("train"), load_cases("dev")
    x_train, x_dev = case_features(train_cases), case_features(dev_cases)
    y_train = np.array([c["intent"] for c in train_cases])
    trials = []
    for c in C_GRID:
        model = LogisticRegression(C=c, max_iter=5000).fit(x_train, y_train)
        router = Router(list(model.classes_), model.coef_.astype(np.float32), model.intercept_.astype(np.float32), 0.0)
        p_dev = np.array([[q for _, q in sorted(router.action_probabilities(row, case["state"]).items(),
                                               key=lambda kv: ACTIONS.index(kv[0]))]
                          for row, case in zip(router.intent_probabilities(x_dev), dev_cases)])
        right = np.array([ACTIONS[i] == case["route"] for i, case in zip(p_dev.argmax(1), dev_cases)])
        trials.append((float(right.mean()), -c, router, p_dev, right))
    dev_accuracy, neg_c, router, p_dev, right = max(trials, key=lambda t: t[:2])  # ties: stronger regularisation
    threshold = choose_threshold(p_dev, right)
    np.savez_compressed(out, intents=np.array(router.intents, dtype=str), coef=router.coef,
                        intercept=router.intercept, threshold=np.float32(threshold))
    shared.cache_clear()
    return {"C": -neg_c, "dev_accuracy": round(dev_accuracy, 4), "threshold": threshold,
            "dev_unsure": round(float((p_dev.max(1) < threshold).mean()), 4),
            "dev_by_C": {str(-t[1]): round(t[0], 4) for t in trials}, "train_cases": len(train_cases),
            "dev_cases": len(dev_cases), "weights": str(out)}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m assistant.router", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("train", help="retrain from assistant/routing/cases_train.jsonl (tuned on cases_dev.jsonl)")
    one = sub.add_parser("route", help="route one message")
    one.add_argument("message")
    one.add_argument("--file", action="store_true", help="a file is attached")
    one.add_argument("--proposal", action="store_true", help="a training proposal waits for a yes")
    one.add_argument("--run", default="none", choices=RUNS, help="the latest run's status")
    a = p.parse_args(argv)
    if a.command == "train":
        print(json.dumps(train(), indent=1))
    else:
        d = shared().decide(a.message, {"file": a.file, "proposal": a.proposal, "run": a.run})
        print(json.dumps({"action": d.action, "intent": d.intent, "unsure": d.unsure, "ranked": d.ranked[:4]},
                         ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
