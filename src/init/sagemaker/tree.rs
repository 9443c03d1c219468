//! A seed tree, whole: every file of a seed folder or zip, read as git would store it (bytes,
//! the executable bit, symlinks as links), and the check that a rendered repository holds
//! exactly that tree.
//!
//! Nothing is filtered by name: notebook checkpoints, `__pycache__`, `build/`, `dist/`,
//! dotfiles and files the seed's own `.gitignore` names are all seed code that AWS's tooling
//! would have committed, so they are all imported. The one thing left out is a `.git`
//! directory (at any depth): it is a repository's history, not a file git can commit. Whatever
//! cannot be a file of a blueprint (a device, a socket, a name that is not UTF-8, a name with
//! template delimiters, a link that leaves the seed) is refused by name, never skipped.

use super::super::{io, Error, NewFile, NewKind};
use std::io::Read;
use std::path::Path;

/// What a seed entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SeedKind {
    File { bytes: Vec<u8>, executable: bool },
    Symlink { target: String },
}

/// One entry of a seed tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SeedFile {
    pub rel: String,
    pub kind: SeedKind,
}

impl SeedFile {
    /// The file in the blueprint: under the repository's template folder.
    pub(crate) fn as_new_file(&self, repository: &str) -> NewFile {
        NewFile {
            path: format!("{repository}/{}", self.rel),
            kind: match &self.kind {
                SeedKind::File { bytes, executable } => NewKind::File {
                    bytes: bytes.clone(),
                    mode: if *executable { 0o755 } else { 0o644 },
                },
                SeedKind::Symlink { target } => NewKind::Symlink {
                    target: target.clone(),
                },
            },
        }
    }
}

fn refuse(path: &Path, why: String) -> Error {
    Error::SeedEntry {
        path: path.to_path_buf(),
        why,
    }
}

/// The seed tree at `path` (a folder or a zip), in path order, checked to be a tree a
/// blueprint can hold.
pub(crate) fn read(path: &Path) -> Result<Vec<SeedFile>, Error> {
    let tree = if path.is_dir() {
        read_dir(path)?
    } else {
        read_zip(path, crate::archive::Budget::of_run())?
    };
    check(path, &tree)?;
    Ok(tree)
}

/// Every entry of the folder `root` but `.git`, in path order.
pub(crate) fn read_dir(root: &Path) -> Result<Vec<SeedFile>, Error> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !(e.file_type().is_dir() && e.file_name() == ".git"));
    for entry in walker {
        let entry = entry.map_err(|e| Error::Io {
            action: "read",
            path: e.path().unwrap_or(root).to_path_buf(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let path = entry.path();
        let rel = path.strip_prefix(root).expect("below the root");
        let Some(rel) = rel.to_str() else {
            return Err(refuse(path, "its name is not UTF-8".into()));
        };
        let kind = entry.file_type();
        let kind = if kind.is_dir() {
            continue;
        } else if kind.is_symlink() {
            let target = std::fs::read_link(path).map_err(io("read", path))?;
            let Some(target) = target.to_str() else {
                return Err(refuse(path, "its link target is not UTF-8".into()));
            };
            SeedKind::Symlink {
                target: target.to_string(),
            }
        } else if kind.is_file() {
            let meta = entry.metadata().map_err(|e| Error::Io {
                action: "read",
                path: path.to_path_buf(),
                source: std::io::Error::other(e.to_string()),
            })?;
            SeedKind::File {
                bytes: std::fs::read(path).map_err(io("read", path))?,
                executable: meta.permissions().mode() & 0o111 != 0,
            }
        } else {
            return Err(refuse(
                path,
                "it is neither a file, a folder nor a symlink".into(),
            ));
        };
        out.push(SeedFile {
            rel: rel.to_string(),
            kind,
        });
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

/// The seed-code zip at `path`, within `budget`: its entry count from the central directory,
/// each file's size as declared and then as it decompresses. Unix symlinks (mode `0o120000`)
/// stay links; entries under a `.git/` folder are left out, as for a folder.
pub(crate) fn read_zip(
    path: &Path,
    budget: crate::archive::Budget,
) -> Result<Vec<SeedFile>, Error> {
    use crate::archive::Over;
    let over = |over| Error::SeedZipOver {
        path: path.to_path_buf(),
        over,
    };
    let file = std::fs::File::open(path).map_err(io("read", path))?;
    let bad = |e: zip::result::ZipError| Error::Io {
        action: "read the zip",
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    };
    let mut archive = zip::ZipArchive::new(file).map_err(bad)?;
    budget.entry(archive.len() as u64).map_err(over)?;
    let mut out = Vec::new();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(bad)?;
        if entry.is_dir() {
            continue;
        }
        // A name that would leave the tree is refused, as everywhere in jig.
        let raw = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let Some(rel) = entry.enclosed_name() else {
            return Err(Error::Io {
                action: "read the zip",
                path: path.to_path_buf(),
                source: std::io::Error::other(format!("entry `{raw}` leads outside the archive")),
            });
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.split('/').any(|part| part == ".git") {
            continue;
        }
        let mode = entry.unix_mode();
        budget.declared(&rel, entry.size()).map_err(over)?;
        // The declared size may lie: never read more than one file's worth.
        let mut bytes = Vec::new();
        (&mut entry)
            .take(budget.file_size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(io("read the zip", path))?;
        if bytes.len() as u64 > budget.file_size {
            return Err(over(Over::File {
                path: Some(rel),
                limit: budget.file_size,
            }));
        }
        total += bytes.len() as u64;
        if total > budget.total {
            return Err(over(Over::Total {
                limit: budget.total_limit,
            }));
        }
        let kind = match mode {
            Some(m) if m & 0o170000 == 0o120000 => SeedKind::Symlink {
                target: String::from_utf8(bytes).map_err(|_| {
                    refuse(path, format!("the link target of `{rel}` is not UTF-8"))
                })?,
            },
            _ => SeedKind::File {
                bytes,
                executable: mode.is_some_and(|m| m & 0o111 != 0),
            },
        };
        out.push(SeedFile { rel, kind });
    }
    crate::archive::Budget::spent(total);
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

/// Refuses a tree a blueprint cannot give back as it is: a name `jig new` would render (it
/// holds template delimiters), a link that leads outside the seed or loops.
fn check(at: &Path, tree: &[SeedFile]) -> Result<(), Error> {
    let open = ["{{", "{%", "{#"];
    if let Some(f) = tree.iter().find(|f| open.iter().any(|o| f.rel.contains(o))) {
        return Err(Error::TemplatedName {
            path: f.rel.clone(),
        });
    }
    let links: std::collections::HashMap<&str, &str> = tree
        .iter()
        .filter_map(|f| match &f.kind {
            SeedKind::Symlink { target } => Some((f.rel.as_str(), target.as_str())),
            SeedKind::File { .. } => None,
        })
        .collect();
    for (link, target) in &links {
        if crate::render::paths::resolve_link(link, target, &links).is_err() {
            return Err(refuse(
                &at.join(link),
                format!("it links to `{target}`, outside the seed (or in a loop), which a generated repository cannot hold"),
            ));
        }
    }
    Ok(())
}

/// The files of the tree a `.gitignore` of the tree names: they are in the working tree
/// `jig new` writes, and git leaves them out of its first commit, as it would anyone's.
pub(crate) fn ignored(tree: &[SeedFile]) -> Vec<String> {
    use ignore::gitignore::GitignoreBuilder;
    let mut ignores: Vec<(String, ignore::gitignore::Gitignore)> = Vec::new();
    for f in tree {
        let (dir, name) = f.rel.rsplit_once('/').unwrap_or(("", f.rel.as_str()));
        let SeedKind::File { bytes, .. } = &f.kind else {
            continue;
        };
        if name != ".gitignore" {
            continue;
        }
        let mut builder = GitignoreBuilder::new(Path::new("/").join(dir));
        for line in String::from_utf8_lossy(bytes).lines() {
            // A line git would not read either is simply not a rule.
            let _ = builder.add_line(None, line);
        }
        if let Ok(gi) = builder.build() {
            ignores.push((dir.to_string(), gi));
        }
    }
    if ignores.is_empty() {
        return Vec::new();
    }
    // Shallow first, so that a deeper .gitignore decides last, as in git.
    ignores.sort_by_key(|(dir, _)| match dir.is_empty() {
        true => 0,
        false => dir.matches('/').count() + 1,
    });
    let below = |dir: &str, rel: &str| dir.is_empty() || rel.starts_with(&format!("{dir}/"));
    tree.iter()
        .filter(|f| {
            let path = Path::new("/").join(&f.rel);
            // The deepest .gitignore that decides wins, as in git.
            let mut verdict = false;
            for (dir, gi) in &ignores {
                if !below(dir, &f.rel) {
                    continue;
                }
                match gi.matched_path_or_any_parents(&path, false) {
                    ignore::Match::Ignore(_) => verdict = true,
                    ignore::Match::Whitelist(_) => verdict = false,
                    ignore::Match::None => {}
                }
            }
            verdict
        })
        .map(|f| f.rel.clone())
        .collect()
}

/// Whether `dir` (a rendered repository) holds exactly `tree` (its `.jig/` aside): what
/// differs, if anything, named.
pub(crate) fn compare(dir: &Path, tree: &[SeedFile]) -> Result<(), String> {
    let rendered = read_dir(dir).map_err(|e| e.to_string())?;
    let rendered: Vec<&SeedFile> = rendered
        .iter()
        .filter(|f| !f.rel.starts_with(".jig/"))
        .collect();
    let want: std::collections::BTreeSet<&str> = tree.iter().map(|f| f.rel.as_str()).collect();
    let got: std::collections::BTreeSet<&str> = rendered.iter().map(|f| f.rel.as_str()).collect();
    if want != got {
        let missing: Vec<&&str> = want.difference(&got).collect();
        let extra: Vec<&&str> = got.difference(&want).collect();
        return Err(format!(
            "files differ: missing {missing:?}, extra {extra:?}"
        ));
    }
    for (a, b) in tree.iter().zip(rendered) {
        if a.kind != b.kind {
            let what = match (&a.kind, &b.kind) {
                (SeedKind::Symlink { .. }, SeedKind::File { .. })
                | (SeedKind::File { .. }, SeedKind::Symlink { .. }) => {
                    "is a file on one side and a link on the other"
                }
                (SeedKind::Symlink { .. }, SeedKind::Symlink { .. }) => "links elsewhere",
                (SeedKind::File { bytes: x, .. }, SeedKind::File { bytes: y, .. }) if x != y => {
                    "renders to other bytes"
                }
                _ => "renders with another executable bit",
            };
            return Err(format!("{} {what}", a.rel));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{Budget, Over};
    use std::io::Write;

    fn zip_of(files: &[(&str, usize)]) -> tempfile::NamedTempFile {
        let tmp = tempfile::NamedTempFile::new().unwrap();
        let mut out = zip::ZipWriter::new(std::fs::File::create(tmp.path()).unwrap());
        for (name, size) in files {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            out.start_file(*name, options).unwrap();
            out.write_all(&vec![0u8; *size]).unwrap();
        }
        out.finish().unwrap();
        tmp
    }

    #[test]
    fn a_seed_zip_is_read_within_the_budget() {
        let zip = zip_of(&[("a.txt", 1000), ("b/c.txt", 1000), ("d.txt", 1000)]);
        let path = zip.path();
        let files = read_zip(path, Budget::new(1000, 3000, 3)).unwrap();
        assert_eq!(files.len(), 3);
        let over = |budget| match read_zip(path, budget) {
            Err(Error::SeedZipOver { over, .. }) => over,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            over(Budget::new(999, 3000, 3)),
            Over::File {
                path: Some("a.txt".into()),
                limit: 999
            }
        );
        assert_eq!(
            over(Budget::new(1000, 2999, 3)),
            Over::Total { limit: 2999 }
        );
        assert_eq!(over(Budget::new(1000, 3000, 2)), Over::Entries { limit: 2 });
    }

    fn file(rel: &str, text: &str) -> SeedFile {
        SeedFile {
            rel: rel.into(),
            kind: SeedKind::File {
                bytes: text.as_bytes().to_vec(),
                executable: false,
            },
        }
    }

    #[test]
    fn the_files_a_seeds_gitignore_names_are_listed_as_git_decides() {
        let tree = vec![
            file(".gitignore", "build/\n*.pyc\n!keep.pyc\n"),
            file("build/out.txt", ""),
            file("keep.pyc", ""),
            file("src/a.pyc", ""),
            file("src/.gitignore", "local.txt\n"),
            file("src/local.txt", ""),
            file("local.txt", ""),
            file("src/main.py", ""),
        ];
        assert_eq!(
            ignored(&tree),
            ["build/out.txt", "src/a.pyc", "src/local.txt"]
        );
    }

    #[test]
    fn a_link_out_of_the_seed_is_refused() {
        let tree = vec![SeedFile {
            rel: "a/link".into(),
            kind: SeedKind::Symlink {
                target: "../../etc/passwd".into(),
            },
        }];
        let err = check(Path::new("seed"), &tree).unwrap_err().to_string();
        assert_eq!(err, "cannot import seed/a/link: it links to `../../etc/passwd`, outside the seed (or in a loop), which a generated repository cannot hold");
    }
}
