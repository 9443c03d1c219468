//! Writing a commit's tree out as a checkout: files with their executable bit, symlinks as
//! symlinks, submodules left out.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Writes `tree` below `dir`: files with their executable bit, symlinks as symlinks.
/// Submodules are left out (a blueprint is one repository's files).
pub(super) fn write_tree(
    repo: &git2::Repository,
    tree: &git2::Tree,
    dir: &Path,
) -> std::io::Result<()> {
    for entry in tree.iter() {
        let name = entry
            .name()
            .map_err(|_| std::io::Error::other("a path in the repository is not UTF-8"))?;
        if name.contains('/') || name == ".." || name == "." || name == ".git" {
            continue;
        }
        let path = dir.join(name);
        let object = entry.to_object(repo).map_err(std::io::Error::other)?;
        match entry.kind() {
            Some(git2::ObjectType::Tree) => {
                std::fs::create_dir(&path)?;
                write_tree(repo, object.as_tree().expect("a tree"), &path)?;
            }
            Some(git2::ObjectType::Blob) => {
                let blob = object.as_blob().expect("a blob");
                if entry.filemode() == 0o120000 {
                    let target = String::from_utf8_lossy(blob.content()).into_owned();
                    std::os::unix::fs::symlink(target, &path)?;
                } else {
                    std::fs::write(&path, blob.content())?;
                    let mode = if entry.filemode() & 0o111 != 0 {
                        0o755
                    } else {
                        0o644
                    };
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}
