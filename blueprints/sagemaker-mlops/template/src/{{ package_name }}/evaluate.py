"""Model evaluation for {{ project_name }}: the pipeline's step after training.

Loads the trained model (`model.tar.gz` holding `xgboost-model`, as SageMaker's built-in
XGBoost writes it), scores the held-out test set (no header, label first, as preprocess.py
writes it) and writes `evaluation.json` in the shape SageMaker's model registry shows
(`binary_classification_metrics`); the pipeline's condition step reads its AUC.

The processing job runs this file on its own in the XGBoost image, so it imports only the
standard library, numpy and xgboost.
"""

from __future__ import annotations

import argparse
import csv
import json
import tarfile
from pathlib import Path

MODEL_FILE = "xgboost-model"


def auc(labels: list[float], scores: list[float]) -> float:
    """Area under the ROC curve: the probability that a positive outranks a negative (ties
    count half), from the ranks of the scores."""
    positives = sum(1 for y in labels if y == 1)
    negatives = len(labels) - positives
    if not positives or not negatives:
        raise ValueError("AUC needs at least one positive and one negative label")
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    rank_sum = sum(r for r, y in zip(ranks, labels) if y == 1)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def accuracy(labels: list[float], scores: list[float], cut: float = 0.5) -> float:
    return sum(1 for y, s in zip(labels, scores) if (s >= cut) == (y == 1)) / len(labels)


def report(labels: list[float], scores: list[float]) -> dict:
    """The evaluation report the condition step and the model registry read."""
    return {
        "binary_classification_metrics": {
            "auc": {"value": auc(labels, scores), "standard_deviation": "NaN"},
            "accuracy": {"value": accuracy(labels, scores), "standard_deviation": "NaN"},
        },
        "rows": len(labels),
    }


def read_test(test_dir: Path) -> tuple[list[float], list[list[float]]]:
    labels, features = [], []
    for path in sorted(test_dir.glob("*.csv")):
        with path.open(newline="") as handle:
            for row in csv.reader(handle):
                if row:
                    labels.append(float(row[0]))
                    features.append([float(v) for v in row[1:]])
    if not labels:
        raise FileNotFoundError(f"no test rows in {test_dir}")
    return labels, features


def load_model(model_dir: Path):
    """The booster in `model_dir/model.tar.gz`."""
    import xgboost

    with tarfile.open(model_dir / "model.tar.gz") as tar:
        data = tar.extractfile(tar.getmember(MODEL_FILE)).read()
    booster = xgboost.Booster()
    booster.load_model(bytearray(data))
    return booster


def score(booster, features: list[list[float]]) -> list[float]:
    import numpy
    import xgboost

    return [float(p) for p in booster.predict(xgboost.DMatrix(numpy.array(features)))]


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", default="/opt/ml/processing/model")
    parser.add_argument("--test-dir", default="/opt/ml/processing/test")
    parser.add_argument("--output-dir", default="/opt/ml/processing/evaluation")
    args = parser.parse_args(argv)
    labels, features = read_test(Path(args.test_dir))
    result = report(labels, score(load_model(Path(args.model_dir)), features))
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "evaluation.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
