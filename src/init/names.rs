//! The file names `jig init --from` treats specially: build output it leaves out, and the
//! names tools look for, which it never templates (docs/authoring.md lists them).

/// Directories and files that are build output, not source, in the ecosystems we serve.
pub(super) const BUILD_OUTPUTS: &[&str] = &[
    ".git",
    "target",
    "node_modules",
    "__pycache__",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".ipynb_checkpoints",
    ".terraform",
    "cdk.out",
    ".aws-sam",
    ".DS_Store",
    "dist",
    "build",
    ".eggs",
];

/// File names that tools look for by name (CI configs, manifests, lock files): a value inside
/// one (`--var prefix=gitlab` in `.gitlab-ci.yml`) must not turn it into a template, or the
/// generated project's file would be renamed and the tool would not find it. Every dotfile
/// and dot-directory counts too (`.github`, `.pre-commit-config.yaml`, `.env`).
pub(crate) const TOOL_FILE_NAMES: &[&str] = &[
    "Dockerfile",
    "Containerfile",
    "Makefile",
    "GNUmakefile",
    "Jenkinsfile",
    "Procfile",
    "Vagrantfile",
    "Gemfile",
    "Gemfile.lock",
    "Rakefile",
    "Pipfile",
    "Pipfile.lock",
    "Cargo.toml",
    "Cargo.lock",
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "poetry.lock",
    "uv.lock",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "requirements.txt",
    "environment.yml",
    "tox.ini",
    "noxfile.py",
    "conftest.py",
    "go.mod",
    "go.sum",
    "CODEOWNERS",
    "LICENSE",
    "buildspec.yml",
    "buildspec.yaml",
    "cdk.json",
    "tsconfig.json",
    "samconfig.toml",
    "template.yaml",
    "serverless.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
    "compose.yml",
    "compose.yaml",
    "mkdocs.yml",
    "azure-pipelines.yml",
    "bitbucket-pipelines.yml",
    "Chart.yaml",
    "values.yaml",
    "kustomization.yaml",
];

/// True for a path component `jig init --from` must keep literally (see `TOOL_FILE_NAMES`).
pub(crate) fn tools_look_for(name: &str) -> bool {
    name.starts_with('.') || TOOL_FILE_NAMES.contains(&name)
}
