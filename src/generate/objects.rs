//! The first commit's blobs, made while the project renders: each render worker hashes the
//! bytes it writes (SHA-1 of git's `blob <size>\0` header and the content) and stores them as a
//! loose object, zlib at its fastest level (as libgit2 writes them), beside the staged project.
//! Right after `git init`, before post-gen hooks, the objects move into `.git/objects` (one
//! rename per fan-out directory); the commit builds the index from the (path, mode, blob, stat
//! data) of each file, so no file is read a second time. A file a hook then rewrites leaves
//! its first blob dangling, as `git add` before an edit does (`git gc` prunes it).
//!
//! What goes into the commit is still decided by libgit2's `add_all` (the same walk, the same
//! `.gitignore` rules, files the hooks added); it only skips hashing a file whose blob is
//! known and still good: the file's stat data unchanged since it was written (a post-gen hook
//! did not touch it), and no filter of libgit2 (CRLF conversion, `ident`) could make the
//! blob differ from the bytes on disk. Anything else is left to libgit2, as before.

use flate2::write::ZlibEncoder;
use sha1::Digest;
use std::collections::HashMap;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Loose objects are read-only, as git and libgit2 write them.
const OBJECT_MODE: u32 = 0o444;

/// The stat data the index records of a file, as libgit2 takes it from `lstat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stat {
    ctime: (i64, i64),
    mtime: (i64, i64),
    rdev: u64,
    ino: u64,
    mode: u32,
    uid: u32,
    gid: u32,
    size: u64,
}

impl Stat {
    fn of(m: &std::fs::Metadata) -> Stat {
        Stat {
            ctime: (m.ctime(), m.ctime_nsec()),
            mtime: (m.mtime(), m.mtime_nsec()),
            rdev: m.rdev(),
            ino: m.ino(),
            mode: m.mode(),
            uid: m.uid(),
            gid: m.gid(),
            size: m.size(),
        }
    }
}

/// One written file's blob.
#[derive(Debug, Clone, Copy)]
struct Blob {
    id: [u8; 20],
    stat: Stat,
    /// No CR and no `$Id`: neither CRLF conversion nor `ident` could change it.
    plain: bool,
}

/// The blobs of the files rendered so far, stored in `dir`.
pub(crate) struct Objects {
    dir: PathBuf,
    fanout: [AtomicBool; 256],
    temp: AtomicUsize,
    blobs: Mutex<HashMap<String, Blob>>,
}

fn header(len: u64) -> String {
    format!("blob {len}\0")
}

fn is_plain(bytes: &[u8]) -> bool {
    memchr::memchr(b'\r', bytes).is_none() && memchr::memmem::find(bytes, b"$Id").is_none()
}

impl Objects {
    /// Stores objects in `dir`, created now (its parent removes it on every exit path).
    pub(crate) fn new(dir: PathBuf) -> std::io::Result<Objects> {
        std::fs::create_dir(&dir)?;
        Ok(Objects {
            dir,
            fanout: std::array::from_fn(|_| AtomicBool::new(false)),
            temp: AtomicUsize::new(0),
            blobs: Mutex::new(HashMap::new()),
        })
    }

    /// Where the object `id` goes, its fan-out directory created.
    fn object_path(&self, id: &[u8; 20]) -> std::io::Result<PathBuf> {
        let hex = hex::encode(id);
        let fanout = self.dir.join(&hex[..2]);
        if !self.fanout[usize::from(id[0])].load(Ordering::Relaxed) {
            match std::fs::create_dir(&fanout) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
            self.fanout[usize::from(id[0])].store(true, Ordering::Relaxed);
        }
        Ok(fanout.join(&hex[2..]))
    }

    fn record(&self, dst: &str, id: [u8; 20], file: &std::fs::File, plain: bool) {
        if let Ok(meta) = file.metadata() {
            let blob = Blob {
                id,
                stat: Stat::of(&meta),
                plain,
            };
            if let Ok(mut blobs) = self.blobs.lock() {
                blobs.insert(dst.to_string(), blob);
            }
        }
    }

    fn store(&self, bytes: &[u8]) -> std::io::Result<[u8; 20]> {
        let header = header(bytes.len() as u64);
        let mut hasher = sha1::Sha1::new();
        hasher.update(header.as_bytes());
        hasher.update(bytes);
        let id: [u8; 20] = hasher.finalize().into();
        let path = self.object_path(&id)?;
        let mut encoder = ZlibEncoder::new(
            Vec::with_capacity(bytes.len() / 2 + 64),
            flate2::Compression::fast(),
        );
        encoder.write_all(header.as_bytes())?;
        encoder.write_all(bytes)?;
        let compressed = encoder.finish()?;
        match open_new(&path) {
            Ok(mut file) => file.write_all(&compressed)?,
            // The same content twice: the same object.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        Ok(id)
    }

    /// Moves the objects into the repository's object directory.
    pub(crate) fn install(&self, repo: &git2::Repository) -> std::io::Result<()> {
        let objects = repo.path().join("objects");
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            let name = entry.file_name();
            if name.len() != 2 {
                continue; // a stream that failed half way
            }
            let to = objects.join(&name);
            if std::fs::rename(entry.path(), &to).is_err() {
                // A fan-out directory the repository already has (from an init template).
                std::fs::create_dir_all(&to)?;
                for object in std::fs::read_dir(entry.path())? {
                    let object = object?;
                    std::fs::rename(object.path(), to.join(object.file_name()))?;
                }
            }
        }
        Ok(())
    }

    /// Stages everything `Index::add_all(["*"])` stages (the same walk: libgit2's own diff of
    /// the empty index against the work tree, untracked files included, ignored ones not),
    /// taking each file's blob from the render when it is still good (see the module comment);
    /// libgit2 hashes the others. The objects must be installed.
    pub(crate) fn add_all(
        &self,
        repo: &git2::Repository,
        index: &mut git2::Index,
    ) -> Result<(), git2::Error> {
        let Some(root) = repo.workdir() else {
            return index.add_all(["*"], git2::IndexAddOption::DEFAULT, None);
        };
        let blobs = self
            .blobs
            .lock()
            .map_err(|_| git2::Error::from_str("a render worker panicked"))?;
        let config = repo.config()?;
        let trust_mode = config.get_bool("core.filemode").unwrap_or(true);
        let filters = super::filters::possible(repo, &config, root, blobs.keys());
        // A status list rather than `add_all`'s callback: the same diff, without the
        // attribute lookups `add_all` makes for each file before calling back.
        let mut options = git2::StatusOptions::new();
        options
            .show(git2::StatusShow::Workdir)
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .include_unmodified(false)
            .exclude_submodules(false)
            .no_refresh(true);
        let paths: Vec<Vec<u8>> = repo
            .statuses(Some(&mut options))?
            .iter()
            .filter_map(|s| Some(s.index_to_workdir()?.new_file().path_bytes()?.to_vec()))
            .collect();
        for path in paths {
            let known = std::str::from_utf8(&path).ok().and_then(|p| {
                let blob = blobs.get(p)?;
                let usable = match filters {
                    super::filters::Possible::No => true,
                    super::filters::Possible::ByContent => blob.plain,
                    super::filters::Possible::Any => false,
                };
                usable.then(|| entry(root, p, blob, trust_mode)).flatten()
            });
            match known {
                Some(entry) => index.add(&entry)?,
                None => {
                    use std::os::unix::ffi::OsStrExt;
                    index.add_path(Path::new(std::ffi::OsStr::from_bytes(&path)))?
                }
            }
        }
        Ok(())
    }
}

/// The index entry of `path` from its blob, if the file is still as it was written.
fn entry(root: &Path, path: &str, blob: &Blob, trust_mode: bool) -> Option<git2::IndexEntry> {
    let meta = std::fs::symlink_metadata(root.join(path)).ok()?;
    let stat = Stat::of(&meta);
    if !meta.file_type().is_file() || stat != blob.stat {
        return None;
    }
    // As libgit2's `git_index_entry__init_from_stat` (its `dev` is the `st_rdev`).
    let mode = if trust_mode && stat.mode & 0o100 != 0 {
        0o100755
    } else {
        0o100644
    };
    let time = |(secs, nanos): (i64, i64)| git2::IndexTime::new(secs as i32, nanos as u32);
    Some(git2::IndexEntry {
        ctime: time(stat.ctime),
        mtime: time(stat.mtime),
        dev: stat.rdev as u32,
        ino: stat.ino as u32,
        mode,
        uid: stat.uid,
        gid: stat.gid,
        file_size: stat.size as u32,
        id: git2::Oid::from_bytes(&blob.id).ok()?,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    })
}

fn open_new(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(OBJECT_MODE)
        .open(path)
}

impl crate::render::write::Tee for Objects {
    fn whole(&self, dst: &str, bytes: &[u8], file: &std::fs::File) {
        if let Ok(id) = self.store(bytes) {
            self.record(dst, id, file, is_plain(bytes));
        }
    }

    fn stream(&self, dst: &str, len: u64) -> Option<Box<dyn crate::render::write::TeeSink + '_>> {
        let n = self.temp.fetch_add(1, Ordering::Relaxed);
        let temp = self.dir.join(format!("tmp_obj_{n}"));
        let file = open_new(&temp).ok()?;
        let header = header(len);
        let mut hasher = sha1::Sha1::new();
        hasher.update(header.as_bytes());
        let mut encoder = ZlibEncoder::new(
            std::io::BufWriter::with_capacity(1 << 16, file),
            flate2::Compression::fast(),
        );
        encoder.write_all(header.as_bytes()).ok()?;
        Some(Box::new(Streamed {
            objects: self,
            dst: dst.to_string(),
            temp,
            encoder,
            hasher,
            left: len,
            plain: true,
        }))
    }
}

/// A streamed file's object, written to a temporary name until its id is known.
struct Streamed<'a> {
    objects: &'a Objects,
    dst: String,
    temp: PathBuf,
    encoder: ZlibEncoder<std::io::BufWriter<std::fs::File>>,
    hasher: sha1::Sha1,
    /// Bytes still expected: the header announced the size.
    left: u64,
    plain: bool,
}

impl Write for Streamed<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = bytes.len() as u64;
        if n > self.left {
            return Err(std::io::Error::other("the file grew while it was copied"));
        }
        self.left -= n;
        self.hasher.update(bytes);
        // `$` rather than `$Id`: a marker may straddle two chunks.
        self.plain &= memchr::memchr2(b'\r', b'$', bytes).is_none();
        self.encoder.write_all(bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl crate::render::write::TeeSink for Streamed<'_> {
    fn finish(self: Box<Self>, file: &std::fs::File) {
        let Streamed {
            objects,
            dst,
            temp,
            encoder,
            hasher,
            left,
            plain,
        } = *self;
        let id: [u8; 20] = hasher.finalize().into();
        let stored = (left == 0)
            .then(|| {
                let out = encoder.finish().ok()?.into_inner().ok()?;
                drop(out);
                let path = objects.object_path(&id).ok()?;
                std::fs::rename(&temp, path).ok()
            })
            .flatten();
        match stored {
            Some(()) => objects.record(&dst, id, file, plain),
            None => {
                let _ = std::fs::remove_file(&temp);
            }
        }
    }
}
