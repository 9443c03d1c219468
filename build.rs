//! Embeds `blueprints/` and `hooks/` in the binary with their permission bits, so first-party
//! blueprints work from any directory with no network and their scripts stay executable.

use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it was compiled: a build script compiled for one
    // checkout and reused by another (a shared or copied target directory) would otherwise
    // embed the first checkout's blueprints.
    let manifest_dir =
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir);
    let mut out = String::new();
    for dir in ["blueprints", "hooks"] {
        println!("cargo:rerun-if-changed={dir}");
        let mut files = Vec::new();
        collect(&root.join(dir), &root.join(dir), &mut files);
        files.sort();
        writeln!(
            out,
            "pub(super) static {}: &[(&str, u32, &[u8])] = &[",
            dir.to_uppercase()
        )
        .unwrap();
        for (rel, mode, abs) in files {
            writeln!(out, "    ({rel:?}, {mode:#o}, include_bytes!({abs:?})),").unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(dest, out).unwrap();
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, u32, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            collect(base, &path, files);
        } else if meta.is_file() {
            let rel = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let mode = meta.permissions().mode() & 0o777;
            files.push((rel, mode, path.to_string_lossy().into_owned()));
        }
    }
}
