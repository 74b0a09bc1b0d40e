"""Class-weighted cross-entropy: the class_weights setting, for data where one class dwarfs the others.

With "balanced" weights (scikit-learn's formula, n / (classes x count)) a mistake on a class with a tenth
of the rows costs ten times more, so the model cannot score well by always answering the big class.
"""
from __future__ import annotations

from collections import Counter


def balanced_weights(label_ids: list[int], num_labels: int) -> list[float]:
    """One weight per class index: n / (num_labels x that class's count). Averaged over the training rows the
    weight is exactly 1, so the weighted loss stays on the unweighted loss's scale (same learning rate)."""
    counts = Counter(label_ids)
    missing = [i for i in range(num_labels) if not counts[i]]
    if missing:
        raise ValueError(f"Class index(es) {missing} have no training rows, so they cannot be weighted. Fix: add "
                         "examples of every class, or use class_weights=none.")
    n = len(label_ids)
    return [n / (num_labels * counts[i]) for i in range(num_labels)]


def weighted_cross_entropy(weights: list[float]):
    """A Trainer compute_loss_func: sum over the examples of weight[label] x cross-entropy, divided by the
    number of examples in the (accumulated) batch, which the Trainer passes as num_items_in_batch."""
    import torch
    import torch.nn.functional as F

    w = torch.tensor(weights, dtype=torch.float32)

    def loss(outputs, labels, num_items_in_batch=None):
        logits = outputs["logits"] if isinstance(outputs, dict) else outputs[0]
        logits = logits.float().view(-1, logits.shape[-1])
        total = F.cross_entropy(logits, labels.view(-1), weight=w.to(logits.device), reduction="sum")
        count = num_items_in_batch if num_items_in_batch is not None else labels.numel()
        return total / count

    return loss
