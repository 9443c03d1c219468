"""Checks a deployed endpoint: in service, and it answers one CSV row."""

from __future__ import annotations

import argparse
import sys

import boto3


def check(client, runtime, endpoint: str, row: str) -> str:
    status = client.describe_endpoint(EndpointName=endpoint)["EndpointStatus"]
    if status != "InService":
        raise SystemExit(f"{endpoint} is {status}, not InService")
    response = runtime.invoke_endpoint(EndpointName=endpoint, ContentType="text/csv", Body=row)
    return response["Body"].read().decode()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint-name", required=True)
    parser.add_argument("--row", default="0.5,0.5,0.5")
    args = parser.parse_args(argv)
    answer = check(boto3.client("sagemaker"), boto3.client("sagemaker-runtime"), args.endpoint_name, args.row)
    print(f"{args.endpoint_name} answered {answer!r}")


if __name__ == "__main__":
    sys.exit(main())
