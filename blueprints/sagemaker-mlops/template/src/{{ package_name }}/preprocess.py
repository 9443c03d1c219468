"""Feature preparation for {{ project_name }}; runs as the pipeline's processing step."""

from __future__ import annotations

import csv
import random
from pathlib import Path


def split_rows(rows: list[dict], validation_fraction: float = 0.2, seed: int = 42) -> tuple[list, list]:
    """Splits rows into train and validation sets, reproducibly."""
    if not 0 < validation_fraction < 1:
        raise ValueError("validation_fraction must be between 0 and 1")
    shuffled = list(rows)
    random.Random(seed).shuffle(shuffled)
    cut = int(len(shuffled) * (1 - validation_fraction))
    return shuffled[:cut], shuffled[cut:]


def main(input_dir: str = "/opt/ml/processing/input", output_dir: str = "/opt/ml/processing") -> None:
    rows: list[dict] = []
    for path in sorted(Path(input_dir).glob("*.csv")):
        with path.open(newline="") as handle:
            rows.extend(csv.DictReader(handle))
    train, validation = split_rows(rows)
    for name, part in (("train", train), ("validation", validation)):
        out = Path(output_dir) / name
        out.mkdir(parents=True, exist_ok=True)
        if part:
            with (out / f"{name}.csv").open("w", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(part[0]))
                writer.writeheader()
                writer.writerows(part)


if __name__ == "__main__":
    main()
