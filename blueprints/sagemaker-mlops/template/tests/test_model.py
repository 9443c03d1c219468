"""The pipeline's own scripts on the data the repository ships, offline: preprocess writes what
the built-in XGBoost reads, a small model trained with xgboost (as the training job does) is
loaded and scored by evaluate.py on held-out rows."""

import csv
import json
import random
from pathlib import Path

import pytest

from {{ package_name }} import evaluate, local, preprocess

DATA = Path(__file__).resolve().parents[1] / "data"


def rows(path):
    with open(path, newline="") as handle:
        return [row for row in csv.reader(handle) if row]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    out = tmp_path_factory.mktemp("processing")
    counts = preprocess.main(["--input-dir", str(DATA), "--output-dir", str(out)])
    return out, counts


def test_the_split_is_real_and_covers_every_row_once(prepared):
    out, counts = prepared
    shipped = rows(DATA / "abalone.csv")
    assert sum(counts.values()) == len(shipped)
    assert counts["train"] > counts["validation"] > 0 and counts["test"] > 0
    seen = [tuple(r) for name in ("train", "validation", "test")
            for r in rows(out / name / f"{name}.csv")]
    assert len(seen) == len(shipped)
    encoded = sorted(tuple(f"{v:g}" for v in preprocess.encode(r, "x")) for r in shipped)
    assert sorted(seen) == encoded


def test_splits_are_headerless_with_the_label_first(prepared):
    out, _ = prepared
    for name in ("train", "validation", "test"):
        table = rows(out / name / f"{name}.csv")
        assert all(len(r) == 11 for r in table), name
        assert {r[0] for r in table} <= {"0", "1"}, name
        assert all(float(v) == float(v) for r in table for v in r), name
    first = rows(DATA / "abalone.csv")[0]
    assert preprocess.encode(first, "x")[0] == float(int(first[-1]) >= preprocess.MIN_RINGS)
    baseline = rows(out / "baseline" / "baseline.csv")
    assert len(baseline) == len(rows(out / "train" / "train.csv"))
    assert all(len(r) == 10 for r in baseline)


def test_bad_rows_are_named():
    with pytest.raises(preprocess.BadRow, match=r"^a.csv:3: sex is 'X'"):
        preprocess.encode(["X", "1", "1", "1", "1", "1", "1", "1", "9"], "a.csv:3")
    with pytest.raises(preprocess.BadRow, match="3 columns"):
        preprocess.encode(["M", "1", "9"], "a.csv:1")


def test_a_model_trained_on_the_data_scores_the_held_out_rows_well(tmp_path):
    result = local.run(DATA, tmp_path)
    saved = json.loads((tmp_path / "evaluation" / "evaluation.json").read_text())
    assert saved == json.loads(json.dumps(result))
    auc = saved["binary_classification_metrics"]["auc"]["value"]
    assert saved["rows"] == len(rows(tmp_path / "test" / "test.csv"))
    assert 0.8 <= auc <= 1.0, auc


def test_a_model_that_learned_nothing_fails_the_gate(tmp_path):
    # Shuffled labels: the evaluation must see through it.
    preprocess.main(["--input-dir", str(DATA), "--output-dir", str(tmp_path)])
    train = tmp_path / "train" / "train.csv"
    table = rows(train)
    labels = [r[0] for r in table]
    random.Random(3).shuffle(labels)
    with open(train, "w", newline="") as handle:
        csv.writer(handle).writerows([[y] + r[1:] for y, r in zip(labels, table)])
    local.train(train, tmp_path / "validation" / "validation.csv", tmp_path / "model")
    result = evaluate.main(["--model-dir", str(tmp_path / "model"),
                            "--test-dir", str(tmp_path / "test"),
                            "--output-dir", str(tmp_path / "evaluation")])
    assert result["binary_classification_metrics"]["auc"]["value"] < 0.7


def test_auc():
    assert evaluate.auc([0, 1], [0.1, 0.9]) == 1.0
    assert evaluate.auc([0, 1], [0.9, 0.1]) == 0.0
    assert evaluate.auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5
    assert evaluate.auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    with pytest.raises(ValueError):
        evaluate.auc([1, 1], [0.5, 0.6])
