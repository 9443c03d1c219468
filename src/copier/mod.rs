//! Copier templates (`copier.yml`), the format teams choose when they want updates.
//!
//! jig reads a Copier template's configuration as Copier 9 does (`config`), answers its
//! questions with Copier's typing and rules (`questions`), renders it with Copier's Jinja
//! dialect (`jinja`: its filters, `{% yield %}`, `_envops`) and walk (`plan`: `_subdirectory`,
//! `_exclude` as gitignore patterns (`pathspec`), `_templates_suffix`, templated names), and
//! writes the answers file the template itself describes, with PyYAML's exact output
//! (`pyyaml`). `generate` drives the shared staging / write / git pipeline; a template's own
//! Python extensions run through `crate::jinja_ext`, with trust.

pub(crate) mod answers;
mod ask;
pub(crate) mod casting;
pub(crate) mod config;
pub(crate) mod context;
pub(crate) mod filters;
pub(crate) mod generate;
pub(crate) mod jinja;
pub(crate) mod lint;
pub(crate) mod migrations;
pub(crate) mod pathspec;
pub(crate) mod plan;
pub(crate) mod pyyaml;
mod question;
pub(crate) mod questions;
mod so_far;
pub(crate) mod template;

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("cannot read {}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("{} is not a valid Copier configuration: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("`!include` loops in {}: {}", template.display(), chain.join(" -> "))]
    IncludeLoop {
        template: PathBuf,
        chain: Vec<String>,
    },
    #[error("`!include` nests more than {limit} files deep in {}: {}", template.display(), chain.join(" -> "))]
    IncludeDepth {
        template: PathBuf,
        chain: Vec<String>,
        limit: usize,
    },
    #[error("`!include` reads more than {limit} files in {}", template.display())]
    IncludeCount { template: PathBuf, limit: usize },
    #[error("{} has both copier.yml and copier.yaml", dir.display())]
    TwoConfigs { dir: PathBuf },
    #[error(transparent)]
    Extensions(#[from] crate::jinja_ext::Error),
    #[error(transparent)]
    Untrusted(#[from] crate::trust::Untrusted),
    /// A ContextHook raised, or gave a value jig cannot render with.
    #[error("{}: {message}", path.display())]
    ContextHook { path: PathBuf, message: String },
    #[error("{} needs Copier {wanted} or newer (`_min_copier_version`); jig renders Copier templates as Copier {}", path.display(), template::COPIER_VERSION)]
    MinVersion { path: PathBuf, wanted: String },
    #[error("`_external_data.{name}` reads `{path}`, outside the project")]
    ExternalOutside { name: String, path: String },
    #[error(transparent)]
    Plan(#[from] plan::Error),
    #[error(transparent)]
    Questions(#[from] questions::Error),
}

/// Runs `script` with the test venv's Python (where Copier and its libraries are) on `input`
/// and reads its JSON answer: unit tests compare jig's ports with the originals this way.
#[cfg(test)]
pub(crate) fn test_python<T: serde::de::DeserializeOwned>(script: &str, input: &str) -> T {
    use std::io::Write;
    let python = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run ./scripts/test-deps first",
        python.display()
    );
    let mut child = std::process::Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python starts");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(input.as_bytes())
        .expect("written");
    let output = child.wait_with_output().expect("python ran");
    assert!(output.status.success(), "the reference script failed");
    serde_json::from_slice(&output.stdout).expect("the script prints JSON")
}
