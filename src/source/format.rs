//! What kind of template a folder is: a jig blueprint (`blueprint.yaml`), a Cookiecutter
//! template (`cookiecutter.json`) or a Copier template (`copier.yml`, or no manifest at all
//! when the project directory is named), and which one is read when a folder is two.

use super::{Error, Options};
use std::path::Path;

/// What kind of template a source directory holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Jig,
    Cookiecutter,
    /// A Copier template (`copier.yml`, or no manifest at all when the project directory is
    /// named: `jig new SRC DEST`).
    Copier,
}

impl Format {
    /// How `--template-format` and the answers file's `format:` spell it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Jig => "jig",
            Format::Cookiecutter => "cookiecutter",
            Format::Copier => "copier",
        }
    }

    /// The format a recorded `format:` names (absent or unknown: none).
    pub(crate) fn parse(name: &str) -> Option<Format> {
        [Format::Jig, Format::Cookiecutter, Format::Copier]
            .into_iter()
            .find(|f| f.name() == name)
    }

    /// The file that makes a folder this kind of template.
    pub(crate) fn manifest(self) -> &'static str {
        match self {
            Format::Jig => crate::blueprint::MANIFEST_FILE,
            Format::Cookiecutter => COOKIECUTTER_FILE,
            Format::Copier => COPIER_FILES[0],
        }
    }

    pub(crate) fn described(self) -> &'static str {
        match self {
            Format::Jig => "a jig blueprint",
            Format::Cookiecutter => "a Cookiecutter template",
            Format::Copier => "a Copier template",
        }
    }
}

/// The file that makes a directory a Cookiecutter template (`blueprint.yaml` makes it a jig
/// blueprint): how a source's format is told.
pub(crate) const COOKIECUTTER_FILE: &str = "cookiecutter.json";

/// The files that make a directory a Copier template (either one; both is an error there).
pub(crate) const COPIER_FILES: [&str; 2] = ["copier.yml", "copier.yaml"];

/// A directory holding a template of any of the three formats (by its manifest).
pub(super) fn is_template_dir(dir: &Path) -> bool {
    format_of(dir).is_ok()
}

/// The formats a folder holds, in the order jig prefers them when nothing is asked for.
fn formats_in(path: &Path) -> Vec<Format> {
    let mut found = Vec::new();
    if path.join(crate::blueprint::MANIFEST_FILE).is_file() {
        found.push(Format::Jig);
    }
    if path.join(COOKIECUTTER_FILE).is_file() {
        found.push(Format::Cookiecutter);
    }
    if COPIER_FILES.iter().any(|f| path.join(f).is_file()) {
        found.push(Format::Copier);
    }
    found
}

/// The format to read `path` as, and the other formats it also holds (which the user is told
/// about). `--template-format` picks among them; a named project directory makes Copier the
/// choice between Cookiecutter and Copier, and a folder with no manifest a Copier template.
pub(crate) fn detect(
    path: &Path,
    given: &str,
    opts: &Options,
) -> Result<(Format, Vec<Format>), Error> {
    let found = formats_in(path);
    let chosen = match opts.format {
        Some(wanted) if found.contains(&wanted) => wanted,
        // Copier's own semantics: any folder is a template, with no questions.
        Some(Format::Copier) if found.is_empty() => Format::Copier,
        Some(wanted) => {
            return Err(Error::NotThatFormat {
                given: given.to_string(),
                path: path.to_path_buf(),
                wanted,
                found,
            })
        }
        None if found.is_empty() && opts.dest_named => Format::Copier,
        None if found.is_empty() => {
            return Err(Error::NoManifest {
                path: path.to_path_buf(),
                given: given.to_string(),
            })
        }
        None if opts.dest_named && found == [Format::Cookiecutter, Format::Copier] => {
            Format::Copier
        }
        None => found[0],
    };
    let others = found.into_iter().filter(|f| *f != chosen).collect();
    Ok((chosen, others))
}

/// The format a folder is read as when nothing is asked for (no manifest: an error).
pub(crate) fn format_of(path: &Path) -> Result<Format, Error> {
    detect(path, &path.display().to_string(), &Options::default()).map(|(format, _)| format)
}
