import pytest

from {{ package_name }}.features import bucketize, standardize


def test_standardize_has_zero_mean_and_unit_variance():
    scaled = standardize([1.0, 2.0, 3.0, 4.0])
    assert sum(scaled) == pytest.approx(0.0)
    assert sum(v * v for v in scaled) / len(scaled) == pytest.approx(1.0)


def test_standardize_constant_and_empty():
    assert standardize([5.0, 5.0]) == [0.0, 0.0]
    assert standardize([]) == []


def test_bucketize():
    assert [bucketize(v, [10, 20]) for v in (5, 10, 15, 25)] == [0, 1, 1, 2]
