"""Builds the pipeline with the SageMaker Python SDK, offline: moto stands in for S3 and STS,
so the step code the SDK uploads goes nowhere. Checks it follows the project's answers and
takes its region and names from where it runs."""

import json
import os

import boto3
import pytest
from moto import mock_aws

from {{ package_name }} import pipeline, training

ROLE = "arn:aws:iam::123456789012:role/service-role/AmazonSageMakerServiceCatalogProductsUseRole"
ENV = {
    "SAGEMAKER_PROJECT_NAME": "{{ project_slug }}",
    "SAGEMAKER_PROJECT_ID": "p-abc123",
    "SAGEMAKER_PIPELINE_ROLE_ARN": ROLE,
    "ARTIFACT_BUCKET": "sagemaker-project-p-abc123",
    "MODEL_PACKAGE_GROUP": "{{ project_slug }}-p-abc123",
}


@pytest.fixture(scope="module")
def aws():
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_SESSION_TOKEN": "testing"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with mock_aws():
            yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def build(region):
    project = pipeline.Project(dict(ENV, ARTIFACT_BUCKET=f"sagemaker-project-p-abc123-{region}"))
    s3 = boto3.client("s3", region_name=region)
    config = {} if region == "us-east-1" else {
        "CreateBucketConfiguration": {"LocationConstraint": region}}
    s3.create_bucket(Bucket=project.bucket, **config)
    return project, pipeline.definition(project, boto3.Session(region_name=region))


@pytest.fixture(scope="module")
def body(aws):
    return build("us-west-2")[1]


def all_steps(body):
    steps = []
    for step in body["Steps"]:
        steps.append(step)
        if step["Type"] == "Condition":
            steps += step["Arguments"]["IfSteps"] + step["Arguments"]["ElseSteps"]
    return steps


def step(body, name):
    return next(s for s in all_steps(body) if s["Name"] == name)


def test_definition_is_json_and_has_every_step(body):
    assert json.loads(json.dumps(body)) == body
    assert body["Version"] == "2020-12-01"
    names = [s["Name"] for s in body["Steps"]]
{%- if enable_model_monitor %}
    assert names == ["Preprocess", "DataQualityBaseline", "Train", "Evaluate", "CheckAUC"]
{%- else %}
    assert names == ["Preprocess", "Train", "Evaluate", "CheckAUC"]
{%- endif %}


def test_the_region_is_the_sessions_not_the_codes(aws):
    for region in ("us-east-1", "eu-central-1"):
        _, body = build(region)
        image = step(body, "Train")["Arguments"]["AlgorithmSpecification"]["TrainingImage"]
        assert f".dkr.ecr.{region}.amazonaws.com/sagemaker-xgboost:" in image
    assert "REGION" not in vars(pipeline)


def test_names_come_from_the_project():
    project = pipeline.Project(ENV)
    assert project.pipeline_name == "{{ project_slug }}-p-abc123"
    assert project.tags == [
        {"Key": "sagemaker:project-name", "Value": "{{ project_slug }}"},
        {"Key": "sagemaker:project-id", "Value": "p-abc123"},
    ]
    bucket = "s3://sagemaker-project-p-abc123"
    assert project.input_data == f"{bucket}/{{ project_slug }}-p-abc123/input/"


def test_parameters_follow_the_answers(body):
    params = {p["Name"]: p for p in body["Parameters"]}
    assert params["TrainingInstanceType"]["DefaultValue"] == "{{ instance_type }}"
    assert params["ApprovalThreshold"]["DefaultValue"] == pytest.approx({{ approval_threshold }})
    assert params["InputDataUrl"]["DefaultValue"].endswith("/input/")
    train = step(body, "Train")["Arguments"]
    assert train["StoppingCondition"]["MaxRuntimeInSeconds"] == {{ max_runtime_hours }} * 3600
    hyper = train["HyperParameters"]
    assert hyper["objective"] == "binary:logistic"
    assert hyper["tree_method"] == "{{ 'gpu_hist' if use_gpu else 'hist' }}"
    assert training.USES_GPU is {{ "True" if use_gpu else "False" }}


def test_training_reads_headerless_csv_splits(body):
    channels = step(body, "Train")["Arguments"]["InputDataConfig"]
    assert [c["ChannelName"] for c in channels] == ["train", "validation"]
    assert {c["ContentType"] for c in channels} == {"text/csv"}
    evaluate = step(body, "Evaluate")["Arguments"]
    destinations = [i["S3Input"]["LocalPath"] for i in evaluate["ProcessingInputs"]]
    assert "/opt/ml/processing/test" in destinations


def test_registers_into_the_project_model_package_group_for_approval(body):
    register = next(s for s in all_steps(body) if s["Type"] == "RegisterModel")
    args = register["Arguments"]
    assert args["ModelPackageGroupName"] == "{{ project_slug }}-p-abc123"
    assert args["ModelApprovalStatus"] == "PendingManualApproval"
{%- if enable_model_monitor %}
    baselines = args["DriftCheckBaselines"]["ModelDataQuality"]
    assert set(baselines) == {"Statistics", "Constraints"}


def test_the_baseline_step_profiles_the_training_features(body):
    baseline = step(body, "DataQualityBaseline")
    assert baseline["Type"] == "QualityCheck"
    assert baseline["CheckType"] == "DATA_QUALITY"
{%- endif %}


def test_the_auc_gate_reads_the_evaluation_report(body):
    check = step(body, "CheckAUC")
    condition = check["Arguments"]["Conditions"][0]
    assert condition["Type"] == "GreaterThanOrEqualTo"
    path = condition["LeftValue"]["Std:JsonGet"]["Path"]
    assert path == "binary_classification_metrics.auc.value"
    assert [s["Type"] for s in check["Arguments"]["ElseSteps"]] == ["Fail"]
