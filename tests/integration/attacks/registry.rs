//! Registries are input too: whoever can write a directory registry's share writes its
//! bundles, `index.json` and `meta.json`. Gzip bombs, tar headers that lie, too many
//! entries, and names, versions and digests that would become paths outside the registry or
//! the cache.

use super::*;
use flate2::{Compress, Compression, Crc, FlushCompress};

const MIB: u64 = 1 << 20;

/// A gzip stream built piece by piece. Each piece ends with a full flush, which resets the
/// compressor, so every MiB of zeros compresses to the same bytes: a stream that unpacks to
/// gigabytes is built in milliseconds, and only its few megabytes are ever held.
struct Gz {
    deflate: Compress,
    out: Vec<u8>,
    crc: Crc,
    zero_mib: Vec<u8>,
    zero_crc: Crc,
}

impl Gz {
    fn new() -> Gz {
        let mut gz = Gz {
            deflate: Compress::new(Compression::best(), false),
            // The gzip header: deflate, no flags, no time, unknown OS.
            out: vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255],
            crc: Crc::new(),
            zero_mib: Vec::new(),
            zero_crc: Crc::new(),
        };
        let zeros = vec![0u8; MIB as usize];
        gz.zero_mib = gz.compress(&zeros, FlushCompress::Full);
        assert_eq!(gz.compress(&zeros, FlushCompress::Full), gz.zero_mib);
        gz.zero_crc.update(&zeros);
        gz
    }

    fn compress(&mut self, data: &[u8], flush: FlushCompress) -> Vec<u8> {
        let mut out = Vec::new();
        let mut pos = 0;
        loop {
            out.reserve(64 * 1024);
            let before = self.deflate.total_in();
            self.deflate
                .compress_vec(&data[pos..], &mut out, flush)
                .unwrap();
            pos += (self.deflate.total_in() - before) as usize;
            if pos == data.len() && out.len() < out.capacity() {
                return out;
            }
        }
    }

    fn data(&mut self, bytes: &[u8]) {
        let compressed = self.compress(bytes, FlushCompress::Full);
        self.out.extend(compressed);
        self.crc.update(bytes);
    }

    fn zeros(&mut self, mib: u64) {
        for _ in 0..mib {
            self.out.extend_from_slice(&self.zero_mib);
            self.crc.combine(&self.zero_crc);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        let end = self.compress(&[], FlushCompress::Finish);
        self.out.extend(end);
        self.out.extend(self.crc.sum().to_le_bytes());
        self.out.extend(self.crc.amount().to_le_bytes());
        self.out
    }
}

/// A `.tar.gz` bundle written entry by entry, headers as given (they may lie).
struct Bundle {
    gz: Gz,
}

impl Bundle {
    /// A bundle that starts with a valid blueprint `name` `1.0.0`.
    fn new(name: &str) -> Bundle {
        let mut b = Bundle { gz: Gz::new() };
        let manifest = format!("name: {name}\nversion: 1.0.0\nproject_dir: \"{{{{ project_slug }}}}\"\nquestions:\n  project_slug:\n    default: demo\n");
        b.file("blueprint.yaml", manifest.as_bytes());
        b.file("template/README.md", b"{{ project_slug }}\n");
        b
    }

    fn header(path: &str, kind: tar::EntryType, size: u64) -> tar::Header {
        let mut h = tar::Header::new_gnu();
        h.set_path(path).unwrap();
        h.set_entry_type(kind);
        h.set_mode(0o644);
        h.set_size(size);
        h.set_cksum();
        h
    }

    fn raw(&mut self, header: &tar::Header) {
        self.gz.data(header.as_bytes());
    }

    fn padded(&mut self, bytes: &[u8]) {
        let mut block = bytes.to_vec();
        block.resize(bytes.len().div_ceil(512) * 512, 0);
        self.gz.data(&block);
    }

    fn file(&mut self, path: &str, bytes: &[u8]) {
        self.raw(&Self::header(
            path,
            tar::EntryType::Regular,
            bytes.len() as u64,
        ));
        self.padded(bytes);
    }

    /// A file of `mib` MiB of zeros, its header telling the truth.
    fn zero_file(&mut self, path: &str, mib: u64) {
        self.raw(&Self::header(path, tar::EntryType::Regular, mib * MIB));
        self.gz.zeros(mib);
    }

    fn finish(mut self) -> Vec<u8> {
        self.gz.data(&[0; 1024]);
        self.gz.finish()
    }
}

/// A PAX `size=` record: the length counts itself.
fn pax_size_record(size: u64) -> Vec<u8> {
    let body = format!(" size={size}\n");
    let mut len = body.len() + 1;
    while format!("{len}{body}").len() != len {
        len += 1;
    }
    format!("{len}{body}").into_bytes()
}

/// A directory registry `team` at `<sandbox>/registry`, the default one.
fn registry(sb: &Sandbox) -> std::path::PathBuf {
    let root = sb.path().join("registry");
    std::fs::create_dir_all(&root).unwrap();
    sb.write_config(&format!(
        "registries:\n  team:\n    type: directory\n    path: {}\ndefault_registry: team\n",
        root.display()
    ));
    root
}

fn meta(name: &str, version: &str, digest: &str) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "version": version,
        "digest": digest,
        "description": "",
        "questions": [],
        "jig_version": "0.1.0",
    })
}

/// Lists `entries` (`(key, version key, meta)`) in the registry's index.
fn write_index(root: &Path, entries: &[(&str, &str, serde_json::Value)]) {
    let mut blueprints = serde_json::Map::new();
    for (name, version, meta) in entries {
        let versions = blueprints
            .entry(name.to_string())
            .or_insert_with(|| serde_json::json!({}));
        versions[version] = meta.clone();
    }
    let index = serde_json::json!({"format": 1, "blueprints": blueprints});
    write(
        &root.join("index.json"),
        &serde_json::to_vec_pretty(&index).unwrap(),
    );
}

/// Publishes `bytes` as `name` 1.0.0 by hand, as a writer of the share could; the digest.
fn plant(root: &Path, name: &str, bytes: &[u8]) -> String {
    let digest = sha256_digest(bytes);
    let dir = root.join(name).join("1.0.0");
    write(&dir.join("bundle.tar.gz"), bytes);
    let meta = meta(name, "1.0.0", &digest);
    write(
        &dir.join("meta.json"),
        &serde_json::to_vec_pretty(&meta).unwrap(),
    );
    write_index(root, &[(name, "1.0.0", meta)]);
    digest
}

/// Every file below the cache, with its size: empty after a refused bundle.
fn cache_files(sb: &Sandbox) -> Vec<(String, u64)> {
    let root = sb.path().join("cache");
    walkdir::WalkDir::new(&root)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(&root).unwrap().display().to_string();
            (rel, e.metadata().map(|m| m.len()).unwrap_or(0))
        })
        .collect()
}

fn jig_new(sb: &Sandbox, source: &str, extra: &[&str]) -> (Option<i32>, String) {
    let started = std::time::Instant::now();
    let out = sb
        .jig()
        .args(["new", source, "--defaults", "-o", "out", "--no-git"])
        .args(extra)
        .output()
        .unwrap();
    eprintln!("jig new {source} {extra:?}: {:?}", started.elapsed());
    (out.status.code(), stderr(&out))
}

const LIMIT_HINT: &str = "hint: a blueprint is rarely that large: the bundle may be broken or hostile; tell the registry's owners\nhint: if it really is that large, raise the limit with";

#[test]
fn a_gzip_bomb_bundle_stops_at_the_output_limit_and_leaves_the_cache_empty() {
    let sb = Sandbox::new();
    let canary = outside(&sb);
    let root = registry(&sb);
    // 50 files of 60 MiB of zeros (each under the 64 MiB file limit): 3000 MiB in ~3 MB.
    let mut bomb = Bundle::new("bomb");
    for i in 0..50 {
        bomb.zero_file(&format!("template/zeros-{i:02}.bin"), 60);
    }
    let bytes = bomb.finish();
    eprintln!("bomb: {} bytes, unpacking to 3000 MiB", bytes.len());
    assert!(bytes.len() < 4_000_000, "{}", bytes.len());
    plant(&root, "bomb", &bytes);

    let (code, err) = jig_new(&sb, "bomb@1.0.0", &["--max-output-size", "100M"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err,
        format!("error: cannot unpack bomb 1.0.0 from registry `team`: it unpacks to more than 100 MiB (the --max-output-size limit)\n  nothing was kept in the cache\n{LIMIT_HINT} --max-output-size SIZE, JIG_MAX_OUTPUT_SIZE or `limits: output_size:` in the config file\n")
    );
    assert_eq!(cache_files(&sb), Vec::<(String, u64)>::new());
    assert!(!sb.out().exists());
    assert_outside_untouched(&canary);

    // The same limit from the environment.
    let out = sb
        .jig()
        .args(["new", "bomb@1.0.0", "--defaults", "-o", "out", "--no-git"])
        .env("JIG_MAX_OUTPUT_SIZE", "200M")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: cannot unpack bomb 1.0.0 from registry `team`: it unpacks to more than 200 MiB (the --max-output-size limit)\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(cache_files(&sb), Vec::<(String, u64)>::new());
}

#[test]
fn a_gzip_bomb_under_default_limits_stops_at_the_file_limit_before_writing() {
    let sb = Sandbox::new();
    let canary = outside(&sb);
    let root = registry(&sb);
    // One file of 3000 MiB of zeros: ~3 MB of bundle.
    let mut bomb = Bundle::new("bomb");
    bomb.zero_file("template/zeros.bin", 3000);
    let bytes = bomb.finish();
    assert!(bytes.len() < 4_000_000, "{}", bytes.len());
    plant(&root, "bomb", &bytes);

    let (code, err) = jig_new(&sb, "bomb@1.0.0", &[]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err,
        format!("error: cannot unpack bomb 1.0.0 from registry `team`: `template/zeros.bin` is larger than 64 MiB (the --max-file-size limit)\n  nothing was kept in the cache\n{LIMIT_HINT} --max-file-size SIZE, JIG_MAX_FILE_SIZE or `limits: file_size:` in the config file\n")
    );
    assert_eq!(cache_files(&sb), Vec::<(String, u64)>::new());
    assert!(!sb.out().exists());
    assert_outside_untouched(&canary);
}

#[test]
fn tar_headers_that_lie_about_sizes_do_not_get_past_the_limit() {
    let sb = Sandbox::new();
    let canary = outside(&sb);
    let root = registry(&sb);

    // The ustar header says 1 KiB; a PAX record (which readers must obey) says 300 MiB.
    let mut pax = Bundle::new("lying");
    let record = pax_size_record(300 * MIB);
    pax.raw(&Bundle::header(
        "PaxHeader",
        tar::EntryType::XHeader,
        record.len() as u64,
    ));
    pax.padded(&record);
    pax.raw(&Bundle::header(
        "template/big.bin",
        tar::EntryType::Regular,
        1024,
    ));
    pax.gz.zeros(300);
    plant(&root, "lying", &pax.finish());
    let (code, err) = jig_new(&sb, "lying@1.0.0", &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with("error: cannot unpack lying 1.0.0 from registry `team`: `template/big.bin` is larger than 64 MiB (the --max-file-size limit)\n  nothing was kept in the cache\n"),
        "{err}"
    );
    assert_eq!(cache_files(&sb), Vec::<(String, u64)>::new());

    // A GNU sparse file: nothing stored, 300 MiB of holes once unpacked (and 300 MiB of real
    // zeros once copied into a project).
    let mut sparse = Bundle::new("sparse");
    let mut h = Bundle::header("template/holes.bin", tar::EntryType::GNUSparse, 0);
    let gnu = h.as_gnu_mut().unwrap();
    gnu.set_real_size(300 * MIB);
    gnu.sparse[0].set_offset(300 * MIB);
    gnu.sparse[0].set_length(0);
    h.set_cksum();
    sparse.raw(&h);
    plant(&root, "sparse", &sparse.finish());
    let (code, err) = jig_new(&sb, "sparse@1.0.0", &[]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err,
        "error: cannot unpack sparse 1.0.0 from registry `team`: `template/holes.bin` is a sparse file; a bundle holds only files, folders and symlinks\n  nothing was kept in the cache\nhint: the bundle was not made by `jig publish`; nothing of it was used. Tell the registry's owners\n"
    );
    assert_eq!(cache_files(&sb), Vec::<(String, u64)>::new());

    // A header that says less than follows: the reader takes the header's word and stops at
    // the zeros, which read as the end of the archive; the rest is never unpacked.
    let mut short = Bundle::new("short");
    short.raw(&Bundle::header(
        "template/small.bin",
        tar::EntryType::Regular,
        512,
    ));
    short.gz.zeros(300);
    plant(&root, "short", &short.finish());
    let (code, err) = jig_new(&sb, "short@1.0.0", &[]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        std::fs::metadata(sb.out().join("demo/small.bin"))
            .unwrap()
            .len(),
        512
    );
    let cached: u64 = cache_files(&sb).iter().map(|(_, n)| n).sum();
    assert!(cached < MIB, "the cache holds {cached} bytes");
    assert!(!sb.out().join("demo/zeros.bin").exists());
    assert_outside_untouched(&canary);
}

#[test]
fn a_bundle_with_too_many_entries_is_refused() {
    let sb = Sandbox::new();
    let canary = outside(&sb);
    let root = registry(&sb);
    let mut many = Bundle::new("many");
    for i in 0..1500 {
        many.file(&format!("template/f{i}.txt"), b"");
    }
    plant(&root, "many", &many.finish());
    let (code, err) = jig_new(&sb, "many@1.0.0", &["--max-archive-entries", "1000"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err,
        format!("error: cannot unpack many 1.0.0 from registry `team`: it holds more than 1000 entries (the --max-archive-entries limit)\n  nothing was kept in the cache\n{LIMIT_HINT} --max-archive-entries N, JIG_MAX_ARCHIVE_ENTRIES or `limits: archive_entries:` in the config file\n")
    );
    assert_eq!(cache_files(&sb), Vec::<(String, u64)>::new());
    assert_outside_untouched(&canary);
    // Within the limit, the same bundle is a blueprint like any other.
    let (code, err) = jig_new(&sb, "many@1.0.0", &["--max-archive-entries", "2000"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(sb.out().join("demo/f1499.txt").exists());
}

const ENTRY_HINT: &str = "hint: the registry's metadata was not written by `jig publish`; nothing was read through it. Tell the registry's owners\n";

/// A valid bundle of `name` kept where a path made of a hostile name would lead.
fn bait(dir: &Path, name: &str) -> String {
    let bytes = Bundle::new(name).finish();
    write(&dir.join("1.0.0/bundle.tar.gz"), &bytes);
    sha256_digest(&bytes)
}

#[test]
fn registry_names_cannot_lead_outside_the_registry() {
    let sb = Sandbox::new();
    let canary = outside(&sb);
    let root = registry(&sb);
    let elsewhere = sb.path().join("elsewhere/x");
    let digest = bait(&elsewhere, "x");
    let cases = [
        // The index key is fine; the entry's own name walks out of the registry.
        (
            "x",
            meta("../elsewhere/x", "1.0.0", &digest),
            "error: registry `team`: the index entry `x` 1.0.0 has name `../elsewhere/x`, which differs from its key `x`\n".to_string(),
        ),
        (
            "x",
            meta(&elsewhere.display().to_string(), "1.0.0", &digest),
            format!("error: registry `team`: the index entry `x` 1.0.0 has name `{}`, which differs from its key `x`\n", elsewhere.display()),
        ),
    ];
    for (key, entry, want) in cases {
        write_index(&root, &[(key, "1.0.0", entry)]);
        let (code, err) = jig_new(&sb, "x@1.0.0", &[]);
        assert_eq!(code, Some(1), "{err}");
        assert_eq!(err, format!("{want}{ENTRY_HINT}"));
        assert!(!sb.out().exists());
    }

    // Keys that are paths: `jig list` reads every entry, and skips the registry, saying why.
    for key in ["../../x", "a/../../b", "/abs/x", "X"] {
        write_index(&root, &[(key, "1.0.0", meta(key, "1.0.0", &digest))]);
        let out = sb.jig().arg("list").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(&format!("warning: registry `team` skipped: registry `team`: the index entry `{key}` has name `{key}`, which is not a blueprint name (lowercase letters, digits, `-` and `_`)\n")),
            "{}",
            stderr(&out)
        );
        assert!(!stdout(&out).contains(key), "{}", stdout(&out));
    }
    assert_eq!(cache_files(&sb), Vec::<(String, u64)>::new());
    assert_outside_untouched(&canary);
}

#[test]
fn registry_versions_and_digests_are_checked_before_they_become_paths() {
    let sb = Sandbox::new();
    let canary = outside(&sb);
    let root = registry(&sb);
    let good = plant(&root, "x", &Bundle::new("x").finish());

    // A blueprint folder outside the cache, where `unpacked/<digest>` would lead.
    let foreign = sb.path().join("foreign");
    write(&foreign.join("blueprint.yaml"), manifest("").as_bytes());
    write(&foreign.join("template/stolen.txt"), b"from outside\n");
    // A file outside the cache, where `bundles/<digest>.tar.gz` would lead.
    let victim = sb.path().join("victim.tar.gz");
    write(&victim, b"keep me\n");
    // A first, good fetch fills the cache, so `unpacked/../..` and `bundles/../..` resolve.
    let out = sb
        .jig()
        .args(["new", "x@1.0.0", "--defaults", "-o", "first", "--no-git"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let cached = cache_files(&sb);
    assert_eq!(cached.len(), 3, "{cached:?}");

    let cases = [
        (
            "1.0.0",
            meta("x", "1.0.0", "sha256:../../../foreign"),
            "error: registry `team`: the index entry `x` 1.0.0 has digest `sha256:../../../foreign`, which is not a digest as jig writes them (`sha256:` and 64 lowercase hex digits)\n",
        ),
        (
            "1.0.0",
            meta("x", "1.0.0", "sha256:../../../victim"),
            "error: registry `team`: the index entry `x` 1.0.0 has digest `sha256:../../../victim`, which is not a digest as jig writes them (`sha256:` and 64 lowercase hex digits)\n",
        ),
        (
            "1.0.0",
            meta("x", "1.0.0+..", &good),
            "error: registry `team`: the index entry `x` 1.0.0 has version `1.0.0+..`, which is not a version (empty identifier segment in build metadata)\n",
        ),
        (
            "1.0.0",
            meta("x", "1.0.0+evil", &good),
            "error: registry `team`: the index entry `x` 1.0.0 has version `1.0.0+evil`, which differs from its key `1.0.0`\n",
        ),
        (
            "1.0.0",
            meta("x", "1.0.0", &good.to_uppercase().replace("SHA256", "sha256")),
            "",
        ),
    ];
    for (key, entry, want) in cases {
        let want = if want.is_empty() {
            format!("error: registry `team`: the index entry `x` 1.0.0 has digest `{}`, which is not a digest as jig writes them (`sha256:` and 64 lowercase hex digits)\n", entry["digest"].as_str().unwrap())
        } else {
            want.to_string()
        };
        write_index(&root, &[("x", key, entry)]);
        let (code, err) = jig_new(&sb, "x@1.0.0", &[]);
        assert_eq!(code, Some(1), "{err}");
        assert_eq!(err, format!("{want}{ENTRY_HINT}"));
        assert!(!sb.out().exists(), "a project was made");
        assert_eq!(read(&victim), "keep me\n");
        assert_eq!(cache_files(&sb), cached);
    }
    // A version key that is not a version.
    write_index(&root, &[("x", "../1.0.0", meta("x", "1.0.0", &good))]);
    let (code, err) = jig_new(&sb, "x@1.0.0", &[]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err,
        format!("error: registry `team`: the index entry `x` ../1.0.0 has version `../1.0.0`, which is not a version (unexpected character '.' while parsing major version number)\n{ENTRY_HINT}")
    );
    assert_eq!(listing(&foreign), vec!["blueprint.yaml", "template"]);
    assert_outside_untouched(&canary);
}

#[test]
fn a_meta_json_that_disagrees_with_its_folder_is_not_indexed() {
    let sb = Sandbox::new();
    let canary = outside(&sb);
    let root = registry(&sb);
    let digest = bait(&root.join("evil"), "evil");
    let planted = root.join("evil/1.0.0/meta.json");
    write(
        &planted,
        &serde_json::to_vec(&meta("../../x", "1.0.0", &digest)).unwrap(),
    );
    let bp = sb.path().join("src/good");
    versioned_blueprint(&bp, "good", "1.0.0", "fine");
    let out = sb.jig().arg("publish").arg(&bp).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!("error: registry `team`: {} has name `../../x`, which differs from its folder `evil`\n{ENTRY_HINT}", planted.display())
    );
    let index = std::fs::read_to_string(root.join("index.json")).unwrap_or_default();
    assert!(!index.contains("../../x"), "{index}");
    assert_outside_untouched(&canary);
}
