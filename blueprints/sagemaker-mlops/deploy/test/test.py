"""Checks a deployed endpoint: in service, and it scores real rows.

`rows.csv` holds three rows of the model-build repository's `data/abalone.csv`, encoded as its
`preprocess.py` encodes them (sex one-hot M, F, I, then the seven measurements; no label), the
request the endpoint gets. Each answer must be a probability.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import boto3

ROWS = Path(__file__).with_name("rows.csv")


def check(client, runtime, endpoint: str, rows: list[str]) -> list[float]:
    status = client.describe_endpoint(EndpointName=endpoint)["EndpointStatus"]
    if status != "InService":
        raise SystemExit(f"{endpoint} is {status}, not InService")
    scores = []
    for row in rows:
        response = runtime.invoke_endpoint(EndpointName=endpoint, ContentType="text/csv", Body=row)
        answer = response["Body"].read().decode().strip()
        try:
            score = float(answer.split(",")[0])
        except ValueError:
            raise SystemExit(f"{endpoint} answered {answer!r} to {row!r}, not a score") from None
        if not 0 <= score <= 1:
            raise SystemExit(f"{endpoint} answered {score} to {row!r}, not a probability")
        scores.append(score)
    return scores


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint-name", required=True)
    parser.add_argument("--rows", default=str(ROWS), help="a CSV file of requests, one a line")
    args = parser.parse_args(argv)
    rows = [line for line in Path(args.rows).read_text().splitlines() if line.strip()]
    session = boto3.Session()
    scores = check(session.client("sagemaker"), session.client("sagemaker-runtime"),
                   args.endpoint_name, rows)
    print(f"{args.endpoint_name} scored {len(rows)} rows: {scores}")


if __name__ == "__main__":
    sys.exit(main())
