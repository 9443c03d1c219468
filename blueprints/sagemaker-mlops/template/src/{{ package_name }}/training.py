"""How {{ project_name }}'s model is trained: SageMaker's built-in XGBoost in the pipeline,
the same hyperparameters for the local run (`local.py`, xgboost from PyPI)."""

from __future__ import annotations

#: The built-in algorithm's version (its image is looked up for the project's region).
XGBOOST_VERSION = "1.7-1"
#: The training instance type answered when the project was made; a GPU type trains with
#: XGBoost's GPU tree method.
TRAINING_INSTANCE = "{{ instance_type }}"
USES_GPU = {{ "True" if use_gpu else "False" }}
MAX_RUNTIME_SECONDS = {{ max_runtime_hours }} * 3600

HYPERPARAMETERS = {
    "objective": "binary:logistic",
    "eval_metric": "auc",
    "num_round": 60,
    "max_depth": 4,
    "eta": 0.2,
    "subsample": 0.8,
    "min_child_weight": 2,
    "tree_method": "gpu_hist" if USES_GPU else "hist",
}


def local_parameters() -> tuple[dict, int]:
    """`xgboost.train`'s parameters and number of rounds, for a CPU (the GPU tree method of
    the 1.7 container is `device: cuda` in the xgboost releases on PyPI)."""
    params = {k: v for k, v in HYPERPARAMETERS.items() if k != "num_round"}
    params["tree_method"] = "hist"
    params["seed"] = 7
    return params, int(HYPERPARAMETERS["num_round"])
