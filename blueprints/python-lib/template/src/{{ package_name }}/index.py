"""Where this library is published: the CodeArtifact PyPI endpoint."""

DOMAIN = "{{ codeartifact_domain }}"
OWNER = "{{ codeartifact_owner }}"
REGION = "{{ aws_region }}"
REPOSITORY = "{{ codeartifact_repository }}"


def index_url(domain: str = DOMAIN, owner: str = OWNER, region: str = REGION, repository: str = REPOSITORY) -> str:
    """The simple-index URL pip and uv install from."""
    return f"https://{domain}-{owner}.d.codeartifact.{region}.amazonaws.com/pypi/{repository}/simple/"
