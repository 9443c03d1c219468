"""Builds the pipeline with the SageMaker Python SDK, offline: moto stands in for S3 and STS,
so the step code the SDK uploads goes nowhere. Checks it follows the project's answers."""

import json
import os

import boto3
import pytest
from moto import mock_aws

from {{ package_name }} import evaluate, pipeline, preprocess

BUCKET = "sagemaker-{{ project_slug }}-tests"
ROLE = "arn:aws:iam::123456789012:role/test"


@pytest.fixture(scope="module")
def body():
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with mock_aws():
            s3 = boto3.client("s3", region_name=pipeline.REGION)
            if pipeline.REGION == "us-east-1":
                s3.create_bucket(Bucket=BUCKET)
            else:
                s3.create_bucket(
                    Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": pipeline.REGION}
                )
            yield pipeline.definition(ROLE, BUCKET)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


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
    assert [s["Name"] for s in body["Steps"]] == ["Preprocess", "Train", "Evaluate", "CheckAUC"]


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
    assert "{{ aws_region }}" in train["Arguments"]["AlgorithmSpecification"]["TrainingImage"]


def test_registers_into_the_project_model_package_group_for_approval(body):
    register = next(s for s in all_steps(body) if s["Type"] == "RegisterModel")
    assert register["Arguments"]["ModelPackageGroupName"] == pipeline.MODEL_PACKAGE_GROUP
    assert register["Arguments"]["ModelApprovalStatus"] == "PendingManualApproval"


def test_the_auc_gate_reads_the_evaluation_report(body):
    check = next(s for s in body["Steps"] if s["Name"] == "CheckAUC")
    condition = check["Arguments"]["Conditions"][0]
    assert condition["Type"] == "GreaterThanOrEqualTo"
    assert condition["LeftValue"]["Std:JsonGet"]["Path"] == "metrics.auc.value"
    assert [s["Type"] for s in check["Arguments"]["ElseSteps"]] == ["Fail"]


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
