"""The {{ project_name }} model build pipeline, as a SageMaker Pipelines definition.

The definition is built as plain data (pipeline definition schema 2020-12-01), so it can be
tested without AWS. `--upsert` sends it to SageMaker with boto3 (`pip install -e '.[aws]'`).
"""

from __future__ import annotations

import argparse
import json
import os

PIPELINE_NAME = "{{ project_slug }}-build"
MODEL_PACKAGE_GROUP = "{{ project_slug }}"
REGION = "{{ aws_region }}"
TRAINING_INSTANCE = "{{ instance_type }}"
MAX_RUNTIME_SECONDS = {{ max_runtime_hours }} * 3600
APPROVAL_THRESHOLD = {{ approval_threshold }}
USES_GPU = {{ "True" if use_gpu else "False" }}


def _param(name: str, kind: str, default) -> dict:
    return {"Name": name, "Type": kind, "DefaultValue": default}


def _get(name: str) -> dict:
    return {"Get": f"Parameters.{name}"}


def definition(role_arn: str, bucket: str) -> dict:
    """The pipeline definition: preprocess -> train -> evaluate -> register if good enough."""
    prefix = f"s3://{bucket}/{PIPELINE_NAME}"
    image = f"683313688378.dkr.ecr.{REGION}.amazonaws.com/sagemaker-xgboost:1.7-1"
    processing = {
        "ProcessingResources": {
            "ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 30}
        },
        "AppSpecification": {"ImageUri": image},
        "RoleArn": role_arn,
    }
    return {
        "Version": "2020-12-01",
        "Metadata": {},
        "Parameters": [
            _param("InputDataUrl", "String", f"{prefix}/input/"),
            _param("TrainingInstanceType", "String", TRAINING_INSTANCE),
            _param("ApprovalThreshold", "Float", APPROVAL_THRESHOLD),
        ],
        "Steps": [
            {
                "Name": "Preprocess",
                "Type": "Processing",
                "Arguments": {
                    **processing,
                    "ProcessingInputs": [
                        {
                            "InputName": "input",
                            "S3Input": {
                                "S3Uri": _get("InputDataUrl"),
                                "LocalPath": "/opt/ml/processing/input",
                                "S3DataType": "S3Prefix",
                                "S3InputMode": "File",
                            },
                        }
                    ],
                    "ProcessingOutputConfig": {
                        "Outputs": [
                            {
                                "OutputName": name,
                                "S3Output": {
                                    "S3Uri": f"{prefix}/{name}/",
                                    "LocalPath": f"/opt/ml/processing/{name}",
                                    "S3UploadMode": "EndOfJob",
                                },
                            }
                            for name in ("train", "validation")
                        ]
                    },
                },
            },
            {
                "Name": "Train",
                "Type": "Training",
                "DependsOn": ["Preprocess"],
                "Arguments": {
                    "AlgorithmSpecification": {"TrainingImage": image, "TrainingInputMode": "File"},
                    "ResourceConfig": {
                        "InstanceCount": 1,
                        "InstanceType": _get("TrainingInstanceType"),
                        "VolumeSizeInGB": 30,
                    },
                    "StoppingCondition": {"MaxRuntimeInSeconds": MAX_RUNTIME_SECONDS},
                    "OutputDataConfig": {"S3OutputPath": f"{prefix}/model/"},
                    "RoleArn": role_arn,
                },
            },
            {
                "Name": "Evaluate",
                "Type": "Processing",
                "DependsOn": ["Train"],
                "Arguments": processing,
                "PropertyFiles": [
                    {"PropertyFileName": "Evaluation", "OutputName": "evaluation", "FilePath": "evaluation.json"}
                ],
            },
            {
                "Name": "CheckAUC",
                "Type": "Condition",
                "DependsOn": ["Evaluate"],
                "Arguments": {
                    "Conditions": [
                        {
                            "Type": "GreaterThanOrEqualTo",
                            "LeftValue": {
                                "Std:JsonGet": {
                                    "PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.Evaluation"},
                                    "Path": "metrics.auc.value",
                                }
                            },
                            "RightValue": _get("ApprovalThreshold"),
                        }
                    ],
                    "IfSteps": [
                        {
                            "Name": "Register",
                            "Type": "RegisterModel",
                            "Arguments": {
                                "ModelPackageGroupName": MODEL_PACKAGE_GROUP,
                                "ModelApprovalStatus": "Approved",
                                "InferenceSpecification": {
                                    "Containers": [{"Image": image}],
                                    "SupportedContentTypes": ["text/csv"],
                                    "SupportedResponseMIMETypes": ["text/csv"],
                                },
                            },
                        }
                    ],
                    "ElseSteps": [],
                },
            },
        ],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--role-arn", default=os.environ.get("SAGEMAKER_PIPELINE_ROLE_ARN", "arn:aws:iam::000000000000:role/placeholder"))
    parser.add_argument("--bucket", default=os.environ.get("ARTIFACT_BUCKET", "placeholder-bucket"))
    parser.add_argument("--upsert", action="store_true", help="create or update the pipeline in SageMaker")
    parser.add_argument("--start", action="store_true", help="start an execution after --upsert")
    args = parser.parse_args(argv)
    body = definition(args.role_arn, args.bucket)
    if not args.upsert:
        print(json.dumps(body, indent=2))
        return
    import boto3  # only needed when talking to AWS

    client = boto3.client("sagemaker", region_name=REGION)
    request = {"PipelineName": PIPELINE_NAME, "PipelineDefinition": json.dumps(body), "RoleArn": args.role_arn}
    try:
        client.create_pipeline(**request)
    except client.exceptions.ResourceInUse:
        client.update_pipeline(**request)
    if args.start:
        client.start_pipeline_execution(PipelineName=PIPELINE_NAME)


if __name__ == "__main__":
    main()
