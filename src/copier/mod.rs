//! Copier templates (`copier.yml`), the format teams choose when they want updates.
//!
//! So far jig reads a Copier template's configuration as Copier 9 does (`config`: every
//! document, `!include`, the merge rules, settings and questions in both forms) and shows it
//! (`jig show`). Rendering, updating and the conformance harness against real Copier are the
//! rest of issue 20; until then `jig new`, `check` and `update` refuse a Copier template by
//! name instead of reporting a missing `blueprint.yaml`.

pub(crate) mod config;

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("cannot read {}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("{} is not a valid Copier configuration: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("{} has both copier.yml and copier.yaml", dir.display())]
    TwoConfigs { dir: PathBuf },
    #[error("{} is a Copier template, and this jig cannot render Copier templates yet", dir.display())]
    NotYet { dir: PathBuf },
}
