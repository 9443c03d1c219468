"""Feature helpers shared by notebooks and pipelines."""

from __future__ import annotations

import math


def standardize(values: list[float]) -> list[float]:
    """Scales values to zero mean and unit variance (population standard deviation)."""
    if not values:
        return []
    mean = sum(values) / len(values)
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    if std == 0:
        return [0.0 for _ in values]
    return [(v - mean) / std for v in values]


def bucketize(value: float, edges: list[float]) -> int:
    """The index of the bucket `value` falls in, given sorted bucket edges."""
    return sum(1 for edge in edges if value >= edge)
