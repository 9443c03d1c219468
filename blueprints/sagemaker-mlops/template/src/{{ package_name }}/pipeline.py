"""The {{ project_name }} model build pipeline, written with the SageMaker Python SDK.

preprocess -> train (XGBoost) -> evaluate -> register the model in the project's model package
group when its validation AUC reaches the threshold (pending manual approval: approving it in
Studio starts the model-deploy repository's pipeline), else fail.

`python -m {{ package_name }}.pipeline` prints the definition; `--upsert` creates or updates
the pipeline in SageMaker and `--start` runs it (CodeBuild does both on every push to main).
The tests build the definition offline.
"""

from __future__ import annotations

import argparse
import json
import os

import boto3
import sagemaker
from sagemaker.estimator import Estimator
from sagemaker.inputs import TrainingInput
from sagemaker.model import Model
from sagemaker.model_metrics import MetricsSource, ModelMetrics
from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor
from sagemaker.sklearn.processing import SKLearnProcessor
from sagemaker.workflow.condition_step import ConditionStep
from sagemaker.workflow.conditions import ConditionGreaterThanOrEqualTo
from sagemaker.workflow.fail_step import FailStep
from sagemaker.workflow.functions import Join, JsonGet
from sagemaker.workflow.model_step import ModelStep
from sagemaker.workflow.parameters import ParameterFloat, ParameterString
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.pipeline_context import PipelineSession
from sagemaker.workflow.properties import PropertyFile
from sagemaker.workflow.steps import ProcessingStep, TrainingStep

PIPELINE_NAME = "{{ project_slug }}-build"
MODEL_PACKAGE_GROUP = os.environ.get("MODEL_PACKAGE_GROUP", "{{ project_slug }}")
REGION = "{{ aws_region }}"
TRAINING_INSTANCE = "{{ instance_type }}"
MAX_RUNTIME_SECONDS = {{ max_runtime_hours }} * 3600
APPROVAL_THRESHOLD = {{ approval_threshold }}
USES_GPU = {{ "True" if use_gpu else "False" }}
XGBOOST_VERSION = "1.7-1"

HERE = os.path.dirname(os.path.abspath(__file__))


def get_pipeline(role_arn: str, bucket: str, region: str = REGION) -> Pipeline:
    """The pipeline, its step arguments captured by a PipelineSession (nothing runs)."""
    session = PipelineSession(
        boto_session=boto3.Session(region_name=region), default_bucket=bucket
    )
    prefix = f"s3://{bucket}/{PIPELINE_NAME}"
    input_data = ParameterString(name="InputDataUrl", default_value=f"{prefix}/input/")
    instance_type = ParameterString(name="TrainingInstanceType", default_value=TRAINING_INSTANCE)
    threshold = ParameterFloat(name="ApprovalThreshold", default_value=APPROVAL_THRESHOLD)

    sklearn = SKLearnProcessor(
        framework_version="1.2-1",
        instance_type="ml.m5.xlarge",
        instance_count=1,
        base_job_name=f"{PIPELINE_NAME}-preprocess",
        role=role_arn,
        sagemaker_session=session,
    )
    preprocess = ProcessingStep(
        name="Preprocess",
        step_args=sklearn.run(
            inputs=[ProcessingInput(source=input_data, destination="/opt/ml/processing/input")],
            outputs=[
                ProcessingOutput(output_name="train", source="/opt/ml/processing/train"),
                ProcessingOutput(output_name="validation", source="/opt/ml/processing/validation"),
            ],
            code=os.path.join(HERE, "preprocess.py"),
        ),
    )

    image = sagemaker.image_uris.retrieve(
        "xgboost", region, version=XGBOOST_VERSION, instance_type=TRAINING_INSTANCE
    )
    estimator = Estimator(
        image_uri=image,
        instance_type=instance_type,
        instance_count=1,
        output_path=f"{prefix}/model",
        base_job_name=f"{PIPELINE_NAME}-train",
        max_run=MAX_RUNTIME_SECONDS,
        role=role_arn,
        sagemaker_session=session,
    )
    estimator.set_hyperparameters(objective="binary:logistic", eval_metric="auc", num_round=100)
    outputs = preprocess.properties.ProcessingOutputConfig.Outputs
    train = TrainingStep(
        name="Train",
        step_args=estimator.fit(
            inputs={
                channel: TrainingInput(outputs[channel].S3Output.S3Uri, content_type="text/csv")
                for channel in ("train", "validation")
            }
        ),
    )

    report = PropertyFile(name="Evaluation", output_name="evaluation", path="evaluation.json")
    evaluator = ScriptProcessor(
        image_uri=image,
        command=["python3"],
        instance_type="ml.m5.xlarge",
        instance_count=1,
        base_job_name=f"{PIPELINE_NAME}-evaluate",
        role=role_arn,
        sagemaker_session=session,
    )
    evaluate = ProcessingStep(
        name="Evaluate",
        step_args=evaluator.run(
            inputs=[
                ProcessingInput(
                    source=train.properties.ModelArtifacts.S3ModelArtifacts,
                    destination="/opt/ml/processing/model",
                ),
                ProcessingInput(
                    source=outputs["validation"].S3Output.S3Uri,
                    destination="/opt/ml/processing/validation",
                ),
            ],
            outputs=[
                ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/evaluation")
            ],
            code=os.path.join(HERE, "evaluate.py"),
        ),
        property_files=[report],
    )

    evaluation_uri = evaluate.arguments["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
    metrics = ModelMetrics(
        model_statistics=MetricsSource(
            s3_uri=Join(on="/", values=[evaluation_uri, "evaluation.json"]),
            content_type="application/json",
        )
    )
    model = Model(
        image_uri=image,
        model_data=train.properties.ModelArtifacts.S3ModelArtifacts,
        role=role_arn,
        sagemaker_session=session,
    )
    register = ModelStep(
        name="Register",
        step_args=model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.m5.large", "ml.m5.xlarge"],
            transform_instances=["ml.m5.large"],
            model_package_group_name=MODEL_PACKAGE_GROUP,
            approval_status="PendingManualApproval",
            model_metrics=metrics,
        ),
    )
    check = ConditionStep(
        name="CheckAUC",
        conditions=[
            ConditionGreaterThanOrEqualTo(
                left=JsonGet(step_name=evaluate.name, property_file=report, json_path="metrics.auc.value"),
                right=threshold,
            )
        ],
        if_steps=[register],
        else_steps=[FailStep(name="AUCTooLow", error_message=Join(on=" ", values=["AUC below", threshold]))],
    )
    return Pipeline(
        name=PIPELINE_NAME,
        parameters=[input_data, instance_type, threshold],
        steps=[preprocess, train, evaluate, check],
        sagemaker_session=session,
    )


def definition(role_arn: str, bucket: str) -> dict:
    """The pipeline definition as SageMaker stores it."""
    return json.loads(get_pipeline(role_arn, bucket).definition())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--role-arn", default=os.environ.get("SAGEMAKER_PIPELINE_ROLE_ARN"))
    parser.add_argument("--bucket", default=os.environ.get("ARTIFACT_BUCKET"))
    parser.add_argument("--upsert", action="store_true", help="create or update the pipeline in SageMaker")
    parser.add_argument("--start", action="store_true", help="start an execution after --upsert")
    args = parser.parse_args(argv)
    if not args.role_arn or not args.bucket:
        parser.error("--role-arn and --bucket (or SAGEMAKER_PIPELINE_ROLE_ARN and ARTIFACT_BUCKET) are needed")
    pipeline = get_pipeline(args.role_arn, args.bucket)
    if not args.upsert:
        print(json.dumps(json.loads(pipeline.definition()), indent=2))
        return
    pipeline.upsert(role_arn=args.role_arn)
    if args.start:
        pipeline.start()


if __name__ == "__main__":
    main()
