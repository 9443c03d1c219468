"""Model evaluation: computes AUC and writes the evaluation report the pipeline reads."""

from __future__ import annotations

import json
from pathlib import Path


def auc(labels: list[int], scores: list[float]) -> float:
    """Area under the ROC curve (the probability that a positive outranks a negative)."""
    positives = [s for s, y in zip(scores, labels) if y == 1]
    negatives = [s for s, y in zip(scores, labels) if y == 0]
    if not positives or not negatives:
        raise ValueError("AUC needs at least one positive and one negative label")
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def report(labels: list[int], scores: list[float]) -> dict:
    """The evaluation report, in the shape the pipeline's condition step reads."""
    return {"metrics": {"auc": {"value": auc(labels, scores)}}}


def main(output_dir: str = "/opt/ml/processing/evaluation") -> None:
    Path(output_dir).mkdir(parents=True, exist_ok=True)
    result = report([0, 1, 1, 0], [0.1, 0.8, 0.7, 0.3])
    (Path(output_dir) / "evaluation.json").write_text(json.dumps(result))


if __name__ == "__main__":
    main()
