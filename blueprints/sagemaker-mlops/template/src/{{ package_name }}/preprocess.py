"""Feature preparation for {{ project_name }}: the pipeline's first step.

Reads every `*.csv` of the input folder (abalone rows without a header: sex, seven
measurements, rings; see data/README.md), turns each row into a label and features, and
splits the rows reproducibly into train (70 %), validation (15 %) and test (15 %). Each split
is written as SageMaker's built-in XGBoost reads CSV: no header, the label in the first column.
`baseline/baseline.csv` holds the training features alone (what the endpoint receives), for
the data-quality baseline.

The processing job runs this file on its own (`python3 preprocess.py`), so it uses the
standard library only and imports nothing from the package.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

#: The label: an abalone with at least this many rings (about 11.5 years old) is "old".
MIN_RINGS = 10
#: Sex is one-hot encoded in this order; the seven measurements follow unchanged.
SEXES = ("M", "F", "I")
MEASUREMENTS = 7
SPLITS = (("train", 0.70), ("validation", 0.15), ("test", 0.15))


class BadRow(ValueError):
    """A row that is not an abalone record; names the file and line."""


def encode(row: list[str], where: str) -> list[float]:
    """`[label, sex is M, sex is F, sex is I, measurements...]` of one input row."""
    if len(row) != 1 + MEASUREMENTS + 1:
        raise BadRow(
            f"{where}: {len(row)} columns, expected {MEASUREMENTS + 2} (sex, 7 measurements, rings)"
        )
    sex, *numbers = row
    if sex not in SEXES:
        raise BadRow(f"{where}: sex is {sex!r}, expected one of {', '.join(SEXES)}")
    try:
        values = [float(v) for v in numbers]
    except ValueError as e:
        raise BadRow(f"{where}: {e}") from None
    rings = values.pop()
    label = 1.0 if rings >= MIN_RINGS else 0.0
    return [label] + [1.0 if sex == s else 0.0 for s in SEXES] + values


def read(input_dir: Path) -> list[list[float]]:
    """Every row of every CSV file in `input_dir`, encoded."""
    files = sorted(input_dir.glob("*.csv"))
    if not files:
        raise FileNotFoundError(f"no *.csv file in {input_dir}")
    rows = []
    for path in files:
        with path.open(newline="") as handle:
            for number, row in enumerate(csv.reader(handle), start=1):
                if row:
                    rows.append(encode(row, f"{path.name}:{number}"))
    return rows


def split(rows: list[list[float]], seed: int = 42) -> dict[str, list[list[float]]]:
    """Train, validation and test sets: a seeded shuffle cut 70/15/15."""
    if len(rows) < 20:
        raise ValueError(f"{len(rows)} rows are too few for train, validation and test sets")
    shuffled = list(rows)
    random.Random(seed).shuffle(shuffled)
    parts, start = {}, 0
    for i, (name, fraction) in enumerate(SPLITS):
        end = len(shuffled) if i == len(SPLITS) - 1 else start + round(len(shuffled) * fraction)
        parts[name] = shuffled[start:end]
        start = end
    return parts


def write(path: Path, rows: list[list[float]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([f"{v:g}" for v in row] for row in rows)


def main(argv: list[str] | None = None) -> dict[str, int]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input-dir", default="/opt/ml/processing/input")
    parser.add_argument("--output-dir", default="/opt/ml/processing")
    args = parser.parse_args(argv)
    out = Path(args.output_dir)
    parts = split(read(Path(args.input_dir)))
    for name, rows in parts.items():
        write(out / name / f"{name}.csv", rows)
    write(out / "baseline" / "baseline.csv", [row[1:] for row in parts["train"]])
    counts = {name: len(rows) for name, rows in parts.items()}
    print(f"wrote {counts}")
    return counts


if __name__ == "__main__":
    main()
