//! A sample's seed code: found where AWS's samples keep it, read from a folder or a zip.
//!
//! A product template names each repository's seed code by an S3 key
//! (`.../seedcode/mlops-shadow-deployment-build.zip`) that the sample's tooling zips from a
//! folder before upload. The folders are rarely named like the zips, so the search tries, in
//! order: `seedcode/STEM/`, `seedcode/STEM.zip`, a folder of `seedcode/` whose name ends the
//! stem (`build` for `...-build`), and, for a sample that seeds one repository, `seedcode/`
//! itself. `--seed` names it where none of these fits. A zip is read within the unpacking
//! budget (`archive`): it comes from a sample's author.

use super::super::{io, Error, NewFile, NewKind};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A file of a seed tree.
#[derive(Debug, Clone)]
pub(crate) struct SeedFile {
    pub rel: String,
    pub bytes: Vec<u8>,
    pub executable: bool,
}

impl SeedFile {
    /// The file in the blueprint: under the repository's template folder.
    pub(crate) fn as_new_file(&self, repository: &str) -> NewFile {
        NewFile {
            path: format!("{repository}/{}", self.rel),
            kind: NewKind::File {
                bytes: self.bytes.clone(),
                mode: if self.executable { 0o755 } else { 0o644 },
            },
        }
    }
}

/// The stem of a seed key: `a/b/seedcode/x-build.zip` -> `x-build`.
fn stem(key: &str) -> &str {
    let base = key.rsplit('/').next().unwrap_or(key);
    base.strip_suffix(".zip").unwrap_or(base)
}

/// The places `find` looks, in order, for the reader of an error.
pub(crate) fn looked_in(dir: &Path, key: &str) -> Vec<String> {
    let stem = stem(key);
    vec![
        format!("seedcode/{stem}/"),
        format!("seedcode/{stem}.zip"),
        format!("a folder of seedcode/ whose name ends `{stem}`"),
        format!(
            "{} itself, for a sample that seeds one repository",
            dir.join("seedcode").display()
        ),
    ]
}

/// Where the sample in `dir` keeps the seed code `key` names.
pub(crate) fn find(dir: &Path, key: &str, only_one: bool) -> Option<PathBuf> {
    let seedcode = dir.join("seedcode");
    let stem = stem(key);
    let exact = [seedcode.join(stem), seedcode.join(format!("{stem}.zip"))];
    if let Some(found) = exact.into_iter().find(|p| p.exists()) {
        return Some(found);
    }
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&seedcode)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let suffix = folders.iter().find(|p| {
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        stem.ends_with(&format!("-{name}")) || stem.ends_with(&format!("_{name}"))
    });
    match suffix {
        Some(found) => Some(found.clone()),
        None if only_one => Some(seedcode),
        None => None,
    }
}

/// The files of a seed folder (as git would commit them) or zip, in path order.
pub(crate) fn read(path: &Path) -> Result<Vec<SeedFile>, Error> {
    if path.is_dir() {
        let files = super::super::from_repo::repo_files(path)?;
        return Ok(files
            .into_iter()
            .filter_map(|f| match f.kind {
                NewKind::File { bytes, mode } => Some(SeedFile {
                    rel: f.rel,
                    bytes,
                    executable: mode & 0o111 != 0,
                }),
                NewKind::Symlink { .. } => None,
            })
            .collect());
    }
    read_zip(path, crate::archive::Budget::of_run())
}

/// The files of the seed-code zip at `path`, within `budget`: its entry count from the
/// central directory, each file's size as declared and then as it decompresses.
fn read_zip(path: &Path, budget: crate::archive::Budget) -> Result<Vec<SeedFile>, Error> {
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
        let executable = entry.unix_mode().is_some_and(|m| m & 0o111 != 0);
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
        out.push(SeedFile {
            rel,
            bytes,
            executable,
        });
    }
    crate::archive::Budget::spent(total);
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

/// Whether `dir` (a rendered repository) holds exactly `tree`: what differs, if anything.
pub(crate) fn compare(dir: &Path, tree: &[SeedFile]) -> Result<(), String> {
    let rendered = read(dir).map_err(|e| e.to_string())?;
    let rendered: Vec<&SeedFile> = rendered
        .iter()
        .filter(|f| !f.rel.starts_with(".jig/"))
        .collect();
    let names = |files: &mut dyn Iterator<Item = &SeedFile>| {
        files.map(|f| f.rel.clone()).collect::<Vec<_>>()
    };
    let (want, got) = (
        names(&mut tree.iter()),
        names(&mut rendered.iter().copied()),
    );
    if want != got {
        let missing: Vec<&String> = want.iter().filter(|n| !got.contains(n)).collect();
        let extra: Vec<&String> = got.iter().filter(|n| !want.contains(n)).collect();
        return Err(format!(
            "files differ: missing {missing:?}, extra {extra:?}"
        ));
    }
    for (a, b) in tree.iter().zip(rendered) {
        if a.bytes != b.bytes || a.executable != b.executable {
            return Err(format!("{} renders differently", a.rel));
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
}
