"""Finds the newest approved model package of the project's group and writes the CloudFormation
configuration of each stage: `staging-config.json` -> `staging-config-export.json`, and the same
for prod. {% if ci_service == 'codepipeline' %}CodeBuild runs it before CodePipeline deploys the stages{% else %}The deploy workflow runs it before `deploy.py` deploys the stages{% endif %}. The region is
AWS_REGION; the endpoints capture their traffic under the artifact bucket{% if enable_model_monitor %}, and their
monitoring compares it with the data-quality baseline registered with the model{% endif %}."""

from __future__ import annotations

import argparse
import json
import logging
import os

import boto3
from botocore.exceptions import ClientError

log = logging.getLogger("build")

MONITORED = {{ "True" if enable_model_monitor else "False" }}


class NoApprovedModel(Exception):
    pass


class NoBaseline(Exception):
    pass


def newest_approved(client, group: str) -> str:
    """The ARN of the newest approved package in `group`."""
    response = client.list_model_packages(
        ModelPackageGroupName=group,
        ModelApprovalStatus="Approved",
        SortBy="CreationTime",
        SortOrder="Descending",
        MaxResults=1,
    )
    packages = response["ModelPackageSummaryList"]
    if not packages:
        raise NoApprovedModel(f"no approved model package in {group}: approve one in Studio")
    return packages[0]["ModelPackageArn"]


def baseline(client, package: str) -> dict:
    """The data-quality baseline registered with `package` (the pipeline's baseline step)."""
    described = client.describe_model_package(ModelPackageName=package)
    quality = described.get("DriftCheckBaselines", {}).get("ModelDataQuality", {})
    try:
        return {
            "BaselineConstraintsUri": quality["Constraints"]["S3Uri"],
            "BaselineStatisticsUri": quality["Statistics"]["S3Uri"],
        }
    except KeyError:
        raise NoBaseline(
            f"{package} has no data-quality baseline (DriftCheckBaselines.ModelDataQuality): "
            "register models with the model-build pipeline's DataQualityBaseline step"
        ) from None


def stage_config(base: dict, *, stage: str, project: str, project_id: str, package: str,
                 role: str, bucket: str, baseline: dict | None = None) -> dict:
    """The CloudFormation configuration file of `stage` (`Parameters` and `Tags`)."""
    prefix = f"s3://{bucket}/{project}-{project_id}"
    parameters = dict(base.get("Parameters", {}))
    parameters.update(
        {
            "SageMakerProjectName": project,
            "SageMakerProjectId": project_id,
            "ModelPackageName": package,
            "ModelExecutionRoleArn": role,
            "StageName": stage,
            "DataCaptureUploadPath": f"{prefix}/datacapture/{stage}",
        }
    )
    if baseline is not None:
        parameters.update(baseline)
        parameters["MonitoringReportsPath"] = f"{prefix}/monitoring/{stage}"
    tags = dict(base.get("Tags", {}))
    tags.update({"sagemaker:project-name": project, "sagemaker:project-id": project_id})
    return {"Parameters": parameters, "Tags": tags}


def deployed_package(cloudformation, stack: str) -> str | None:
    """The model package `stack` runs (its `ModelPackageName` parameter); None without one."""
    try:
        stacks = cloudformation.describe_stacks(StackName=stack)["Stacks"]
    except ClientError as e:
        if "does not exist" in str(e):
            return None
        raise
    for parameter in stacks[0].get("Parameters", []):
        if parameter["ParameterKey"] == "ModelPackageName":
            return parameter.get("ParameterValue")
    return None


def main(argv: list[str] | None = None) -> None:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-package-group-name", default=env("SOURCE_MODEL_PACKAGE_GROUP_NAME"))
    parser.add_argument("--project-name", default=env("SAGEMAKER_PROJECT_NAME", "{{ project_slug }}"))
    parser.add_argument("--project-id", default=env("SAGEMAKER_PROJECT_ID", ""))
    parser.add_argument("--model-execution-role", default=env("MODEL_EXECUTION_ROLE_ARN"))
    parser.add_argument("--artifact-bucket", default=env("ARTIFACT_BUCKET"))
    parser.add_argument("--region", default=env("AWS_REGION"), help="default: AWS_REGION")
    parser.add_argument(
        "--unless-deployed", metavar="STACK",
        help="write nothing when STACK already runs the newest approved model",
    )
    parser.add_argument(
        "--allow-none", action="store_true",
        help="write nothing, and succeed, when no model is approved yet",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    session = boto3.Session(region_name=args.region)
    client = session.client("sagemaker")
    try:
        package = newest_approved(client, args.model_package_group_name)
    except NoApprovedModel as e:
        if not args.allow_none:
            raise SystemExit(str(e)) from None
        log.warning("%s; nothing to deploy", e)
        return
    if args.unless_deployed:
        if deployed_package(session.client("cloudformation"), args.unless_deployed) == package:
            log.info("%s already runs %s: nothing to deploy", args.unless_deployed, package)
            return
    found = baseline(client, package) if MONITORED else None
    log.info("deploying %s", package)
    for stage in ("staging", "prod"):
        with open(f"{stage}-config.json", encoding="utf-8") as f:
            base = json.load(f)
        config = stage_config(
            base,
            stage=stage,
            project=args.project_name,
            project_id=args.project_id,
            package=package,
            role=args.model_execution_role,
            bucket=args.artifact_bucket,
            baseline=found,
        )
        with open(f"{stage}-config-export.json", "w", encoding="utf-8") as f:
            json.dump(config, f, indent=2)


if __name__ == "__main__":
    main()
