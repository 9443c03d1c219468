//! The render budget: how much work and output one run may spend on templates.
//!
//! A template is code: `{% for i in range(100000) %}{% for j in range(100000) %}` never ends,
//! and `{{ 'x' * 1000000 }}` in a loop fills the memory. Every render gets minijinja's fuel
//! (instructions per template, and a total for the run), its output is written through a
//! counter that stops it at the size limit (per file, and for the whole run), and template
//! files larger than the file limit are not read whole unless they are binary (those are
//! streamed). The defaults are far above what real templates use (every first-party and
//! conformance template renders within 1% of them) and can be raised with
//! `--max-render-steps`, `--max-run-steps`, `--max-file-size` and `--max-output-size`, the
//! `JIG_MAX_*` variables or the `limits:` config section. Resolved once per run (`set`).
//! The same sizes, and `--max-archive-entries`, bound what archives unpack to (`archive`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

const MIB: u64 = 1024 * 1024;

/// The limits in force for this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Template instructions one file (or one path, default or value) may execute.
    pub steps: u64,
    /// Template instructions all renders of one run may execute together.
    pub run_steps: u64,
    /// Bytes one rendered file may hold, and the largest template text file read to render.
    pub file_size: u64,
    /// Bytes all rendered files of one run may hold together; also all files unpacked from
    /// archives (registry bundles, seed-code zips) of one run together (`archive`).
    pub output_size: u64,
    /// Entries one archive jig unpacks may hold.
    pub archive_entries: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            steps: 50_000_000,
            run_steps: 1_000_000_000,
            file_size: 64 * MIB,
            output_size: 4096 * MIB,
            archive_entries: 100_000,
        }
    }
}

static LIMITS: OnceLock<Limits> = OnceLock::new();
/// Rendered bytes so far in this run.
static SPENT: AtomicU64 = AtomicU64::new(0);
/// Template steps so far in this run.
static STEPS: AtomicU64 = AtomicU64::new(0);

/// Fixes the limits for this run; the first call wins.
pub(crate) fn set(limits: Limits) {
    let _ = LIMITS.set(limits);
}

/// The limits in force (the defaults until `set`).
pub(crate) fn get() -> Limits {
    LIMITS.get().copied().unwrap_or_default()
}

/// Counts `bytes` of rendered output against the run's budget; false once it is spent.
pub(crate) fn spend(bytes: u64) -> bool {
    let before = SPENT.fetch_add(bytes, Ordering::Relaxed);
    before.saturating_add(bytes) <= get().output_size
}

/// Counts `steps` of template work against the run's budget; false once it is spent.
pub(crate) fn spend_steps(steps: u64) -> bool {
    let before = STEPS.fetch_add(steps, Ordering::Relaxed);
    before.saturating_add(steps) <= get().run_steps
}

/// Parses a size: bytes, or a number with `K`, `M`, `G` (powers of 1024, `KiB`... and `KB`...
/// accepted too).
pub(crate) fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (say 64M or 2G)"))?;
    let factor = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1024,
        "M" | "MB" | "MIB" => MIB,
        "G" | "GB" | "GIB" => 1024 * MIB,
        other => return Err(format!("unknown size unit `{other}` (use K, M or G)")),
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// A size for messages: `64 MiB`, `512 KiB`, `100 bytes`.
pub(crate) fn describe_size(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else if bytes >= 1024 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// An `io::Write` that keeps what is written until `limit` bytes, then refuses more.
pub(crate) struct Bounded {
    pub buf: Vec<u8>,
    pub limit: u64,
    pub over: bool,
}

impl Bounded {
    pub(crate) fn new(limit: u64) -> Bounded {
        Bounded {
            buf: Vec::new(),
            limit,
            over: false,
        }
    }
}

impl std::io::Write for Bounded {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() as u64 + bytes.len() as u64 > self.limit {
            self.over = true;
            return Err(std::io::Error::other("output limit reached"));
        }
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("512").unwrap(), 512);
        assert_eq!(parse_size("64M").unwrap(), 64 * MIB);
        assert_eq!(parse_size("2GiB").unwrap(), 2048 * MIB);
        assert_eq!(parse_size("10 kb").unwrap(), 10 * 1024);
        assert!(parse_size("lots").is_err());
        assert!(parse_size("3T").is_err());
        assert_eq!(describe_size(64 * MIB), "64 MiB");
        assert_eq!(describe_size(1536), "1 KiB");
    }

    #[test]
    fn the_bounded_writer_stops_at_its_limit() {
        use std::io::Write;
        let mut out = Bounded::new(4);
        assert!(out.write_all(b"abcd").is_ok());
        assert!(out.write_all(b"e").is_err());
        assert!(out.over);
        assert_eq!(out.buf, b"abcd");
    }
}
