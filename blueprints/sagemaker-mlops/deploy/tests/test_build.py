"""build.py and test/test.py against SageMaker's API as botocore's Stubber replays it: no AWS
needed."""

import io
import json
import sys
from pathlib import Path

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "test"))
import build  # noqa: E402
import test as endpoint_test  # noqa: E402

GROUP = "{{ project_slug }}-p-1"
ARN = "arn:aws:sagemaker:eu-west-1:123456789012:model-package/{{ project_slug }}-p-1/3"


def client(service):
    return boto3.client(
        service, region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x"
    )


def answering(summaries):
    sagemaker = client("sagemaker")
    stub = Stubber(sagemaker)
    stub.add_response(
        "list_model_packages",
        {"ModelPackageSummaryList": summaries},
        {
            "ModelPackageGroupName": GROUP,
            "ModelApprovalStatus": "Approved",
            "SortBy": "CreationTime",
            "SortOrder": "Descending",
            "MaxResults": 1,
        },
    )
    stub.activate()
    return sagemaker, stub


def test_the_newest_approved_package_is_deployed():
    summary = {
        "ModelPackageArn": ARN,
        "ModelPackageStatus": "Completed",
        "CreationTime": "2026-01-01T00:00:00Z",
        "ModelPackageGroupName": GROUP,
        "ModelApprovalStatus": "Approved",
    }
    sagemaker, stub = answering([summary])
    assert build.newest_approved(sagemaker, GROUP) == ARN
    stub.assert_no_pending_responses()


def test_no_approved_package_is_an_error_that_says_what_to_do():
    sagemaker, _ = answering([])
    with pytest.raises(build.NoApprovedModel, match="approve one in Studio"):
        build.newest_approved(sagemaker, GROUP)


def described(baselines):
    return {
        "ModelPackageArn": ARN,
        "ModelPackageName": "{{ project_slug }}-p-1",
        "CreationTime": "2026-01-01T00:00:00Z",
        "ModelPackageStatus": "Completed",
        "ModelPackageStatusDetails": {"ValidationStatuses": [], "ImageScanStatuses": []},
        **baselines,
    }


def test_the_baseline_registered_with_the_model_is_found():
    sagemaker = client("sagemaker")
    stub = Stubber(sagemaker)
    quality = {
        "Constraints": {"ContentType": "application/json", "S3Uri": "s3://b/constraints.json"},
        "Statistics": {"ContentType": "application/json", "S3Uri": "s3://b/statistics.json"},
    }
    stub.add_response("describe_model_package",
                      described({"DriftCheckBaselines": {"ModelDataQuality": quality}}),
                      {"ModelPackageName": ARN})
    stub.add_response("describe_model_package", described({}), {"ModelPackageName": ARN})
    stub.activate()
    assert build.baseline(sagemaker, ARN) == {
        "BaselineConstraintsUri": "s3://b/constraints.json",
        "BaselineStatisticsUri": "s3://b/statistics.json",
    }
    with pytest.raises(build.NoBaseline, match="has no data-quality baseline"):
        build.baseline(sagemaker, ARN)


@pytest.mark.parametrize("stage", ["staging", "prod"])
def test_each_stage_config_keeps_its_own_sizes_and_names_the_model(stage):
    base = json.loads((ROOT / f"{stage}-config.json").read_text())
    found = {"BaselineConstraintsUri": "s3://b/c.json", "BaselineStatisticsUri": "s3://b/s.json"}
    config = build.stage_config(
        base, stage=stage, project="{{ project_slug }}", project_id="p-1", package=ARN,
        role="arn:role", bucket="sagemaker-project-p-1",
        baseline=found if build.MONITORED else None,
    )
    params = config["Parameters"]
    assert params["ModelPackageName"] == ARN
    assert params["StageName"] == stage
    assert params["EndpointInstanceType"] == base["Parameters"]["EndpointInstanceType"]
    capture = f"s3://sagemaker-project-p-1/{{ project_slug }}-p-1/datacapture/{stage}"
    assert params["DataCaptureUploadPath"] == capture
    assert ("BaselineStatisticsUri" in params) is build.MONITORED
    assert config["Tags"]["sagemaker:project-name"] == "{{ project_slug }}"
    assert config["Tags"]["owner"] == "{{ owner }}"


def test_the_endpoint_test_sends_real_rows_and_wants_probabilities():
    rows = [line for line in endpoint_test.ROWS.read_text().splitlines() if line]
    assert len(rows) == 3 and all(len(r.split(",")) == 10 for r in rows)
    sagemaker, runtime = client("sagemaker"), client("sagemaker-runtime")
    stubs = Stubber(sagemaker), Stubber(runtime)
    stubs[0].add_response("describe_endpoint", {
        "EndpointName": "e", "EndpointArn": "arn:aws:sagemaker:eu-west-1:1:endpoint/e",
        "EndpointConfigName": "c", "EndpointStatus": "InService",
        "CreationTime": "2026-01-01T00:00:00Z", "LastModifiedTime": "2026-01-01T00:00:00Z",
    }, {"EndpointName": "e"})
    for row, answer in zip(rows, [b"0.25", b"0.75", b"1.5"]):
        stubs[1].add_response(
            "invoke_endpoint",
            {"Body": StreamingBody(io.BytesIO(answer), len(answer)), "ContentType": "text/csv"},
            {"EndpointName": "e", "ContentType": "text/csv", "Body": row},
        )
    for stub in stubs:
        stub.activate()
    with pytest.raises(SystemExit, match="answered 1.5 to .*, not a probability"):
        endpoint_test.check(sagemaker, runtime, "e", rows)


def stack(status="UPDATE_COMPLETE", package=ARN):
    return {
        "StackName": "s", "StackId": "arn:aws:cloudformation:eu-west-1:1:stack/s/1",
        "CreationTime": "2026-01-01T00:00:00Z", "StackStatus": status,
        "Parameters": [{"ParameterKey": "ModelPackageName", "ParameterValue": package}],
    }


def test_the_package_a_stack_runs_is_read_from_its_parameters():
    cloudformation = client("cloudformation")
    stub = Stubber(cloudformation)
    stub.add_response("describe_stacks", {"Stacks": [stack()]}, {"StackName": "s"})
    stub.add_client_error("describe_stacks", "ValidationError", "Stack with id s does not exist")
    stub.activate()
    assert build.deployed_package(cloudformation, "s") == ARN
    assert build.deployed_package(cloudformation, "s") is None


def test_without_an_approved_model_the_build_writes_nothing_only_when_allowed(monkeypatch, tmp_path):
    for stage in ("staging", "prod"):
        (tmp_path / f"{stage}-config.json").write_text((ROOT / f"{stage}-config.json").read_text())
    monkeypatch.chdir(tmp_path)
    sagemaker, _ = answering([])
    session = type("Session", (), {"client": lambda self, service: sagemaker})
    monkeypatch.setattr(build.boto3, "Session", lambda **_: session())
    args = ["--model-package-group-name", GROUP, "--project-id", "p-1", "--region", "eu-west-1"]
    with pytest.raises(SystemExit, match="no approved model package in .*approve one in Studio"):
        build.main(args)
    sagemaker, _ = answering([])
    build.main(args + ["--allow-none"])
    assert not list(tmp_path.glob("*-export.json"))
