//! The three-way merge of `jig update`, decided file by file without touching the disk.
//!
//! base = the old version rendered with the old answers, theirs = the new version with the
//! new answers, ours = the working tree. Text merges use git's own algorithm (libgit2's
//! `merge_file`, the engine behind `git merge-file`), so results and conflict markers are
//! exactly what git users know. The rules for whole files:
//!
//! | base | ours | theirs | result |
//! |---|---|---|---|
//! | - | - | new | added |
//! | x | deleted | any | stays deleted (deleted on purpose) |
//! | x | x | removed | removed |
//! | x | changed | removed | kept, reported |
//! | - | a | b | merged as "added on both sides" |
//! | x | x | y | updated |
//! | x | y | x | kept |
//! | x | y | z | merged; text conflicts get markers, binaries and symlinks conflict whole |
//!
//! Create-once files are the team's after generation: created if new and absent, otherwise
//! left alone.

use super::tree::{Blob, Kind};

/// How a conflict is left for the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ConflictStyle {
    /// Conflict markers in the file, and the file unmerged in the git index.
    Inline,
    /// The new version in the file, the local changes it dropped in `<file>.rej`.
    Rej,
}

/// Labels written after conflict markers.
pub(crate) struct Labels {
    pub base: String,
    pub ours: String,
    pub theirs: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Outcome {
    /// Nothing changes (identical, or only the team changed it).
    Unchanged,
    /// The blueprint's change applied to an unchanged file.
    Updated,
    /// A file new in the blueprint.
    Added,
    /// Both sides' changes combined without conflict.
    Merged,
    /// Removed from the blueprint and unchanged here: deleted.
    Removed,
    /// Removed from the blueprint but changed here: kept.
    KeptChanged,
    /// Deleted by the team: stays deleted.
    KeptDeleted,
    /// A create-once file that exists: left alone.
    CreateOnce,
    /// Changes that overlap: left for the team to resolve.
    Conflict,
}

/// What to do with one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    Keep,
    Write(Blob),
    Delete,
    /// `file` goes into the working tree; with `rej`, the rejected local changes.
    Conflict {
        file: Blob,
        rej: Option<Vec<u8>>,
        base: Option<Blob>,
        ours: Blob,
        theirs: Blob,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub path: String,
    pub outcome: Outcome,
    pub action: Action,
}

pub(crate) struct Sides {
    pub base: Option<Blob>,
    pub ours: Option<Blob>,
    pub theirs: Option<Blob>,
    pub create_once: bool,
}

/// Decides what happens to `path`.
pub(crate) fn plan(
    path: &str,
    sides: Sides,
    style: ConflictStyle,
    labels: &Labels,
) -> Result<Step, git2::Error> {
    let step = |outcome, action| {
        Ok(Step {
            path: path.to_string(),
            outcome,
            action,
        })
    };
    let Sides {
        base,
        ours,
        theirs,
        create_once,
    } = sides;
    if create_once {
        return match (&base, ours, theirs) {
            (None, None, Some(t)) => step(Outcome::Added, Action::Write(t)),
            (Some(_), None, _) => step(Outcome::KeptDeleted, Action::Keep),
            (_, Some(_), _) => step(Outcome::CreateOnce, Action::Keep),
            _ => step(Outcome::Unchanged, Action::Keep),
        };
    }
    match (base, ours, theirs) {
        (_, None, None) => step(Outcome::Unchanged, Action::Keep),
        (None, None, Some(t)) => step(Outcome::Added, Action::Write(t)),
        (Some(_), None, Some(_)) => step(Outcome::KeptDeleted, Action::Keep),
        (None, Some(_), None) => step(Outcome::Unchanged, Action::Keep),
        (Some(b), Some(o), None) if b == o => step(Outcome::Removed, Action::Delete),
        (Some(_), Some(_), None) => step(Outcome::KeptChanged, Action::Keep),
        (base, Some(o), Some(t)) => {
            if o == t || base.as_ref() == Some(&t) {
                return step(Outcome::Unchanged, Action::Keep);
            }
            if base.as_ref() == Some(&o) {
                return step(Outcome::Updated, Action::Write(t));
            }
            merge(path, base, o, t, style, labels)
        }
    }
}

fn merge(
    path: &str,
    base: Option<Blob>,
    ours: Blob,
    theirs: Blob,
    style: ConflictStyle,
    labels: &Labels,
) -> Result<Step, git2::Error> {
    let kind = merged_kind(base.as_ref(), &ours, &theirs);
    let textual = |b: &Blob| b.kind != Kind::Symlink && !b.is_binary();
    let all_text = textual(&ours) && textual(&theirs) && base.as_ref().is_none_or(textual);
    let conflict = |file: Blob, rej| Step {
        path: path.to_string(),
        outcome: Outcome::Conflict,
        action: Action::Conflict {
            file,
            rej,
            base: base.clone(),
            ours: ours.clone(),
            theirs: theirs.clone(),
        },
    };
    if !all_text {
        // Binaries and symlinks: the newer side unless both changed.
        return Ok(match style {
            ConflictStyle::Inline => conflict(ours.clone(), None),
            ConflictStyle::Rej => conflict(theirs.clone(), Some(ours.bytes.clone())),
        });
    }
    // git2's `merge_file` does not initialise libgit2 itself; this does (once per process).
    let _ = git2::Oid::from_bytes(&[0; 20]);
    let empty = Vec::new();
    let base_bytes = base.as_ref().map_or(&empty, |b| &b.bytes);
    let run = |marker: Option<u16>| -> Result<(bool, Vec<u8>), git2::Error> {
        let mut opts = git2::MergeFileOptions::new();
        opts.ancestor_label(labels.base.as_str())
            .our_label(labels.ours.as_str())
            .their_label(labels.theirs.as_str());
        if let Some(size) = marker {
            // (Setting the default size explicitly makes libgit2 fail: leave it unset.)
            opts.marker_size(size);
        }
        fn input<'a>(path: &str, bytes: &'a [u8]) -> git2::MergeFileInput<'a> {
            let mut i = git2::MergeFileInput::new();
            i.path(path).content(bytes);
            i
        }
        let result = git2::merge_file(
            &input(path, base_bytes),
            &input(path, &ours.bytes),
            &input(path, &theirs.bytes),
            Some(&mut opts),
        )?;
        Ok((result.is_automergeable(), result.content().to_vec()))
    };
    let (clean, merged) = run(None)?;
    if clean {
        return Ok(Step {
            path: path.to_string(),
            outcome: Outcome::Merged,
            action: Action::Write(Blob {
                kind,
                bytes: merged,
            }),
        });
    }
    Ok(match style {
        ConflictStyle::Inline => conflict(
            Blob {
                kind,
                bytes: merged,
            },
            None,
        ),
        ConflictStyle::Rej => {
            // Markers long enough that no file line is mistaken for one.
            let (_, marked) = run(Some(REJ_MARKER))?;
            let with_theirs = take_side(&marked, false);
            let with_ours = take_side(&marked, true);
            let rej = rejected_hunks(path, &with_theirs, &with_ours);
            conflict(
                Blob {
                    kind,
                    bytes: with_theirs,
                },
                Some(rej),
            )
        }
    })
}

const REJ_MARKER: u16 = 41;

/// `marked` (merged with `REJ_MARKER`-long markers) with every conflict resolved to one side.
fn take_side(marked: &[u8], ours: bool) -> Vec<u8> {
    let open = "<".repeat(REJ_MARKER as usize);
    let mid = "=".repeat(REJ_MARKER as usize);
    let close = ">".repeat(REJ_MARKER as usize);
    let mut out = Vec::with_capacity(marked.len());
    // 0 outside a conflict, 1 in our side, 2 in theirs.
    let mut side = 0;
    for line in marked.split_inclusive(|b| *b == b'\n') {
        let text = String::from_utf8_lossy(line);
        if text.starts_with(&open) {
            side = 1;
        } else if side == 1 && text.starts_with(&mid) {
            side = 2;
        } else if side == 2 && text.starts_with(&close) {
            side = 0;
        } else if side == 0 || (side == 1) == ours {
            out.extend_from_slice(line);
        }
    }
    out
}

/// The local changes that a `rej` update left out: a patch from the file as written to the
/// file with the team's side of every conflict.
fn rejected_hunks(path: &str, written: &[u8], ours: &[u8]) -> Vec<u8> {
    let (a, b) = (
        String::from_utf8_lossy(written),
        String::from_utf8_lossy(ours),
    );
    similar::TextDiff::from_lines(a.as_ref(), b.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
        .into_bytes()
}

/// The executable bit follows the blueprint unless the team changed it.
fn merged_kind(base: Option<&Blob>, ours: &Blob, theirs: &Blob) -> Kind {
    match base {
        Some(b) if b.kind != ours.kind => ours.kind.clone(),
        _ => theirs.kind.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Option<Blob> {
        Some(Blob {
            kind: Kind::File { exec: false },
            bytes: s.as_bytes().to_vec(),
        })
    }

    fn labels() -> Labels {
        Labels {
            base: "base".into(),
            ours: "ours".into(),
            theirs: "theirs".into(),
        }
    }

    fn run(base: Option<Blob>, ours: Option<Blob>, theirs: Option<Blob>) -> Step {
        let sides = Sides {
            base,
            ours,
            theirs,
            create_once: false,
        };
        plan("f.txt", sides, ConflictStyle::Inline, &labels()).unwrap()
    }

    #[test]
    fn whole_file_rules() {
        assert_eq!(run(None, None, text("a")).outcome, Outcome::Added);
        assert_eq!(
            run(text("a"), None, text("b")).outcome,
            Outcome::KeptDeleted
        );
        assert_eq!(run(text("a"), text("a"), None).action, Action::Delete);
        assert_eq!(
            run(text("a"), text("x"), None).outcome,
            Outcome::KeptChanged
        );
        assert_eq!(
            run(text("a"), text("a"), text("b")).outcome,
            Outcome::Updated
        );
        assert_eq!(
            run(text("a"), text("b"), text("a")).outcome,
            Outcome::Unchanged
        );
    }

    #[test]
    fn separate_edits_merge_and_overlapping_ones_conflict() {
        let base = "one\ntwo\nthree\nfour\nfive\n";
        let ours = "ONE\ntwo\nthree\nfour\nfive\n";
        let theirs = "one\ntwo\nthree\nfour\nFIVE\n";
        let step = run(text(base), text(ours), text(theirs));
        assert_eq!(
            step.action,
            Action::Write(text("ONE\ntwo\nthree\nfour\nFIVE\n").unwrap())
        );

        let step = run(text(base), text("one\nTWO\n"), text("one\ntwo!\n"));
        let Action::Conflict { file, .. } = step.action else {
            panic!("expected a conflict: {step:?}");
        };
        let file = String::from_utf8(file.bytes).unwrap();
        assert!(file.contains("<<<<<<< ours\n"), "{file}");
        assert!(file.contains(">>>>>>> theirs\n"), "{file}");
    }

    #[test]
    fn rej_keeps_the_new_version_and_the_dropped_local_lines() {
        let sides = Sides {
            base: text("a\nb\nc\n"),
            ours: text("a\nB-local\nc\n"),
            theirs: text("a\nB-new\nc\n"),
            create_once: false,
        };
        let step = plan("f.txt", sides, ConflictStyle::Rej, &labels()).unwrap();
        let Action::Conflict { file, rej, .. } = step.action else {
            panic!("expected a conflict");
        };
        assert_eq!(file.bytes, b"a\nB-new\nc\n");
        let rej = String::from_utf8(rej.unwrap()).unwrap();
        assert!(rej.contains("-B-new\n+B-local\n"), "{rej}");
    }

    #[test]
    fn create_once_files_belong_to_the_team() {
        let sides = |base, ours| Sides {
            base,
            ours,
            theirs: text("new"),
            create_once: true,
        };
        let go = |s| {
            plan("f", s, ConflictStyle::Inline, &labels())
                .unwrap()
                .outcome
        };
        assert_eq!(go(sides(text("old"), text("mine"))), Outcome::CreateOnce);
        assert_eq!(go(sides(text("old"), None)), Outcome::KeptDeleted);
        assert_eq!(go(sides(None, None)), Outcome::Added);
    }
}
