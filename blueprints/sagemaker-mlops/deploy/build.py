"""Finds the newest approved model package of the project's group and writes the CloudFormation
parameters of each stage: `staging-config.json` -> `staging-config-export.json`, and the same
for prod. CodeBuild runs it before CodePipeline deploys the stages."""

from __future__ import annotations

import argparse
import json
import logging
import os

import boto3

log = logging.getLogger("build")


class NoApprovedModel(Exception):
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


def stage_config(base: dict, *, stage: str, project: str, project_id: str, package: str,
                 role: str) -> dict:
    """The CloudFormation configuration file of `stage` (`Parameters` and `Tags`)."""
    parameters = dict(base.get("Parameters", {}))
    parameters.update(
        {
            "SageMakerProjectName": project,
            "SageMakerProjectId": project_id,
            "ModelPackageName": package,
            "ModelExecutionRoleArn": role,
            "StageName": stage,
        }
    )
    tags = dict(base.get("Tags", {}))
    tags.update({"sagemaker:project-name": project, "sagemaker:project-id": project_id})
    return {"Parameters": parameters, "Tags": tags}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-package-group-name", default=os.environ.get("SOURCE_MODEL_PACKAGE_GROUP_NAME"))
    parser.add_argument("--project-name", default=os.environ.get("SAGEMAKER_PROJECT_NAME", "{{ project_slug }}"))
    parser.add_argument("--project-id", default=os.environ.get("SAGEMAKER_PROJECT_ID", ""))
    parser.add_argument("--model-execution-role", default=os.environ.get("MODEL_EXECUTION_ROLE_ARN"))
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "{{ aws_region }}"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    client = boto3.client("sagemaker", region_name=args.region)
    package = newest_approved(client, args.model_package_group_name)
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
        )
        with open(f"{stage}-config-export.json", "w", encoding="utf-8") as f:
            json.dump(config, f, indent=2)


if __name__ == "__main__":
    main()
