"""Checks the pipeline definition is well formed and follows the project's answers."""

import json

import pytest

from {{ package_name }} import evaluate, pipeline, preprocess


@pytest.fixture
def body():
    return pipeline.definition("arn:aws:iam::123456789012:role/test", "test-bucket")


def all_steps(body):
    steps = []
    for step in body["Steps"]:
        steps.append(step)
        if step["Type"] == "Condition":
            steps += step["Arguments"]["IfSteps"] + step["Arguments"]["ElseSteps"]
    return steps


def test_definition_is_json(body):
    assert json.loads(json.dumps(body)) == body
    assert body["Version"] == "2020-12-01"


def test_step_names_are_unique_and_dependencies_exist(body):
    names = [s["Name"] for s in all_steps(body)]
    assert len(names) == len(set(names))
    for step in body["Steps"]:
        for dependency in step.get("DependsOn", []):
            assert dependency in names


def test_parameters_follow_the_answers(body):
    params = {p["Name"]: p for p in body["Parameters"]}
    assert params["TrainingInstanceType"]["DefaultValue"] == "{{ instance_type }}"
    assert params["ApprovalThreshold"]["DefaultValue"] == pytest.approx({{ approval_threshold }})
    train = next(s for s in body["Steps"] if s["Name"] == "Train")
    assert train["Arguments"]["StoppingCondition"]["MaxRuntimeInSeconds"] == {{ max_runtime_hours }} * 3600


def test_registers_into_the_project_model_package_group(body):
    register = next(s for s in all_steps(body) if s["Type"] == "RegisterModel")
    assert register["Arguments"]["ModelPackageGroupName"] == "{{ project_slug }}"


def test_split_is_reproducible():
    rows = [{"x": str(i)} for i in range(10)]
    assert preprocess.split_rows(rows) == preprocess.split_rows(rows)
    train, validation = preprocess.split_rows(rows, 0.2)
    assert (len(train), len(validation)) == (8, 2)


def test_auc():
    assert evaluate.auc([0, 1], [0.1, 0.9]) == 1.0
    assert evaluate.auc([0, 1], [0.9, 0.1]) == 0.0
    with pytest.raises(ValueError):
        evaluate.auc([1, 1], [0.5, 0.6])
