//! The unpacking budget: how far an archive jig did not make may expand.
//!
//! Registry bundles (`.tar.gz`) and seed-code zips come from whoever can write a share, a
//! CodeArtifact repository or a bucket, and a few megabytes of gzip can hold gigabytes of
//! zeros. Everything jig unpacks is held to the render limits (`render::limits`): no file
//! larger than `--max-file-size`, no more than `--max-output-size` for the whole run, and no
//! more than `--max-archive-entries` entries in one archive. Sizes are counted on the bytes
//! as they are decompressed (`Metered`), never taken from an archive's headers alone, so a
//! header that lies cannot buy more. This module only counts and refuses; the callers
//! unpack, and clean up what a refused archive left.

use crate::render::limits;
use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes unpacked from archives so far in this run.
static UNPACKED: AtomicU64 = AtomicU64::new(0);

/// A limit an archive ran into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Over {
    /// One entry (`path`, when known) is larger than `limit` bytes.
    File { path: Option<String>, limit: u64 },
    /// The archive would take the run past `limit` bytes.
    Total { limit: u64 },
    /// The archive has more than `limit` entries.
    Entries { limit: u64 },
}

impl Over {
    /// The flag, variable and config key that raise this limit.
    pub(crate) fn how_to_raise(&self) -> &'static str {
        match self {
            Over::File { .. } => "--max-file-size SIZE, JIG_MAX_FILE_SIZE or `limits: file_size:`",
            Over::Total { .. } => {
                "--max-output-size SIZE, JIG_MAX_OUTPUT_SIZE or `limits: output_size:`"
            }
            Over::Entries { .. } => {
                "--max-archive-entries N, JIG_MAX_ARCHIVE_ENTRIES or `limits: archive_entries:`"
            }
        }
    }
}

impl std::fmt::Display for Over {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let size = |n: &u64| limits::describe_size(*n);
        match self {
            Over::File {
                path: Some(path),
                limit,
            } => write!(
                f,
                "`{path}` is larger than {} (the --max-file-size limit)",
                size(limit)
            ),
            Over::File { path: None, limit } => write!(
                f,
                "an entry is larger than {} (the --max-file-size limit)",
                size(limit)
            ),
            Over::Total { limit } => write!(
                f,
                "it unpacks to more than {} (the --max-output-size limit)",
                size(limit)
            ),
            Over::Entries { limit } => write!(
                f,
                "it holds more than {limit} entries (the --max-archive-entries limit)"
            ),
        }
    }
}

impl std::error::Error for Over {}

/// What one archive may spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Budget {
    /// Bytes one entry may hold.
    pub file_size: u64,
    /// Bytes the whole archive may hold (what the run has left).
    pub total: u64,
    /// The run's output limit, for messages.
    pub total_limit: u64,
    /// Entries the archive may hold.
    pub entries: u64,
}

impl Budget {
    /// The budget of the next archive of this run: the render limits, less what archives
    /// already unpacked.
    pub(crate) fn of_run() -> Budget {
        let l = limits::get();
        Budget {
            file_size: l.file_size,
            total: l
                .output_size
                .saturating_sub(UNPACKED.load(Ordering::Relaxed)),
            total_limit: l.output_size,
            entries: l.archive_entries,
        }
    }

    /// Records that an archive unpacked within this budget spent `bytes` of the run's.
    pub(crate) fn spent(bytes: u64) {
        UNPACKED.fetch_add(bytes, Ordering::Relaxed);
    }

    /// A budget with explicit limits (tests).
    #[cfg(test)]
    pub(crate) fn new(file_size: u64, total: u64, entries: u64) -> Budget {
        Budget {
            file_size,
            total,
            total_limit: total,
            entries,
        }
    }

    /// Counts the `n`th entry (from 1); the refusal once there are too many.
    pub(crate) fn entry(&self, n: u64) -> Result<(), Over> {
        if n > self.entries {
            return Err(Over::Entries {
                limit: self.entries,
            });
        }
        Ok(())
    }

    /// Checks an entry's declared size before any of it is read.
    pub(crate) fn declared(&self, path: &str, size: u64) -> Result<(), Over> {
        if size > self.file_size {
            return Err(Over::File {
                path: Some(path.to_string()),
                limit: self.file_size,
            });
        }
        Ok(())
    }
}

/// The shared count of a `Metered` reader.
#[derive(Debug)]
pub(crate) struct Meter {
    read: Cell<u64>,
    /// Reading stops here: the start of the current window plus the file limit.
    window_end: Cell<u64>,
    budget: Budget,
    over: Cell<Option<WhichLimit>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WhichLimit {
    File,
    Total,
}

impl Meter {
    /// Bytes read so far.
    pub(crate) fn read(&self) -> u64 {
        self.read.get()
    }

    /// From now on, at most one file's worth of bytes may be read until the next window:
    /// whatever the headers said about the entry being read.
    pub(crate) fn open_window(&self) {
        self.window_end
            .set(self.read.get().saturating_add(self.budget.file_size));
    }

    /// The limit the reader ran into, if it did (`path`: the entry being read).
    pub(crate) fn over(&self, path: Option<&str>) -> Option<Over> {
        self.over.get().map(|which| match which {
            WhichLimit::File => Over::File {
                path: path.map(str::to_string),
                limit: self.budget.file_size,
            },
            WhichLimit::Total => Over::Total {
                limit: self.budget.total_limit,
            },
        })
    }
}

/// A reader of decompressed bytes that fails past the budget: the whole archive past its
/// total, and any stretch between two `open_window` calls past the file limit.
pub(crate) struct Metered<R> {
    inner: R,
    meter: Rc<Meter>,
}

impl<R: Read> Metered<R> {
    pub(crate) fn new(inner: R, budget: Budget) -> (Metered<R>, Rc<Meter>) {
        let meter = Rc::new(Meter {
            read: Cell::new(0),
            window_end: Cell::new(budget.file_size),
            budget,
            over: Cell::new(None),
        });
        (
            Metered {
                inner,
                meter: meter.clone(),
            },
            meter,
        )
    }
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let m = &self.meter;
        let read = m.read.get();
        let allowed = m.budget.total.min(m.window_end.get());
        if read >= allowed {
            // One byte more tells "exactly at the limit" from "over it".
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            let which = if read >= m.budget.total {
                WhichLimit::Total
            } else {
                WhichLimit::File
            };
            m.over.set(Some(which));
            return Err(std::io::Error::other("the unpacking budget is spent"));
        }
        let room = usize::try_from(allowed - read).unwrap_or(usize::MAX);
        let len = buf.len().min(room);
        let n = self.inner.read(&mut buf[..len])?;
        m.read.set(read + n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(r: &mut impl Read) -> std::io::Result<u64> {
        std::io::copy(r, &mut std::io::sink())
    }

    #[test]
    fn the_meter_stops_at_the_total_and_at_each_window() {
        let data = vec![0u8; 10_000];
        let (mut r, meter) = Metered::new(&data[..], Budget::new(4_000, 100_000, 10));
        let mut first = [0u8; 3_000];
        r.read_exact(&mut first).unwrap();
        meter.open_window();
        // 3 000 read, window to 7 000: 4 000 more, then the file limit.
        assert!(drain(&mut r).is_err());
        assert_eq!(meter.read(), 7_000);
        assert_eq!(
            meter.over(Some("big.bin")),
            Some(Over::File {
                path: Some("big.bin".into()),
                limit: 4_000
            })
        );

        let (mut r, meter) = Metered::new(&data[..], Budget::new(100_000, 9_999, 10));
        assert!(drain(&mut r).is_err());
        assert_eq!(meter.over(None), Some(Over::Total { limit: 9_999 }));

        // Exactly at the limit is within it.
        let (mut r, meter) = Metered::new(&data[..], Budget::new(10_000, 10_000, 10));
        assert_eq!(drain(&mut r).unwrap(), 10_000);
        assert_eq!(meter.over(None), None);
    }

    #[test]
    fn entries_and_declared_sizes_are_counted() {
        let b = Budget::new(10, 100, 2);
        assert!(b.entry(2).is_ok());
        assert_eq!(b.entry(3), Err(Over::Entries { limit: 2 }));
        assert!(b.declared("a", 10).is_ok());
        assert!(b.declared("a", 11).is_err());
        assert_eq!(
            Over::Total { limit: 100 << 20 }.to_string(),
            "it unpacks to more than 100 MiB (the --max-output-size limit)"
        );
    }
}
