//! `jig test`: a blueprint's CI in one command.
//!
//! Every answer set (`sets`) is rendered into its own temporary directory, in parallel, the way
//! `jig new --defaults --no-git` renders it (hooks are not run: they reach for the network and
//! the developer's machine, and what they produce is not the blueprint's). Each rendered tree
//! is compared with its expected tree when one is stored (`snapshot`), then the manifest's
//! `checks` run in it. The result is a grid of answer set x step, each cell pass, fail or
//! skipped, with the output of every failure; `ui` draws it.

pub(crate) mod sets;
mod snapshot;

use crate::blueprint::{Blueprint, Check};
use crate::generate::{blueprint::BlueprintTemplate, Template};
use crate::hooks::Ended;
use rayon::prelude::*;
use sets::AnswerSet;
use std::path::Path;
use std::time::{Duration, Instant};

/// The first two columns: rendering and the expected tree.
pub(crate) const RENDER: &str = "render";
pub(crate) const SNAPSHOT: &str = "snapshot";
const DEFAULT_TIMEOUT: u64 = 600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    Pass,
    Fail,
    /// Not run: no expected tree, a `when` that is false, or an earlier step failed.
    Skip,
    /// `--update-snapshots` wrote the expected tree.
    Updated,
}

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Cell {
    pub step: String,
    pub status: Status,
    /// What failed (command output, differing files); empty otherwise.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub output: String,
    pub seconds: f64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct SetResult {
    pub set: String,
    /// `tests/NAME.yaml`, or `(all defaults)`.
    pub origin: String,
    pub cells: Vec<Cell>,
}

impl SetResult {
    pub(crate) fn failed(&self) -> bool {
        self.cells.iter().any(|c| c.status == Status::Fail)
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct TestReport {
    pub blueprint: String,
    /// Column order: render, snapshot, then the checks.
    pub steps: Vec<String>,
    pub sets: Vec<SetResult>,
}

impl TestReport {
    pub(crate) fn failed(&self) -> bool {
        self.sets.iter().any(SetResult::failed)
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// Write each set's rendered tree as its expected tree.
    pub update_snapshots: bool,
    /// Only these sets (all when empty).
    pub only: Vec<String>,
}

/// Runs every answer set; `done` hears each finished set's name.
pub(crate) fn run(
    blueprint: &Blueprint,
    sets: &[AnswerSet],
    opts: &Options,
    done: &(dyn Fn(&str) + Sync),
) -> TestReport {
    let chosen: Vec<&AnswerSet> = sets
        .iter()
        .filter(|s| opts.only.is_empty() || opts.only.contains(&s.name))
        .collect();
    let results = chosen
        .par_iter()
        .map(|set| {
            let r = run_set(blueprint, set, opts);
            done(&set.name);
            r
        })
        .collect();
    let mut steps = vec![RENDER.to_string(), SNAPSHOT.to_string()];
    steps.extend(blueprint.manifest.checks.iter().map(|c| c.name.clone()));
    TestReport {
        blueprint: blueprint.manifest.name.clone(),
        steps,
        sets: results,
    }
}

fn run_set(blueprint: &Blueprint, set: &AnswerSet, opts: &Options) -> SetResult {
    let mut result = SetResult {
        set: set.name.clone(),
        origin: set.origin(&blueprint.root),
        cells: Vec::new(),
    };
    let started = Instant::now();
    let rendered = render(blueprint, set);
    let (work, project, answers) = match rendered {
        Ok(ok) => ok,
        Err(message) => {
            result
                .cells
                .push(cell(RENDER, Status::Fail, message, started));
            result
                .cells
                .push(cell(SNAPSHOT, Status::Skip, String::new(), started));
            for check in &blueprint.manifest.checks {
                result
                    .cells
                    .push(cell(&check.name, Status::Skip, String::new(), started));
            }
            return result;
        }
    };
    result
        .cells
        .push(cell(RENDER, Status::Pass, String::new(), started));

    let started = Instant::now();
    let expected = set.snapshot_dir(&blueprint.root);
    let (status, output) = if opts.update_snapshots {
        match snapshot::write(&project, &expected) {
            Ok(()) => (Status::Updated, String::new()),
            Err(e) => (
                Status::Fail,
                format!("cannot write {}: {e}", expected.display()),
            ),
        }
    } else if expected.is_dir() {
        match snapshot::compare(&expected, &project) {
            Ok(diff) if diff.is_empty() => (Status::Pass, String::new()),
            Ok(diff) => (Status::Fail, diff),
            Err(e) => (
                Status::Fail,
                format!("cannot compare with {}: {e}", expected.display()),
            ),
        }
    } else {
        (Status::Skip, String::new())
    };
    result.cells.push(cell(SNAPSHOT, status, output, started));

    // A check runs in every repository where its `when` holds (`jig.repository` names the
    // one of several); it passes when each of those runs passes.
    let views = blueprint.each_repository();
    for check in &blueprint.manifest.checks {
        let started = Instant::now();
        let (mut status, mut outputs) = (Status::Skip, Vec::new());
        for view in &views {
            let template = BlueprintTemplate::new(view, &answers);
            let dir = match view.repository() {
                Some(_) => match template.project_dir_name() {
                    Ok(name) => project.join(name),
                    Err(e) => {
                        (status, outputs) = (Status::Fail, vec![e.to_string()]);
                        break;
                    }
                },
                None => project.clone(),
            };
            let on = match &check.when {
                Some(expr) => template.renderer().is_true("checks when", expr),
                None => Ok(true),
            };
            let (one, output) = match on {
                Ok(false) => continue,
                Ok(true) => run_check(check, &dir),
                Err(e) => (Status::Fail, e.to_string()),
            };
            if status != Status::Fail {
                status = one;
            }
            if !output.is_empty() {
                outputs.push(match view.repository() {
                    Some(r) => format!("[{}] {output}", r.name),
                    None => output,
                });
            }
        }
        result
            .cells
            .push(cell(&check.name, status, outputs.join("\n"), started));
    }
    drop(work);
    result
}

pub(crate) type RenderedSet = (
    crate::scratch::Scratch,
    std::path::PathBuf,
    crate::prompt::Resolved,
);

/// Renders `set` into a fresh temporary directory; the project's path inside it.
pub(crate) fn render(blueprint: &Blueprint, set: &AnswerSet) -> Result<RenderedSet, String> {
    let answers = set.resolve(blueprint).map_err(|e| match e {
        crate::prompt::Error::Invalid(problems) => problems
            .iter()
            .map(|p| format!("{}: {}", p.question, p.message))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    })?;
    let work = crate::scratch::Scratch::new("jig-test-").map_err(|e| e.to_string())?;
    // Several repositories render side by side; the set's project is the folder holding them.
    let multi = blueprint.is_multi();
    for view in blueprint.each_repository() {
        let template = BlueprintTemplate::new(&view, &answers);
        let name = template.project_dir_name().map_err(|e| e.to_string())?;
        let project = work.path().join(name);
        let plan = template.plan().map_err(|e| e.to_string())?;
        std::fs::create_dir_all(&project).map_err(|e| e.to_string())?;
        crate::render::write::execute(
            &plan,
            &template.template_root(),
            &project,
            template.renderer(),
            false,
            &|| {},
        )
        .map_err(|e| crate::chain::with_causes(&e))?;
        if !multi {
            return Ok((work, project, answers));
        }
    }
    let project = work.path().to_path_buf();
    Ok((work, project, answers))
}

/// Runs one check with `sh -c` in the project; its combined output when it fails.
fn run_check(check: &Check, project: &Path) -> (Status, String) {
    let mut command = std::process::Command::new("sh");
    command.args(["-c", &check.run]).current_dir(project);
    let limit = Duration::from_secs(check.timeout.unwrap_or(DEFAULT_TIMEOUT));
    let (ended, text) = match crate::hooks::run_captured(&mut command, None, limit, None) {
        Ok(done) => done,
        Err(e) => return (Status::Fail, format!("cannot run `{}`: {e}", check.run)),
    };
    let end = match ended {
        Ended::Exited(s) if s.success() => return (Status::Pass, String::new()),
        Ended::Exited(s) => s
            .code()
            .map_or("killed by a signal".into(), |c| format!("exit code {c}")),
        Ended::TimedOut => format!("stopped after {}s", limit.as_secs()),
        Ended::Interrupted => "interrupted".into(),
    };
    (Status::Fail, format!("$ {}\n{text}({end})", check.run))
}

fn cell(step: &str, status: Status, output: String, started: Instant) -> Cell {
    Cell {
        step: step.to_string(),
        status,
        output,
        seconds: (started.elapsed().as_secs_f64() * 100.0).round() / 100.0,
    }
}
