"""build.py against SageMaker's API as botocore's Stubber replays it: no AWS needed."""

import json
import sys
from pathlib import Path

import boto3
import pytest
from botocore.stub import Stubber

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import build  # noqa: E402

GROUP = "{{ project_slug }}"
ARN = "arn:aws:sagemaker:{{ aws_region }}:123456789012:model-package/{{ project_slug }}/3"


def client_answering(summaries):
    client = boto3.client(
        "sagemaker", region_name="{{ aws_region }}", aws_access_key_id="x", aws_secret_access_key="x"
    )
    stub = Stubber(client)
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
    return client, stub


def test_the_newest_approved_package_is_deployed():
    summary = {
        "ModelPackageArn": ARN,
        "ModelPackageStatus": "Completed",
        "CreationTime": "2026-01-01T00:00:00Z",
        "ModelPackageGroupName": GROUP,
        "ModelApprovalStatus": "Approved",
    }
    client, stub = client_answering([summary])
    assert build.newest_approved(client, GROUP) == ARN
    stub.assert_no_pending_responses()


def test_no_approved_package_is_an_error_that_says_what_to_do():
    client, _ = client_answering([])
    with pytest.raises(build.NoApprovedModel, match="approve one in Studio"):
        build.newest_approved(client, GROUP)


@pytest.mark.parametrize("stage", ["staging", "prod"])
def test_each_stage_config_keeps_its_own_sizes_and_names_the_model(stage):
    root = Path(__file__).resolve().parents[1]
    base = json.loads((root / f"{stage}-config.json").read_text())
    config = build.stage_config(
        base, stage=stage, project="{{ project_slug }}", project_id="p-1", package=ARN, role="arn:role"
    )
    params = config["Parameters"]
    assert params["ModelPackageName"] == ARN
    assert params["StageName"] == stage
    assert params["EndpointInstanceType"] == base["Parameters"]["EndpointInstanceType"]
    assert config["Tags"]["sagemaker:project-name"] == "{{ project_slug }}"
    assert config["Tags"]["owner"] == "{{ owner }}"
