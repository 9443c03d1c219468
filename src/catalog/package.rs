//! Local artifacts the product template refers to, packaged as `aws cloudformation package`
//! does: a Lambda function's or layer's code and a serverless function's `CodeUri` given as a
//! path are zipped, a nested stack's `TemplateURL` given as a path is uploaded (its own local
//! paths packaged the same way, relative to its folder), each under a content-addressed key
//! beside the version's template, and the property rewritten to point there. Paths are relative to the CloudFormation file and must stay inside the template
//! tree. Zips are deterministic (sorted entries, fixed times, modes from the exec bit), so the
//! same files always give the same key and bytes, and publishing again uploads nothing new.

use super::publish::Upload;
use super::Error;
use crate::yaml::{Mapping, Value};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Where the packaged files go and how their URLs are written.
pub struct Target<'a> {
    pub bucket: &'a str,
    /// `PREFIX/NAME/VERSION/artifacts`.
    pub prefix: &'a str,
    /// The template tree: no path may leave it.
    pub root: &'a Path,
    /// The CloudFormation file's folder, which paths are relative to.
    pub base: &'a Path,
    /// The CloudFormation file, for messages.
    pub file: &'a str,
}

/// One resource property that may name a local path, and how it is rewritten.
enum Rewrite {
    /// `{S3Bucket, S3Key}` (Lambda `Code`, layer `Content`).
    BucketKey,
    /// `s3://bucket/key` (serverless `CodeUri`, `ContentUri`).
    S3Uri,
    /// An HTTPS URL to the uploaded file itself, not zipped (nested stack `TemplateURL`).
    TemplateUrl,
}

const PROPERTIES: &[(&str, &str, Rewrite)] = &[
    ("AWS::Lambda::Function", "Code", Rewrite::BucketKey),
    ("AWS::Lambda::LayerVersion", "Content", Rewrite::BucketKey),
    ("AWS::Serverless::Function", "CodeUri", Rewrite::S3Uri),
    (
        "AWS::Serverless::LayerVersion",
        "ContentUri",
        Rewrite::S3Uri,
    ),
    (
        "AWS::CloudFormation::Stack",
        "TemplateURL",
        Rewrite::TemplateUrl,
    ),
];

/// Packages every local path in `doc`'s resources; returns the files to upload.
pub fn package(doc: &mut Mapping, target: &Target) -> Result<Vec<Upload>, Error> {
    let mut uploads = Vec::new();
    package_into(doc, target, &mut uploads, 0)?;
    Ok(uploads)
}

/// Nested stacks deeper than this are refused (a template that includes itself).
const MAX_NESTING: usize = 8;

/// Packages `doc`'s local paths into `uploads`; returns how many properties it rewrote.
fn package_into(
    doc: &mut Mapping,
    target: &Target,
    uploads: &mut Vec<Upload>,
    depth: usize,
) -> Result<usize, Error> {
    let mut rewritten = 0;
    let Some(Value::Mapping(resources)) = doc.get_mut("Resources") else {
        return Ok(rewritten);
    };
    for (_, resource) in resources.iter_mut() {
        let kind = resource
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let Some(Value::Mapping(props)) = resource.get_mut("Properties") else {
            continue;
        };
        for (_, property, rewrite) in PROPERTIES.iter().filter(|(k, _, _)| *k == kind) {
            let Some(Value::String(given)) = props.get(*property) else {
                continue;
            };
            if is_remote(given) {
                continue;
            }
            let path = local(target, given)?;
            let (body, ext) = match rewrite {
                Rewrite::TemplateUrl => (nested(target, &path, given, uploads, depth)?, "template"),
                _ if path.is_file() && is_archive(&path) => (read(target, &path)?, "zip"),
                _ => (zip(target, &path)?, "zip"),
            };
            let digest = hex::encode(Sha256::digest(&body));
            let key = format!("{}/{digest}.{ext}", target.prefix);
            let value = match rewrite {
                Rewrite::BucketKey => {
                    let mut m = Mapping::new();
                    m.insert("S3Bucket".into(), target.bucket.into());
                    m.insert("S3Key".into(), key.clone().into());
                    Value::Mapping(m)
                }
                Rewrite::S3Uri => format!("s3://{}/{key}", target.bucket).into(),
                Rewrite::TemplateUrl => super::cfn::tagged(
                    "!Sub",
                    format!(
                        "https://{}.s3.${{AWS::Region}}.${{AWS::URLSuffix}}/{key}",
                        target.bucket
                    )
                    .into(),
                ),
            };
            props.insert((*property).into(), value);
            rewritten += 1;
            if !uploads.iter().any(|u| u.key == key) {
                uploads.push(Upload { key, body });
            }
        }
    }
    Ok(rewritten)
}

/// A nested stack's template, its own local paths packaged too (relative to its folder); as
/// written when it has none.
fn nested(
    target: &Target,
    path: &Path,
    given: &str,
    uploads: &mut Vec<Upload>,
    depth: usize,
) -> Result<Vec<u8>, Error> {
    let bytes = read(target, path)?;
    let refuse = |message: String| Error::Package {
        file: target.file.to_string(),
        path: given.to_string(),
        message,
    };
    if depth >= MAX_NESTING {
        return Err(refuse(format!("nests stacks more than {MAX_NESTING} deep")));
    }
    let text = String::from_utf8(bytes.clone()).map_err(|_| refuse("is not UTF-8".into()))?;
    let Ok(Value::Mapping(mut doc)) = crate::yaml::from_str::<Value>(&text) else {
        return Ok(bytes); // not YAML jig can read (JSON is YAML): uploaded as written
    };
    let inner = Target {
        base: path.parent().unwrap_or(target.root),
        ..*target
    };
    if package_into(&mut doc, &inner, uploads, depth + 1)? == 0 {
        return Ok(bytes);
    }
    let text = crate::yaml::to_string(&Value::Mapping(doc)).map_err(|e| refuse(e.to_string()))?;
    Ok(text.into_bytes())
}

fn is_remote(given: &str) -> bool {
    ["s3://", "https://", "http://"]
        .iter()
        .any(|scheme| given.starts_with(scheme))
}

fn is_archive(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip") || e.eq_ignore_ascii_case("jar"))
}

/// `given` relative to the CloudFormation file's folder, inside the template tree.
fn local(target: &Target, given: &str) -> Result<PathBuf, Error> {
    let refuse = |why: &str| Error::Package {
        file: target.file.to_string(),
        path: given.to_string(),
        message: why.to_string(),
    };
    if given.starts_with('/') || given.contains('\\') || given.contains('\0') {
        return Err(refuse(&crate::render::paths::Unsafe::Absolute.to_string()));
    }
    // `..` is fine while it stays below the template tree (`../lambda` from a nested folder).
    let base = target
        .base
        .strip_prefix(target.root)
        .unwrap_or(Path::new(""));
    let mut parts: Vec<String> = base
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for part in given.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(refuse(&crate::render::paths::Unsafe::ParentDir.to_string()));
                }
            }
            p => parts.push(p.to_string()),
        }
    }
    let joined = parts.join("/");
    let path = target.root.join(&joined);
    let inside = path
        .canonicalize()
        .ok()
        .zip(target.root.canonicalize().ok())
        .is_some_and(|(p, root)| p.starts_with(root));
    if !inside {
        return Err(refuse("is not a file or folder of the template tree"));
    }
    Ok(path)
}

fn read(target: &Target, path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::Package {
        file: target.file.to_string(),
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// A deterministic zip of a folder's files (or of one file), paths relative to it.
fn zip(target: &Target, path: &Path) -> Result<Vec<u8>, Error> {
    let fail = |message: String| Error::Package {
        file: target.file.to_string(),
        path: path.display().to_string(),
        message,
    };
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    if path.is_file() {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        files.push((name.into_owned(), path.to_path_buf()));
    } else {
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.map_err(|e| fail(e.to_string()))?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(path).expect("inside");
                files.push((
                    rel.to_string_lossy().into_owned(),
                    entry.path().to_path_buf(),
                ));
            }
        }
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, file) in files {
        let meta = std::fs::metadata(&file).map_err(|e| fail(e.to_string()))?;
        let mode = if meta.permissions().mode() & 0o111 != 0 {
            0o755
        } else {
            0o644
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(mode);
        out.start_file(name, options)
            .map_err(|e| fail(e.to_string()))?;
        let bytes = std::fs::read(&file).map_err(|e| fail(e.to_string()))?;
        out.write_all(&bytes).map_err(|e| fail(e.to_string()))?;
    }
    let cursor = out.finish().map_err(|e| fail(e.to_string()))?;
    Ok(cursor.into_inner())
}
