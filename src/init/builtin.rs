//! `jig init DEST --from-builtin NAME`: a first-party blueprint's files, as embedded in the
//! binary, to start a house blueprint from. Only the manifest's top-level `name:` changes
//! (to the new blueprint's name); everything else is written byte for byte.

use super::{Error, NewFile, NewKind};

/// The files of first-party blueprint `builtin`, renamed `name`.
pub(crate) fn files(builtin: &str, name: &str) -> Result<Vec<NewFile>, Error> {
    if !crate::embedded::blueprint_names().contains(&builtin) {
        return Err(Error::UnknownBuiltin {
            name: builtin.to_string(),
        });
    }
    Ok(crate::embedded::blueprint_files(builtin)
        .map(|(path, mode, bytes)| {
            let bytes = if path == crate::blueprint::MANIFEST_FILE {
                renamed(bytes, name)
            } else {
                bytes.to_vec()
            };
            NewFile {
                path: path.to_string(),
                kind: NewKind::File { bytes, mode },
            }
        })
        .collect())
}

/// The manifest with its first top-level `name:` line naming `name`.
fn renamed(manifest: &[u8], name: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(manifest);
    let mut done = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !done && line.starts_with("name:") {
            done = true;
            out.push_str(&format!("name: {name}"));
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(line);
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_top_level_name_changes() {
        let text =
            b"# name: in a comment\nname: sagemaker-mlops\nquestions:\n  name:\n    default: x\n";
        assert_eq!(
            String::from_utf8(renamed(text, "acme")).unwrap(),
            "# name: in a comment\nname: acme\nquestions:\n  name:\n    default: x\n"
        );
    }
}
