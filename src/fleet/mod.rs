//! The fleet: every repository made from a team's blueprints, seen at once.
//!
//! A fleet file (`file`) names the repositories; `snapshot` reads each one's default branch
//! from git without a checkout; `status` checks every blueprint in every repository by the
//! rules of `jig check`; `report` holds the result (and merges shards' results); `views`
//! aggregates it for people (version spread, drift matrix, the files teams change most) and
//! `html` draws those as one self-contained page, with each version's `band`, each
//! repository's `web` pages and its `rollout` (update branches and requests); `plan` splits a
//! fleet into shards for CI.
//! Nothing here prints: the command shows what these return.

pub(crate) mod band;
pub(crate) mod branch;
pub(crate) mod chart;
pub(crate) mod discover;
pub(crate) mod file;
pub(crate) mod forge;
pub(crate) mod html;
pub(crate) mod plan;
pub(crate) mod proposal;
pub(crate) mod report;
pub(crate) mod rollout;
pub(crate) mod sarif;
pub(crate) mod snapshot;
pub(crate) mod status;
pub(crate) mod update;
pub(crate) mod views;
pub(crate) mod web;

use rayon::prelude::*;
use std::path::PathBuf;

/// Runs `work` for every member on a pool of `jobs` threads (at least one), in `members`'
/// order; `done` hears of each result as it is made (for a progress bar).
pub(crate) fn each<T: Send>(
    jobs: usize,
    members: &[file::Member],
    done: &(dyn Fn(&T) + Sync),
    work: impl Fn(&file::Member) -> T + Sync,
) -> Vec<T> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .expect("a thread pool starts");
    pool.install(|| {
        members
            .par_iter()
            .map(|m| {
                let result = work(m);
                done(&result);
                result
            })
            .collect()
    })
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("cannot read the fleet file {}: {message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("the fleet file {} is not valid: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("the fleet file {} has entries jig cannot use", path.display())]
    Entries {
        path: PathBuf,
        problems: Vec<String>,
    },
    #[error("the fleet file {} lists no repositories", path.display())]
    Empty { path: PathBuf },
    #[error("an HTML report is a page, not a stream: it needs --out FILE")]
    HtmlToStdout,
    #[error("`{given}` is not a shard: write K/N, with 1 <= K <= N")]
    Shard { given: String },
    #[error("the fleet uses several blueprints, and --to applies to one")]
    WhichBlueprint { used: Vec<(String, usize)> },
    #[error("no repository of the fleet uses a blueprint named `{name}`")]
    UnusedBlueprint {
        name: String,
        used: Vec<(String, usize)>,
    },
    #[error("cannot read the report {}: {message}", path.display())]
    Report { path: PathBuf, message: String },
    #[error("--projects moves the SageMaker projects of the fleet file's regions, and {} names none", path.display())]
    NoRegions { path: PathBuf },
    #[error("--to {text}: {message}")]
    BadVersion { text: String, message: String },
    #[error("SOURCE_DATE_EPOCH `{given}` is not a number of seconds")]
    Clock { given: String },
}
