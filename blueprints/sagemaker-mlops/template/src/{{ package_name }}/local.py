"""The pipeline's steps run here, on the data in `data/`: preprocess, train with xgboost (as
SageMaker's built-in XGBoost does, the model saved as `xgboost-model` in `model.tar.gz`),
evaluate. `python -m {{ package_name }}.local` (or `make local`) prints the evaluation; the
tests run it offline. Needs the `dev` extra (xgboost)."""

from __future__ import annotations

import argparse
import io
import json
import tarfile
import tempfile
from pathlib import Path

from . import evaluate, preprocess, training

ROOT = Path(__file__).resolve().parents[2]


def load_csv(path: Path):
    """(labels, features) of a headerless CSV with the label first."""
    import numpy

    table = numpy.loadtxt(path, delimiter=",", ndmin=2)
    return table[:, 0], table[:, 1:]


def train(train_csv: Path, validation_csv: Path, model_dir: Path) -> Path:
    """Trains the model and writes `model_dir/model.tar.gz`, as the training job does."""
    import xgboost

    labels, features = load_csv(train_csv)
    dtrain = xgboost.DMatrix(features, label=labels)
    labels, features = load_csv(validation_csv)
    dvalidation = xgboost.DMatrix(features, label=labels)
    params, rounds = training.local_parameters()
    booster = xgboost.train(
        params, dtrain, num_boost_round=rounds, evals=[(dvalidation, "validation")],
        verbose_eval=False,
    )
    raw = booster.save_raw("ubj")
    model_dir.mkdir(parents=True, exist_ok=True)
    archive = model_dir / "model.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo(evaluate.MODEL_FILE)
        info.size = len(raw)
        tar.addfile(info, io.BytesIO(bytes(raw)))
    return archive


def run(data_dir: Path, work_dir: Path) -> dict:
    """Preprocess, train and evaluate; the evaluation report."""
    preprocess.main(["--input-dir", str(data_dir), "--output-dir", str(work_dir)])
    train(work_dir / "train" / "train.csv", work_dir / "validation" / "validation.csv",
          work_dir / "model")
    return evaluate.main([
        "--model-dir", str(work_dir / "model"),
        "--test-dir", str(work_dir / "test"),
        "--output-dir", str(work_dir / "evaluation"),
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", default=str(ROOT / "data"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        result = run(Path(args.data_dir), Path(work))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
