"""The router: which action a user message asks for, given the conversation state, in English and Korean.

Two steps. First the **intent** of the message (what the user means, the same in every state:
"is it done?" asks about progress, "yes" agrees, "train it" wants training), from two readers of the
multilingual e5 encoder (tools/encoder.py) whose probabilities are averaged: e5 fine-tuned with LoRA on
the routing data set (mean pooling, a linear layer over the intents), and a logistic regression
over the frozen e5 embeddings of the message and of the assistant's last turn. Then the **action**
from the intent and the conversation state by the fixed rules of `route()`: "is it done?" is
training_status with a run and no tool without one; "yes" is start_training only while a proposal
waits. An action's probability is the sum of its intents' probabilities. The rules make the state
logic exact; the readers only have to understand the words.

Measured (assistant/routing/README.md): on the blind `fresh` set the fine-tuned reader alone reached
0.79, the regression alone 0.81, their average 0.82; on dev 0.77 / 0.73 / 0.79. Classifying actions
directly from embeddings x state flags reached 0.76 and failed the state logic on new phrasings.

Training (`python -m assistant.router train --ship-with test fresh fresh2 fresh3 fresh4 fresh5`, about 15-30 minutes on 2
cores): both readers are fitted on cases_train.jsonl, and cases_dev.jsonl chooses the fine-tuning
epochs, the regression's C, the weight of the average and the `unsure` threshold; then both are
refitted with those choices on train + dev + the --ship-with sets, which is what ships. A blind set
measures a fit before it joins the next one: the shipped fit has not seen cases_fresh6.jsonl (0.951
there, English 0.956, Korean 0.946). The weights (the LoRA
matrices, merged into the encoder's layers at load time, the two linear layers) are a few MB of
safetensors in assistant/routing/ (no pickle).

Actions: every tool name, "none" (answer without a tool) and "ask_back" (ask one short question).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

ROUTING = Path(__file__).resolve().parent / "routing"
WEIGHTS = ROUTING / "router.safetensors"
RUNS = ("none", "queued", "running", "completed", "failed", "cancelled")
ACTIONS = ("search_faq", "detect_hardware", "inspect_dataset", "recommend_settings", "start_training",
           "training_status", "cancel_training", "resume_training", "explain_results", "predict",
           "find_label_issues", "clean_dataset", "compare_runs", "export_model", "export_script", "publish_model",
           "none", "ask_back")
LAST_TURN_CHARS = 300
MAX_TOKENS = 64  # a chat message; longer ones are cut (the request is nearly always in the first words)
DEV_PRECISION = 0.95  # `unsure` below the probability at which dev routes are at least this often right
# LoRA on the top half of the layers only: the lower ones stay e5's, and no gradient flows through them,
# which halves the cost of a training step on a CPU.
LORA = {"r": 8, "lora_alpha": 16, "lora_dropout": 0.1, "target_modules": ["query", "key", "value", "dense"],
        "layers_to_transform": list(range(6, 12)), "layers_pattern": "layer"}
SCALE = 20.0  # cosine-similarity logits are in [-1, 1]: scaled so the softmax can be confident
EPOCHS, BATCH, LR, SEED = 6, 16, 1e-3, 0
C_GRID = (16.0, 64.0, 256.0)  # the regression's strengths tried on dev
WEIGHTS_GRID = (0.0, 0.3, 0.5, 0.7, 1.0)  # the fine-tuned reader's share of the average, tried on dev


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
        # the improvement loop and exports (issues 15, 16): data tools need a file, model tools a finished run
        "label_issues": "find_label_issues" if file else "ask_back",
        "clean": "clean_dataset" if file else "ask_back",
        "compare": "compare_runs" if run != "none" else "none",
        "export": "export_model" if run == "completed" else "none",
        "export_script": "export_script" if run == "completed" else "none",
        "publish": "publish_model" if run == "completed" else "none",
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


class IntentModel:
    """e5 + LoRA, mean pooling, L2 norm, a linear layer: intent probabilities for messages."""

    def __init__(self, intents: list[str]):
        import torch
        from peft import LoraConfig, get_peft_model
        from transformers import BertModel

        from tools.encoder import encoder_dir, load_encoder

        self.intents = list(intents)
        self.tokenizer, shared = load_encoder()
        bert = BertModel.from_pretrained(str(encoder_dir()), add_pooling_layer=False)
        # The 250k-word embedding table (380 MB) is never trained: share the one the encoder holds.
        bert.embeddings.word_embeddings = shared.embeddings.word_embeddings
        self.bert = get_peft_model(bert, LoraConfig(**LORA))
        self.head = torch.nn.Linear(bert.config.hidden_size, len(self.intents))

    def parameters(self):
        return [p for p in self.bert.parameters() if p.requires_grad] + list(self.head.parameters())

    def state_dict(self) -> dict:
        lora = {k: v for k, v in self.bert.state_dict().items() if "lora_" in k}
        return {**lora, "head.weight": self.head.weight, "head.bias": self.head.bias}

    def load_state_dict(self, weights: dict) -> None:
        self.head.weight.data, self.head.bias.data = weights.pop("head.weight"), weights.pop("head.bias")
        missing = [k for k in weights if k not in self.bert.state_dict()]
        if missing:
            raise ValueError(f"The router weights do not fit this encoder ({missing[:2]}). "
                             "Fix: python -m assistant.router train")
        self.bert.load_state_dict(weights, strict=False)
        self.bert = self.bert.merge_and_unload()  # plain BERT layers: as fast as the encoder itself
        self.bert.eval()

    def logits(self, messages: list[str]):
        import torch

        batch = self.tokenizer(["query: " + m for m in messages], padding=True, truncation=True,
                               max_length=MAX_TOKENS, return_tensors="pt")
        hidden = self.bert(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1).clamp(min=1), dim=-1)
        return SCALE * self.head(pooled)

    def probabilities(self, messages: list[str], batch_size: int = 64) -> np.ndarray:
        import torch

        if not messages:
            return np.zeros((0, len(self.intents)), np.float32)
        from tools.encoder import few_on_one_thread

        order = sorted(range(len(messages)), key=lambda i: len(messages[i]))  # similar lengths pad little
        out = np.zeros((len(messages), len(self.intents)), np.float32)
        with few_on_one_thread(len(messages)), torch.inference_mode():
            for i in range(0, len(order), batch_size):
                idx = order[i:i + batch_size]
                out[idx] = torch.softmax(self.logits([messages[j] for j in idx]), -1).numpy()
        return out


def frozen_features(messages: list[str], last_turns: list[str]) -> np.ndarray:
    """The regression's input: [e5 embedding of the message, of the last assistant turn (zeros if none)]."""
    from tools.encoder import DIM, embed

    msg = embed(messages, kind="query")
    turns = np.zeros((len(last_turns), DIM), np.float32)
    said = [i for i, t in enumerate(last_turns) if t]
    if said:
        turns[said] = embed([last_turns[i] for i in said], kind="query")
    return np.hstack([msg, turns]).astype(np.float32)


def softmax(z: np.ndarray) -> np.ndarray:
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


class Router:
    def __init__(self, model: IntentModel, coef: np.ndarray, intercept: np.ndarray, weight: float, threshold: float):
        self.model, self.coef, self.intercept = model, coef, intercept
        self.weight, self.threshold = weight, threshold
        self.intents, self.actions = model.intents, list(ACTIONS)

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> "Router":
        path = Path(path)
        if not path.is_file():
            raise ValueError(f"No trained router at {path}. Fix: python -m assistant.router train")
        from safetensors import safe_open
        from safetensors.torch import load_file

        with safe_open(str(path), "pt") as f:
            meta = f.metadata() or {}
        weights = load_file(str(path))
        coef, intercept = weights.pop("regression.coef").numpy(), weights.pop("regression.intercept").numpy()
        model = IntentModel(json.loads(meta["intents"]))
        model.load_state_dict(weights)
        router = cls(model, coef, intercept, float(meta["weight"]), float(meta["threshold"]))
        router.shipped_on = json.loads(meta.get("shipped_on", '["train", "dev"]'))  # the splits it was fitted on
        return router

    def intent_probabilities(self, messages: list[str], last_turns: list[str]) -> np.ndarray:
        tuned = self.model.probabilities(messages) if self.weight > 0 else 0.0
        frozen = softmax(frozen_features(messages, last_turns) @ self.coef.T + self.intercept) if self.weight < 1 else 0.0
        return self.weight * tuned + (1 - self.weight) * frozen

    def action_probabilities(self, p_intent: np.ndarray, state: dict) -> dict[str, float]:
        out = dict.fromkeys(ACTIONS, 0.0)
        for intent, p in zip(self.intents, p_intent):
            out[route(intent, state)] += float(p)
        return out

    def decide_many(self, messages: list[str], states: list[dict], last_turns: list[str] | None = None) -> list[Decision]:
        last_turns = list(last_turns) if last_turns is not None else [""] * len(messages)
        p = self.intent_probabilities(list(messages), last_turns)
        return [self._decision(row, state) for row, state in zip(p, states)]

    def _decision(self, row: np.ndarray, state: dict) -> Decision:
        ranked = sorted(self.action_probabilities(row, state).items(), key=lambda kv: -kv[1])
        return Decision([(a, round(q, 4)) for a, q in ranked], unsure=ranked[0][1] < self.threshold,
                        intent=self.intents[int(row.argmax())])

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


def choose_threshold(probabilities: np.ndarray, right: np.ndarray, precision: float = DEV_PRECISION) -> float:
    """The lowest top probability above which routes are right at least `precision` of the time."""
    top = probabilities.max(axis=1)
    for t in sorted(set(np.round(top, 3))):
        sure = top >= t
        if sure.any() and right[sure].mean() >= precision:
            return float(t)
    return 1.0


def route_accuracy(router: Router, p_intent: np.ndarray, cases: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """Per case: the best action's probability, and whether that action is the case's route."""
    top, right = [], []
    for row, c in zip(p_intent, cases):
        d = router._decision(row, c["state"])
        top.append(d.ranked[0][1])
        right.append(d.action == c["route"])
    return np.array(top), np.array(right)


def fine_tune(cases: list[dict], intents: list[str], epochs: int, dev: list[dict] | None = None):
    """e5 + LoRA fitted on `cases`. With `dev`: also the dev intent probabilities after each epoch."""
    import torch
    from tqdm import tqdm

    torch.manual_seed(SEED)
    model = IntentModel(intents)
    y = torch.tensor([intents.index(c["intent"]) for c in cases])
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    steps = epochs * -(-len(cases) // BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=LR, total_steps=steps, pct_start=0.1)
    per_epoch = []
    with tqdm(total=steps, desc=f"router e5+LoRA on {len(cases)} cases", unit="step") as bar:
        for _ in range(epochs):
            model.bert.train()
            for order in torch.randperm(len(cases)).split(BATCH):
                logits = model.logits([cases[j]["message"] for j in order.tolist()])
                loss = torch.nn.functional.cross_entropy(logits, y[order], label_smoothing=0.05)
                opt.zero_grad()
                loss.backward()
                opt.step()
                schedule.step()
                bar.update()
            model.bert.eval()
            if dev is not None:
                per_epoch.append(model.probabilities([c["message"] for c in dev]))
    return model, per_epoch


def fit_regression(x: np.ndarray, cases: list[dict], intents: list[str], c: float) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=c, max_iter=5000).fit(x, [c_["intent"] for c_ in cases])
    order = [list(fit.classes_).index(i) for i in intents]  # the fine-tuned reader's intent order
    return fit.coef_[order].astype(np.float32), fit.intercept_[order].astype(np.float32)


def train(out: Path = WEIGHTS, epochs: int = EPOCHS, ship_with: tuple[str, ...] = ()) -> dict:
    """Choose everything on dev with readers fitted on train; refit on train + dev (+ the `ship_with`
    splits, once they have been measured: then those numbers describe the model before they joined)."""
    import torch
    from safetensors.torch import save_file

    # One thread: batches this small gain nothing from two, and on a busy machine torch's two threads
    # wait on each other (measured under load: 8 s a step with two, 0.8 s with one).
    torch.set_num_threads(1)
    start = time.time()
    train_cases, dev_cases = load_cases("train"), load_cases("dev")
    intents = sorted({c["intent"] for c in train_cases + dev_cases})
    lasts = (lambda cases: [last_assistant_turn(c.get("history")) for c in cases])
    x_train, x_dev = frozen_features([c["message"] for c in train_cases], lasts(train_cases)), \
        frozen_features([c["message"] for c in dev_cases], lasts(dev_cases))
    tuned, per_epoch = fine_tune(train_cases, intents, epochs, dev=dev_cases)
    probe = Router(tuned, None, None, 1.0, 0.0)  # for the state rules only
    trials = []
    for c in C_GRID:
        coef, intercept = fit_regression(x_train, train_cases, intents, c)
        frozen = softmax(x_dev @ coef.T + intercept)
        for epoch, p_tuned in enumerate(per_epoch, 1):
            for w in WEIGHTS_GRID:
                top, right = route_accuracy(probe, w * p_tuned + (1 - w) * frozen, dev_cases)
                trials.append((float(right.mean()), -abs(w - 0.5), -epoch, -c, w, epoch, c, top, right))
    dev_accuracy, *_, weight, epoch, c, top, right = max(trials, key=lambda t: t[:4])  # ties: an even mix, fewer epochs, smaller C
    threshold = choose_threshold(top[:, None], right)
    extra = [c_ for name in ship_with for c_ in load_cases(name)]
    both = train_cases + dev_cases + extra  # what ships: the same choices, fitted on more phrasings
    final, _ = fine_tune(both, intents, epoch)
    x_extra = frozen_features([c_["message"] for c_ in extra], lasts(extra)) if extra else np.zeros((0, x_dev.shape[1]))
    coef, intercept = fit_regression(np.vstack([x_train, x_dev, x_extra]), both, intents, c)
    weights = {**{k: v.detach().contiguous() for k, v in final.state_dict().items()},
               "regression.coef": torch.from_numpy(coef), "regression.intercept": torch.from_numpy(intercept)}
    save_file(weights, str(out), metadata={"intents": json.dumps(intents), "threshold": str(threshold),
                                          "weight": str(weight), "epochs": str(epoch), "C": str(c),
                                          "shipped_on": json.dumps(["train", "dev", *ship_with]),
                                          "lora": json.dumps(LORA)})
    shared.cache_clear()
    best_alone = {name: max(t[0] for t in trials if t[4] == w) for name, w in (("tuned", 1.0), ("regression", 0.0))}
    return {"epochs": epoch, "C": c, "weight": weight, "threshold": threshold, "dev_accuracy": round(dev_accuracy, 4),
            "dev_accuracy_alone": {k: round(v, 4) for k, v in best_alone.items()},
            "dev_unsure": round(float((top < threshold).mean()), 4), "train_cases": len(train_cases),
            "dev_cases": len(dev_cases), "shipped_on": len(both), "minutes": round((time.time() - start) / 60, 1),
            "weights": str(out)}


def main(argv: list[str] | None = None) -> None:
    from assistant.routing.build_cases import BLIND  # it imports route() from here

    p = argparse.ArgumentParser(prog="python -m assistant.router", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    learn = sub.add_parser("train", help="retrain from assistant/routing/cases_train.jsonl (tuned on cases_dev.jsonl)")
    learn.add_argument("--epochs", type=int, default=EPOCHS)
    learn.add_argument("--ship-with", nargs="*", default=[], choices=["test", *BLIND],
                       help="also fit the shipped model on these splits (after they have been measured)")
    one = sub.add_parser("route", help="route one message")
    one.add_argument("message")
    one.add_argument("--file", action="store_true", help="a file is attached")
    one.add_argument("--proposal", action="store_true", help="a training proposal waits for a yes")
    one.add_argument("--run", default="none", choices=RUNS, help="the latest run's status")
    a = p.parse_args(argv)
    if a.command == "train":
        print(json.dumps(train(epochs=a.epochs, ship_with=tuple(a.ship_with)), indent=1))
    else:
        d = shared().decide(a.message, {"file": a.file, "proposal": a.proposal, "run": a.run})
        print(json.dumps({"action": d.action, "intent": d.intent, "unsure": d.unsure, "ranked": d.ranked[:4]},
                         ensure_ascii=False))


if __name__ == "__main__":
    sys.exit(main())
