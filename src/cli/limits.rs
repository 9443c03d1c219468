//! The render-limit flags, shared by the commands that render templates or unpack archives
//! (`#[command(flatten)]` into each), shown under one help heading. Commands that render
//! nothing (`list`, `catalog`, `schema`, `fleet plan`, `fleet report`, `completions`) do not
//! take them; the environment (`JIG_MAX_*`) and the config file's `limits:` still apply to all.

use clap::Args;

/// The help heading the flags are shown under.
const HEADING: &str = "Render limits";

/// The render budget of one run (docs/security.md).
#[derive(Debug, Clone, Copy, Default, Args)]
pub(crate) struct LimitArgs {
    /// Template steps one file may take before it is stopped [default: 50000000].
    #[arg(long, value_name = "N", help_heading = HEADING)]
    pub max_render_steps: Option<u64>,

    /// Template steps all files of one run may take together [default: 1000000000].
    #[arg(long, value_name = "N", help_heading = HEADING)]
    pub max_run_steps: Option<u64>,

    /// Largest rendered file, and largest template text file rendered [default: 64M].
    #[arg(long, value_name = "SIZE", value_parser = crate::render::limits::parse_size, help_heading = HEADING)]
    pub max_file_size: Option<u64>,

    /// All rendered files of one run together [default: 4G].
    #[arg(long, value_name = "SIZE", value_parser = crate::render::limits::parse_size, help_heading = HEADING)]
    pub max_output_size: Option<u64>,

    /// Entries one archive jig unpacks (a registry bundle, a seed-code zip) may hold [default: 100000].
    #[arg(long, value_name = "N", help_heading = HEADING)]
    pub max_archive_entries: Option<u64>,
}

impl LimitArgs {
    /// These flags as settings.
    pub(crate) fn flags(&self) -> crate::settings::LimitFlags {
        crate::settings::LimitFlags {
            render_steps: self.max_render_steps,
            run_steps: self.max_run_steps,
            file_size: self.max_file_size,
            output_size: self.max_output_size,
            archive_entries: self.max_archive_entries,
        }
    }
}
