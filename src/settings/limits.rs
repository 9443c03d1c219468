//! The render budget for this run: defaults < config file < environment < flags.

use super::{config::LimitsConfig, Error};
use crate::env;

/// The `--max-*` flags, as given.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LimitFlags {
    pub render_steps: Option<u64>,
    pub run_steps: Option<u64>,
    pub file_size: Option<u64>,
    pub output_size: Option<u64>,
    pub archive_entries: Option<u64>,
}

/// The render budget for this run from the config file's `limits:` (`config`), the
/// environment and the flags.
pub(crate) fn resolve(
    config: &LimitsConfig,
    flags: LimitFlags,
) -> Result<crate::render::limits::Limits, Error> {
    use crate::render::limits::parse_size;
    let mut limits = crate::render::limits::Limits::default();
    let bad = |what: &str, message: String| Error::BadLimit {
        what: what.to_string(),
        message,
    };
    if let Some(steps) = config.render_steps {
        limits.steps = steps;
    }
    if let Some(steps) = config.run_steps {
        limits.run_steps = steps;
    }
    if let Some(size) = &config.file_size {
        limits.file_size = parse_size(size).map_err(|m| bad("limits.file_size", m))?;
    }
    if let Some(entries) = config.archive_entries {
        limits.archive_entries = entries;
    }
    if let Some(size) = &config.output_size {
        limits.output_size = parse_size(size).map_err(|m| bad("limits.output_size", m))?;
    }
    if let Ok(steps) = std::env::var(env::JIG_MAX_RENDER_STEPS) {
        limits.steps = steps.trim().parse().map_err(|_| {
            bad(
                env::JIG_MAX_RENDER_STEPS,
                format!("`{steps}` is not a number"),
            )
        })?;
    }
    if let Ok(steps) = std::env::var(env::JIG_MAX_RUN_STEPS) {
        limits.run_steps = steps
            .trim()
            .parse()
            .map_err(|_| bad(env::JIG_MAX_RUN_STEPS, format!("`{steps}` is not a number")))?;
    }
    if let Ok(size) = std::env::var(env::JIG_MAX_FILE_SIZE) {
        limits.file_size = parse_size(&size).map_err(|m| bad(env::JIG_MAX_FILE_SIZE, m))?;
    }
    if let Ok(size) = std::env::var(env::JIG_MAX_OUTPUT_SIZE) {
        limits.output_size = parse_size(&size).map_err(|m| bad(env::JIG_MAX_OUTPUT_SIZE, m))?;
    }
    if let Ok(entries) = std::env::var(env::JIG_MAX_ARCHIVE_ENTRIES) {
        limits.archive_entries = entries.trim().parse().map_err(|_| {
            bad(
                env::JIG_MAX_ARCHIVE_ENTRIES,
                format!("`{entries}` is not a number"),
            )
        })?;
    }
    limits.steps = flags.render_steps.unwrap_or(limits.steps);
    limits.run_steps = flags.run_steps.unwrap_or(limits.run_steps);
    limits.file_size = flags.file_size.unwrap_or(limits.file_size);
    limits.output_size = flags.output_size.unwrap_or(limits.output_size);
    limits.archive_entries = flags.archive_entries.unwrap_or(limits.archive_entries);
    Ok(limits)
}
