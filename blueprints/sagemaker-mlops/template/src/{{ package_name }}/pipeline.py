"""The {{ project_name }} model build pipeline, written with the SageMaker Python SDK.

preprocess -> {% if enable_model_monitor %}data-quality baseline -> {% endif %}train (built-in XGBoost) -> evaluate on the held-out test set ->
register the model in the project's model package group when its test AUC reaches the
threshold (pending manual approval: approving it in Studio starts the model-deploy
repository's pipeline), else fail.

`python -m {{ package_name }}.pipeline` prints the definition; `--upsert` creates or updates
the pipeline in SageMaker, tagged with the project's name and id so that Studio lists it on
the project's page, `--start` runs it and `--wait` waits for the execution (CodeBuild does all
three on every push to main, so a failed execution fails the build). The region and account
are those of the AWS session (CodeBuild's `AWS_REGION`), never fixed in the code; the project's
names come from the environment CodeBuild sets (`SAGEMAKER_PROJECT_NAME`, ...).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

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
{%- if enable_model_monitor %}
from sagemaker.drift_check_baselines import DriftCheckBaselines
from sagemaker.model_monitor.dataset_format import DatasetFormat
from sagemaker.workflow.check_job_config import CheckJobConfig
from sagemaker.workflow.execution_variables import ExecutionVariables
from sagemaker.workflow.quality_check_step import DataQualityCheckConfig, QualityCheckStep
{%- endif %}

from .training import (
    HYPERPARAMETERS,
    MAX_RUNTIME_SECONDS,
    TRAINING_INSTANCE,
    XGBOOST_VERSION,
)

APPROVAL_THRESHOLD = {{ approval_threshold }}
PROCESSING_INSTANCE = "ml.m5.xlarge"
MONITORED = {{ "True" if enable_model_monitor else "False" }}
HERE = os.path.dirname(os.path.abspath(__file__))


class Project:
    """Where the pipeline runs and what it is called, from CodeBuild's environment."""

    def __init__(self, env=os.environ):
        self.name = env.get("SAGEMAKER_PROJECT_NAME", "{{ project_slug }}")
        self.id = env.get("SAGEMAKER_PROJECT_ID", "local")
        self.role_arn = env.get("SAGEMAKER_PIPELINE_ROLE_ARN")
        self.bucket = env.get("ARTIFACT_BUCKET")
        # AWS's project templates name the pipeline and the model package group this way.
        self.pipeline_name = f"{self.name}-{self.id}"
        self.model_package_group = env.get("MODEL_PACKAGE_GROUP", self.pipeline_name)

    @property
    def tags(self) -> list[dict]:
        """The tags Studio finds the project's pipeline by."""
        return [
            {"Key": "sagemaker:project-name", "Value": self.name},
            {"Key": "sagemaker:project-id", "Value": self.id},
        ]

    @property
    def input_data(self) -> str:
        """Where the build uploads `data/` (the pipeline's default `InputDataUrl`)."""
        return f"s3://{self.bucket}/{self.pipeline_name}/input/"


def get_pipeline(project: Project, boto_session: boto3.Session) -> Pipeline:
    """The pipeline, its step arguments captured by a PipelineSession (nothing runs)."""
    region = boto_session.region_name
    if not region:
        raise SystemExit("no AWS region: set AWS_REGION (CodeBuild does) or pass --region")
    session = PipelineSession(boto_session=boto_session, default_bucket=project.bucket)
    prefix = f"s3://{project.bucket}/{project.pipeline_name}"
    input_data = ParameterString(name="InputDataUrl", default_value=project.input_data)
    instance_type = ParameterString(name="TrainingInstanceType", default_value=TRAINING_INSTANCE)
    threshold = ParameterFloat(name="ApprovalThreshold", default_value=APPROVAL_THRESHOLD)

    sklearn = SKLearnProcessor(
        framework_version="1.2-1",
        instance_type=PROCESSING_INSTANCE,
        instance_count=1,
        base_job_name=f"{project.pipeline_name}-preprocess",
        role=project.role_arn,
        sagemaker_session=session,
    )
    splits = ("train", "validation", "test", "baseline")
    preprocess = ProcessingStep(
        name="Preprocess",
        step_args=sklearn.run(
            inputs=[ProcessingInput(source=input_data, destination="/opt/ml/processing/input")],
            outputs=[
                ProcessingOutput(output_name=name, source=f"/opt/ml/processing/{name}")
                for name in splits
            ],
            code=os.path.join(HERE, "preprocess.py"),
        ),
    )
    outputs = preprocess.properties.ProcessingOutputConfig.Outputs
    steps = [preprocess]
{%- if enable_model_monitor %}

    # The data-quality baseline the endpoint's monitoring schedule compares traffic with:
    # statistics and constraints of the training features, registered with the model.
    baseline = QualityCheckStep(
        name="DataQualityBaseline",
        skip_check=True,
        register_new_baseline=True,
        quality_check_config=DataQualityCheckConfig(
            baseline_dataset=outputs["baseline"].S3Output.S3Uri,
            dataset_format=DatasetFormat.csv(header=False),
            output_s3_uri=Join(
                on="/", values=[prefix, "baseline", ExecutionVariables.PIPELINE_EXECUTION_ID]
            ),
        ),
        check_job_config=CheckJobConfig(
            role=project.role_arn,
            instance_count=1,
            instance_type=PROCESSING_INSTANCE,
            volume_size_in_gb=30,
            sagemaker_session=session,
        ),
        model_package_group_name=project.model_package_group,
    )
    steps.append(baseline)
{%- endif %}

    image = sagemaker.image_uris.retrieve(
        "xgboost", region, version=XGBOOST_VERSION, instance_type=TRAINING_INSTANCE
    )
    estimator = Estimator(
        image_uri=image,
        instance_type=instance_type,
        instance_count=1,
        output_path=f"{prefix}/model",
        base_job_name=f"{project.pipeline_name}-train",
        max_run=MAX_RUNTIME_SECONDS,
        role=project.role_arn,
        sagemaker_session=session,
    )
    estimator.set_hyperparameters(**HYPERPARAMETERS)
    train = TrainingStep(
        name="Train",
        step_args=estimator.fit(
            inputs={
                channel: TrainingInput(outputs[channel].S3Output.S3Uri, content_type="text/csv")
                for channel in ("train", "validation")
            }
        ),
    )
    steps.append(train)

    report = PropertyFile(name="Evaluation", output_name="evaluation", path="evaluation.json")
    evaluator = ScriptProcessor(
        image_uri=image,
        command=["python3"],
        instance_type=PROCESSING_INSTANCE,
        instance_count=1,
        base_job_name=f"{project.pipeline_name}-evaluate",
        role=project.role_arn,
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
                    source=outputs["test"].S3Output.S3Uri,
                    destination="/opt/ml/processing/test",
                ),
            ],
            outputs=[
                ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/evaluation")
            ],
            code=os.path.join(HERE, "evaluate.py"),
        ),
        property_files=[report],
    )
    steps.append(evaluate)

    evaluation = evaluate.arguments["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
    statistics = dict(
        model_statistics=MetricsSource(
            s3_uri=Join(on="/", values=[evaluation, "evaluation.json"]),
            content_type="application/json",
        ),
    )
    drift = {}
{%- if enable_model_monitor %}
    statistics.update(
        model_data_statistics=MetricsSource(
            s3_uri=baseline.properties.CalculatedBaselineStatistics,
            content_type="application/json",
        ),
        model_data_constraints=MetricsSource(
            s3_uri=baseline.properties.CalculatedBaselineConstraints,
            content_type="application/json",
        ),
    )
    drift["drift_check_baselines"] = DriftCheckBaselines(
        model_data_statistics=MetricsSource(
            s3_uri=baseline.properties.BaselineUsedForDriftCheckStatistics,
            content_type="application/json",
        ),
        model_data_constraints=MetricsSource(
            s3_uri=baseline.properties.BaselineUsedForDriftCheckConstraints,
            content_type="application/json",
        ),
    )
{%- endif %}
    model = Model(
        image_uri=image,
        model_data=train.properties.ModelArtifacts.S3ModelArtifacts,
        role=project.role_arn,
        sagemaker_session=session,
    )
    register = ModelStep(
        name="Register",
        step_args=model.register(
            content_types=["text/csv"],
            response_types=["text/csv"],
            inference_instances=["ml.m5.large", "ml.m5.xlarge"],
            transform_instances=["ml.m5.large"],
            model_package_group_name=project.model_package_group,
            approval_status="PendingManualApproval",
            model_metrics=ModelMetrics(**statistics),
            **drift,
        ),
    )
    auc = JsonGet(
        step_name=evaluate.name,
        property_file=report,
        json_path="binary_classification_metrics.auc.value",
    )
    check = ConditionStep(
        name="CheckAUC",
        conditions=[ConditionGreaterThanOrEqualTo(left=auc, right=threshold)],
        if_steps=[register],
        else_steps=[
            FailStep(
                name="AUCTooLow",
                error_message=Join(on=" ", values=["test AUC", auc, "is below", threshold]),
            )
        ],
    )
    steps.append(check)
    return Pipeline(
        name=project.pipeline_name,
        parameters=[input_data, instance_type, threshold],
        steps=steps,
        sagemaker_session=session,
    )


def definition(project: Project, boto_session: boto3.Session) -> dict:
    """The pipeline definition as SageMaker stores it."""
    return json.loads(get_pipeline(project, boto_session).definition())


def run(pipeline: Pipeline, project: Project, *, start: bool, wait: bool) -> int:
    """Creates or updates the pipeline, tagged; starts it and waits when asked. The exit code:
    0, or 1 when the execution did not succeed."""
    pipeline.upsert(role_arn=project.role_arn, tags=project.tags)
    print(f"upserted pipeline {project.pipeline_name}")
    if not start:
        return 0
    execution = pipeline.start()
    print(f"started {execution.arn}")
    if not wait:
        return 0
    # Poll every minute for as long as training may take, plus an hour for the other steps.
    attempts = MAX_RUNTIME_SECONDS // 60 + 60
    try:
        execution.wait(delay=60, max_attempts=attempts)
    except Exception as e:  # the waiter raises when the execution fails or stops
        for step in execution.list_steps():
            if step.get("StepStatus") == "Failed":
                print(f"step {step['StepName']} failed: {step.get('FailureReason', '')}")
        print(f"execution {execution.arn} did not succeed: {e}", file=sys.stderr)
        return 1
    print(f"execution {execution.arn} succeeded")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--region", default=os.environ.get("AWS_REGION"),
                        help="default: AWS_REGION (CodeBuild sets it), else the AWS session's")
    parser.add_argument("--upsert", action="store_true", help="create or update the pipeline")
    parser.add_argument("--start", action="store_true", help="start an execution after --upsert")
    parser.add_argument("--wait", action="store_true", help="wait for the started execution")
    args = parser.parse_args(argv)
    project = Project()
    if not project.role_arn or not project.bucket:
        parser.error("set SAGEMAKER_PIPELINE_ROLE_ARN and ARTIFACT_BUCKET (CodeBuild sets both)")
    boto_session = boto3.Session(region_name=args.region)
    pipeline = get_pipeline(project, boto_session)
    if not args.upsert:
        print(json.dumps(json.loads(pipeline.definition()), indent=2))
        return 0
    return run(pipeline, project, start=args.start, wait=args.wait)


if __name__ == "__main__":
    sys.exit(main())
