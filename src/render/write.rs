//! Carrying out a render plan: directories first, then files in parallel, symlinks last.
//!
//! Binary files are copied byte for byte and text files rendered, by the plan's `TextRules`:
//! jig's (a NUL byte or invalid UTF-8 means binary, newlines kept) or Cookiecutter's
//! (binaryornot's verdict, newline detected per file). Permission bits are kept. Every write goes below
//! `dest`, through paths that `plan` already checked. With `dry_run`, contents are rendered
//! (so template errors still surface) but nothing is written. A `Tee` sees the bytes of each
//! regular file as they are written, and the file before it is closed (the first commit hashes
//! and stores them there, so no file is read twice).

use super::beneath::Beneath;
use super::plan::{Action, Plan, PlannedFile, TextRules};
use super::scan::looks_binary;
use super::Renderer;
use rayon::prelude::*;
use sha2::Digest;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const SNIFF_BYTES: usize = 8192;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Outcome {
    Rendered,
    CopiedBinary,
    Copied,
    Symlinked,
}

/// What happened to one planned file; for files whose bytes were read, their SHA-256, so the
/// blueprint's content digest need not read them again.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    pub outcome: Outcome,
    pub source_sha256: Option<[u8; 32]>,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error(transparent)]
    Render(#[from] super::Error),
    #[error(transparent)]
    Io(#[from] crate::fs_error::FsError),
    #[error("{} is not UTF-8, yet binaryornot {} (Cookiecutter's binary check) calls it text", path.display(), super::binary::BINARYORNOT_VERSION)]
    NotUtf8 { path: PathBuf },
    #[error("{} is {}, over the {} limit for template text files", path.display(), super::limits::describe_size(*size), super::limits::describe_size(*limit))]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("interrupted")]
    Interrupted,
}

/// Sees the bytes of each regular file written, in the render's worker threads. It has no say:
/// what it cannot keep it drops (the commit then reads that file itself).
pub(crate) trait Tee: Sync {
    /// `bytes` were written whole to `dst` (the open `file`, so its stat data is final).
    fn whole(&self, dst: &str, bytes: &[u8], file: &std::fs::File);
    /// A sink for the `len` bytes about to be streamed to `dst`, or `None`.
    fn stream(&self, dst: &str, len: u64) -> Option<Box<dyn TeeSink + '_>>;
}

/// The bytes of one streamed file, in order; `finish` once they were all written to `file`.
pub(crate) trait TeeSink: std::io::Write {
    fn finish(self: Box<Self>, file: &std::fs::File);
}

/// For `map_err`: the failure of `action` on `path` as this module's error.
fn io<'a>(
    action: &'static str,
    path: &'a std::path::Path,
) -> impl FnOnce(std::io::Error) -> Error + 'a {
    crate::fs_error::at(action, path)
}

/// Writes (or, with `dry_run`, only renders) the plan; `tick` is called once per file.
pub(crate) fn execute(
    plan: &Plan,
    template_root: &Path,
    dest: &Path,
    renderer: &Renderer,
    dry_run: bool,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Written>, Error> {
    execute_with(plan, template_root, dest, renderer, dry_run, tick, None)
}

/// `execute`, with a `tee` that sees each regular file's bytes as they are written.
pub(crate) fn execute_with(
    plan: &Plan,
    template_root: &Path,
    dest: &Path,
    renderer: &Renderer,
    dry_run: bool,
    tick: &(dyn Fn() + Sync),
    tee: Option<&dyn Tee>,
) -> Result<Vec<Written>, Error> {
    let tee = if dry_run { None } else { tee };
    if !dry_run {
        // Every directory a file needs is created up front, so writes need no checks.
        let mut dirs: std::collections::BTreeSet<&str> =
            plan.dirs.iter().map(String::as_str).collect();
        dirs.extend(
            plan.files
                .iter()
                .filter_map(|f| f.dst.rsplit_once('/').map(|(p, _)| p)),
        );
        for dir in dirs {
            let path = dest.join(dir);
            std::fs::create_dir_all(&path).map_err(io("create directory", &path))?;
        }
    }
    let umask = current_umask();
    let beneath = super::beneath::Beneath::new(dest);
    let (links, files): (Vec<(usize, &PlannedFile)>, Vec<_>) = plan
        .files
        .iter()
        .enumerate()
        .partition(|(_, f)| matches!(f.action, Action::Symlink { .. }));
    let mut outcomes: Vec<(usize, Written)> = files
        .par_iter()
        .map(|&(index, file)| {
            if crate::interrupt::requested() {
                return Err(Error::Interrupted);
            }
            let context = Context {
                rules: &plan.text,
                template_root,
                dest: &beneath,
                renderer,
                dry_run,
                umask,
                tee,
            };
            let outcome = write_file(file, &context)?;
            tick();
            Ok((index, outcome))
        })
        .collect::<Result<_, Error>>()?;
    for (index, link) in links {
        if let Action::Symlink { target } = &link.action {
            let path = dest.join(&link.dst);
            if !dry_run {
                std::os::unix::fs::symlink(target, &path).map_err(io("create symlink", &path))?;
            }
            let written = Written {
                outcome: Outcome::Symlinked,
                source_sha256: None,
            };
            outcomes.push((index, written));
            tick();
        }
    }
    outcomes.sort_by_key(|(i, _)| *i);
    Ok(outcomes.into_iter().map(|(_, o)| o).collect())
}

/// Copies `head` and the rest of `input` to `out` (created with `mode`), hashing as it goes;
/// with `dry_run` it only hashes. Returns the SHA-256 of the source.
fn stream_copy(
    head: Vec<u8>,
    input: std::fs::File,
    src: &Path,
    out: &Target,
    context: &Context,
) -> Result<[u8; 32], Error> {
    struct Hashing<'t, W> {
        hasher: sha2::Sha256,
        sink: W,
        tee: Option<Box<dyn TeeSink + 't>>,
    }
    impl<W: std::io::Write> std::io::Write for Hashing<'_, W> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let n = self.sink.write(bytes)?;
            self.hasher.update(&bytes[..n]);
            if let Some(tee) = &mut self.tee {
                if tee.write_all(&bytes[..n]).is_err() {
                    self.tee = None;
                }
            }
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.sink.flush()
        }
    }
    // The whole source (`head` was read from it).
    let len = input.metadata().map_err(io("read", src))?.len();
    let mut reader = std::io::Read::chain(&head[..], input);
    if context.dry_run {
        let mut hashing = Hashing {
            hasher: sha2::Sha256::new(),
            sink: std::io::sink(),
            tee: None,
        };
        std::io::copy(&mut reader, &mut hashing).map_err(io("read", src))?;
        return Ok(hashing.hasher.finalize().into());
    }
    let file = out.create().map_err(io("write", &out.path()))?;
    let mut hashing = Hashing {
        hasher: sha2::Sha256::new(),
        sink: std::io::BufWriter::with_capacity(1 << 16, file),
        tee: context.tee.and_then(|tee| tee.stream(out.rel, len)),
    };
    std::io::copy(&mut reader, &mut hashing).map_err(io("copy", src))?;
    std::io::Write::flush(&mut hashing).map_err(io("write", &out.path()))?;
    let Hashing { hasher, sink, tee } = hashing;
    if let (Some(tee), Ok(file)) = (tee, sink.into_inner()) {
        tee.finish(&file);
    }
    Ok(hasher.finalize().into())
}

/// The process umask (read once; setting it back right away).
fn current_umask() -> u32 {
    // SAFETY: umask only swaps the process's file mode mask; it is restored at once.
    unsafe {
        let old = libc::umask(0o022);
        libc::umask(old);
        old as u32
    }
}

/// Where one planned file goes: `rel` below the destination, with exactly `mode`.
struct Target<'a> {
    dest: &'a Beneath,
    rel: &'a str,
    mode: u32,
    umask: u32,
}

impl Target<'_> {
    /// Creates the file (never through a link out of the destination) with exactly `mode`:
    /// at open time when the umask keeps every bit, else with one extra `fchmod`.
    fn create(&self) -> std::io::Result<std::fs::File> {
        let file = self.dest.create(self.rel, self.mode)?;
        if self.mode & self.umask != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(self.mode))?;
        }
        Ok(file)
    }

    fn path(&self) -> PathBuf {
        self.dest.root().join(self.rel)
    }
}

/// What every file of one `execute` shares.
struct Context<'a> {
    rules: &'a TextRules,
    template_root: &'a Path,
    dest: &'a Beneath,
    renderer: &'a Renderer,
    dry_run: bool,
    umask: u32,
    tee: Option<&'a dyn Tee>,
}

fn write_file(file: &PlannedFile, context: &Context) -> Result<Written, Error> {
    let Context {
        rules,
        template_root,
        dest,
        renderer,
        dry_run,
        umask,
        tee,
    } = *context;
    let src = template_root.join(&file.src);
    let out = Target {
        dest,
        rel: &file.dst,
        mode: file.mode,
        umask,
    };
    let mut input = std::fs::File::open(&src).map_err(io("read", &src))?;
    let profile = match file.action {
        Action::Render { profile } => profile,
        _ => {
            let source_sha256 = Some(stream_copy(Vec::new(), input, &src, &out, context)?);
            return Ok(Written {
                outcome: Outcome::Copied,
                source_sha256,
            });
        }
    };
    let size = input.metadata().map_err(io("read", &src))?.len();
    let mut head = Vec::with_capacity(SNIFF_BYTES.min(size as usize));
    std::io::Read::by_ref(&mut input)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io("read", &src))?;
    let binary = match rules {
        TextRules::Verbatim => looks_binary(&head),
        TextRules::Sniffed { .. } => super::binary::is_binary(&file.src, &head),
        TextRules::Jinja { .. } => false,
    };
    if binary {
        // Binary files are copied as a stream: a 500 MB model file costs no memory.
        let source_sha256 = Some(stream_copy(head, input, &src, &out, context)?);
        return Ok(Written {
            outcome: Outcome::CopiedBinary,
            source_sha256,
        });
    }
    let limit = super::limits::get().file_size;
    if size > limit {
        return Err(Error::TooLarge {
            path: src.clone(),
            size,
            limit,
        });
    }
    let mut bytes = head;
    input.read_to_end(&mut bytes).map_err(io("read", &src))?;
    let source_sha256 = Some(sha2::Sha256::digest(&bytes).into());
    let text = match rules {
        TextRules::Verbatim
        | TextRules::Jinja {
            copy_undecodable: true,
        } => std::str::from_utf8(&bytes).ok(),
        TextRules::Sniffed { .. } | TextRules::Jinja { .. } => {
            Some(std::str::from_utf8(&bytes).map_err(|_| Error::NotUtf8 { path: src.clone() })?)
        }
    };
    let (content, outcome) = match text {
        Some(text) => {
            let mut rendered = renderer.render_file_with(
                profile,
                &renderer.shown(&file.src),
                text,
                file.vars.as_ref(),
            )?;
            if let TextRules::Sniffed { new_lines } = rules {
                let newline = new_lines
                    .as_deref()
                    .unwrap_or_else(|| super::newline::detect(&bytes));
                rendered = super::newline::apply(rendered, newline);
            }
            (
                std::borrow::Cow::Owned(rendered.into_bytes()),
                Outcome::Rendered,
            )
        }
        None => (
            std::borrow::Cow::Borrowed(&bytes[..]),
            Outcome::CopiedBinary,
        ),
    };
    if !dry_run {
        let written = out
            .create()
            .and_then(|mut f| std::io::Write::write_all(&mut f, &content).map(|()| f))
            .map_err(io("write", &out.path()))?;
        if let Some(tee) = tee {
            tee.whole(&file.dst, &content, &written);
        }
    }
    Ok(Written {
        outcome,
        source_sha256,
    })
}
