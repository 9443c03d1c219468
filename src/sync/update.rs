//! `jig update` of one link: render the recorded version (base) and the target version
//! (theirs), run the migrations the update crosses, merge file by file into the working tree
//! (ours) under a journal, mark conflicts in the git index, and record the new version only
//! when that all worked.

use super::compare::is_metadata;
use super::link::{Link, Origin};
use super::merge::{Action, ConflictStyle, Labels, Outcome};
use super::migrate::{describe, run_migration, MigrationEnv, Step};
use super::project::{carry, secret_names_of, Answering, Project, RenderedVersion};
use super::report::{FileOutcome, RequirementMove, UpdateReport, UPDATE_SCHEMA};
use super::tree::Tree;
use super::workspace::{Unmerged, Workspace};
use super::{apply, plan, Error};
use crate::blueprint::Blueprint;
use crate::journal::{self, Journal};
use crate::prompt::{Given, Mode};
use crate::source::{Format, Source};
use crate::version::Requirement;
use std::path::Path;

/// What the command line asks of an update.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    /// `--to`: the version to update to (default: the newest the requirement allows).
    pub to: Option<String>,
    /// `--pin`: record the exact version updated to, not a requirement of the recorded kind.
    pub pin: bool,
    /// `--pretend`: plan and report, write nothing.
    pub pretend: bool,
    pub conflict: ConflictStyle,
    /// `--data` / `--data-file` answers.
    pub given: Given,
    /// How questions new in the target version are answered: `Interactive` (a terminal),
    /// `Replay` (`--defaults`, a fleet run: their defaults) or `ReplayNoInput` (no terminal:
    /// each needs `--data`). Recorded answers stand in every mode.
    pub ask: Mode,
}

/// Updates one link of `project` to its target version: render base and theirs, run the
/// migrations the update crosses, merge into the working tree and the index under a journal,
/// record the new version. `dirty` says whether the tree had uncommitted changes
/// (`--allow-dirty`; migrations then refuse).
pub(crate) fn update(
    project: &Project,
    ws: &Workspace,
    link: &Link,
    request: &Request,
    dirty: bool,
) -> Result<UpdateReport, Error> {
    Job {
        project,
        ws,
        link,
        args: request,
        dirty,
    }
    .run()
}

struct Job<'a> {
    project: &'a Project<'a>,
    ws: &'a Workspace,
    link: &'a Link,
    args: &'a Request,
    dirty: bool,
}

impl Job<'_> {
    fn run(&self) -> Result<UpdateReport, Error> {
        let (project, link, args) = (self.project, self.link, self.args);
        let record = &link.record;
        let answers_path = project.dir.join(&link.file);
        let old = project.recorded(link)?;
        let (mut given, _) = carry(record, &answers_path, None);
        // A secret given now is the same secret the old version used: no answer was recorded.
        let secret_names = secret_names_of(&old)?;
        for (key, value) in &args.given {
            if secret_names.contains(key) {
                given.insert(key.clone(), value.clone());
            }
        }
        let mut base = self.render(&old, given, Mode::Replay, &record.version)?;
        let target = project.target(link, args.to.as_deref())?;
        // Loaded once: its version, migrations and questions all come from it.
        let blueprint = match target.format {
            Format::Jig => {
                let mut blueprint = Blueprint::load(&target.dir)?;
                blueprint.select(record.repository.as_deref())?;
                Some(blueprint)
            }
            Format::Cookiecutter | Format::Copier => None,
        };
        // A first-party blueprint or a directory has no pin: its manifest says its version.
        let target_version = target
            .pin
            .version
            .clone()
            .or_else(|| blueprint.as_ref().map(|b| b.manifest.version.clone()));
        let to_version = target_version.as_ref().map_or_else(
            || crate::cookiecutter::generate::UNVERSIONED.to_string(),
            |v| v.to_string(),
        );
        let versions = (
            // Copier records the tag as it is (`v1.2.0`).
            semver::Version::parse(record.version.trim_start_matches('v')).ok(),
            target_version.clone(),
        );
        if let (Some(from), Some(to)) = &versions {
            if to < from {
                return Err(Error::Downgrade {
                    blueprint: record.blueprint.clone(),
                    from: from.to_string(),
                    to: to.to_string(),
                });
            }
        }
        let migrations = self.migrations(
            &target,
            blueprint.as_ref(),
            versions.0.as_ref(),
            versions.1.as_ref(),
        )?;
        let mut report = UpdateReport {
            schema: UPDATE_SCHEMA,
            blueprint: record.blueprint.clone(),
            answers_file: link.file.clone(),
            from: record.version.clone(),
            to: to_version.clone(),
            pretend: args.pretend,
            files: Vec::new(),
            conflicts: Vec::new(),
            rej_files: Vec::new(),
            answers: Default::default(),
            migrations: migrations.iter().map(describe).collect(),
            requirement: None,
            outside: None,
        };
        report.requirement = self.requirement_move(target_version.as_ref());
        report.outside = project.outside(link, &target, args.to.as_deref());
        let env = MigrationEnv {
            from: &record.version,
            to: &to_version,
            blueprint_dir: &target.dir,
        };
        let questions = blueprint.map(|b| b.manifest.questions);
        let result = self.merge_and_apply(
            &mut base,
            (&target, questions.as_deref()),
            &migrations,
            &env,
            !secret_names.is_empty(),
            &mut report,
        );
        if result.is_err() && !args.pretend && !migrations.is_empty() {
            // Migrations may have changed the tree; it was clean before, so HEAD is the way back.
            self.ws.restore()?;
        }
        result.map(|_| report)
    }

    fn render(
        &self,
        source: &Source,
        given: crate::prompt::Given,
        mode: Mode,
        version: &str,
    ) -> Result<RenderedVersion, Error> {
        let mut asker = self.project.feedback.asker();
        let asker: Option<&mut dyn crate::prompt::Asker> = match mode {
            Mode::Interactive => Some(asker.as_mut()),
            _ => None,
        };
        let what = format!("{} {version}", self.link.record.blueprint);
        self.project.render_shown(
            Some(self.link),
            source,
            Answering { given, mode, asker },
            &what,
        )
    }

    /// The new version's migrations this update crosses (old < version <= new), checked
    /// against the trust rule.
    fn migrations(
        &self,
        target: &Source,
        blueprint: Option<&Blueprint>,
        from: Option<&semver::Version>,
        to: Option<&semver::Version>,
    ) -> Result<Vec<Step>, Error> {
        let crossing: Vec<Step> = match (from, to, blueprint, target.format) {
            (Some(from), Some(to), Some(blueprint), _) => blueprint
                .manifest
                .migrations
                .iter()
                .filter(|m| &m.version > from && &m.version <= to)
                .cloned()
                .map(Step::Script)
                .collect(),
            (.., Format::Copier) => {
                let template = crate::copier::template::Template::load(&target.dir)?;
                let record = &self.link.record;
                let to = crate::copier::context::describe(target).unwrap_or_default();
                let answers = record.answers.clone().into_iter().collect();
                crate::copier::migrations::crossing(&template, &record.version, &to, &answers)?
                    .into_iter()
                    .map(Step::Copier)
                    .collect()
            }
            _ => return Ok(Vec::new()),
        };
        if crossing.is_empty() {
            return Ok(crossing);
        }
        if !target.is_trusted(self.project.settings) || self.project.settings.flags.no_hooks {
            return Err(target
                .untrusted(crossing.iter().map(describe).collect(), false)
                .into());
        }
        if self.dirty && !self.args.pretend {
            return Err(Error::Dirty {
                paths: vec![
                    "(migrations need a clean working tree, even with --allow-dirty)".into(),
                ],
            });
        }
        Ok(crossing)
    }

    /// `target` with its questions (none for a Cookiecutter template).
    fn merge_and_apply(
        &self,
        base: &mut RenderedVersion,
        (target, questions): (&Source, Option<&[crate::blueprint::Question]>),
        migrations: &[Step],
        env: &MigrationEnv,
        has_secrets: bool,
        report: &mut UpdateReport,
    ) -> Result<(), Error> {
        let (project, link, args) = (self.project, self.link, self.args);
        let answers_path = project.dir.join(&link.file);
        let mut record = link.record.clone();
        let before: Vec<&Step> = migrations.iter().filter(|m| m.before()).collect();
        if !before.is_empty() {
            if args.pretend {
                project
                    .feedback
                    .warn("--pretend does not run migrations; the real update may differ");
            } else {
                // A blueprint's run in the old render too, so base and working tree stay
                // comparable; a Copier template's only in the project, as Copier runs them
                // (so the update gives the files `copier update` gives).
                for m in &before {
                    if matches!(m, Step::Script(_)) {
                        run_migration(m, env, &base.tree.root, &link.file)?;
                    }
                    run_migration(m, env, &project.dir, &link.file)?;
                }
                base.tree = list(&base.tree.root, link)?;
                if matches!(link.origin, Origin::Jig) {
                    record = crate::answers::AnswersFile::read(&answers_path)?;
                }
            }
        }
        let (mut given, mut changes) = carry(&record, &answers_path, questions);
        for (key, value) in &args.given {
            changes.changed.push(key.clone());
            given.insert(key.clone(), value.clone());
        }
        let theirs = self.render(target, given, args.ask, &report.to)?;
        changes.added = theirs
            .record
            .answers
            .keys()
            .filter(|k| {
                !record.answers.contains_key(*k) && !changes.renamed.iter().any(|(_, n)| n == *k)
            })
            .cloned()
            .collect();
        changes
            .changed
            .retain(|k| record.answers.get(k) != theirs.record.answers.get(k));
        report.answers = changes;

        let labels = Labels {
            base: format!("{} {} (base)", record.blueprint, record.version),
            ours: "local changes".into(),
            theirs: format!("{} {}", record.blueprint, report.to),
        };
        let renders = plan::Renders {
            base: &base.tree,
            base_create_once: &base.create_once,
            theirs: &theirs.tree,
            theirs_create_once: &theirs.create_once,
            has_secrets,
        };
        let steps = plan::plan(&renders, &project.dir, args.conflict, &labels)?;
        plan::check_secrets(&steps)?;
        for step in steps.iter().filter(|s| s.outcome != Outcome::Unchanged) {
            report.files.push(FileOutcome {
                path: step.path.clone(),
                outcome: step.outcome,
            });
            if step.outcome == Outcome::Conflict {
                report.conflicts.push(step.path.clone());
            }
        }
        if args.pretend {
            return Ok(());
        }
        if crate::interrupt::requested() {
            return Err(crate::generate::Error::Interrupted.into());
        }
        let (mut paths, temporaries) = apply::touched(&steps);
        paths.push(link.file.clone().into());
        paths.push(self.ws.index_path());
        let what = format!("jig update of {} to {}", record.blueprint, report.to);
        let git_dir = self.ws.git_dir();
        let mut journal = Journal::begin(
            git_dir,
            journal::UPDATE_PREFIX,
            &what,
            &project.dir,
            &paths,
            temporaries,
        )
        .map_err(super::io("write a journal in", git_dir))?;
        match self.write(&steps, &mut journal, migrations, env, &theirs, report) {
            Ok(()) => journal
                .commit()
                .map_err(super::io("finish the journal in", git_dir)),
            Err(e) => {
                journal.rollback().map_err(super::io(
                    "roll back the update with the journal in",
                    git_dir,
                ))?;
                Err(e)
            }
        }
    }

    /// The writing part of an update, under its journal: files, conflicts in the index,
    /// migrations after the merge, the new answers.
    fn write(
        &self,
        steps: &[super::merge::Step],
        journal: &mut Journal,
        migrations: &[Step],
        env: &MigrationEnv,
        theirs: &RenderedVersion,
        report: &mut UpdateReport,
    ) -> Result<(), Error> {
        let (project, link, args) = (self.project, self.link, self.args);
        report.rej_files = apply::apply(&project.dir, steps, journal)?;
        if args.conflict == ConflictStyle::Inline {
            let unmerged: Vec<Unmerged> = steps
                .iter()
                .filter_map(|s| match &s.action {
                    Action::Conflict {
                        base, ours, theirs, ..
                    } => Some(Unmerged {
                        path: &s.path,
                        base: base.as_ref(),
                        ours,
                        theirs,
                    }),
                    _ => None,
                })
                .collect();
            self.ws.mark_conflicts(&unmerged)?;
        }
        for m in migrations.iter().filter(|m| !m.before()) {
            run_migration(m, env, &project.dir, &link.file)?;
        }
        let mut new_record = theirs.record.clone();
        new_record.source = self.recorded_source(report);
        let own = theirs
            .own_record
            .as_ref()
            .map(|(_, bytes)| bytes.as_slice());
        link.write(&project.dir, &new_record, own)?;
        if args.conflict == ConflictStyle::Inline && !report.conflicts.is_empty() {
            // As `git merge` leaves it: the clean part staged, the conflicts unmerged.
            let clean: Vec<&str> = steps
                .iter()
                .filter(|s| matches!(s.action, Action::Write(_) | Action::Delete))
                .map(|s| s.path.as_str())
                .chain(std::iter::once(link.file.as_str()))
                .collect();
            self.ws.stage(&clean)?;
        }
        Ok(())
    }
}

impl Job<'_> {
    /// The source to record after the update: its `@REQ` moved as `report.requirement` says.
    fn recorded_source(&self, report: &UpdateReport) -> String {
        let given = &self.link.record.source;
        let Some(moved) = &report.requirement else {
            return given.clone();
        };
        let base = match moved.from.is_empty() {
            true => given.as_str(),
            false => &given[..given.len() - moved.from.len() - 1],
        };
        format!("{base}@{}", moved.to)
    }

    /// How the recorded requirement moves with this update: `--to` keeps its kind (`^1` ->
    /// `^2`, `version::moved`), `--pin` pins; a branch, tag or commit given to `--to` is
    /// followed as given. `None`: it stays (a plain update never changes it).
    fn requirement_move(&self, to: Option<&semver::Version>) -> Option<RequirementMove> {
        let args = self.args;
        if args.to.is_none() && !args.pin {
            return None;
        }
        let given = &self.link.record.source;
        let spec = self.project.resolver.parse(given).ok()?;
        let old = spec.req.filter(|r| given.ends_with(&format!("@{r}")));
        let asked = args.to.as_deref().map(Requirement::parse);
        let new = match (old.as_deref(), to, asked) {
            (_, _, Some(asked)) if !asked.is_version() => args.to.clone(),
            (Some(old), Some(to), _) if Requirement::parse(old).is_version() => {
                crate::version::moved(old, to, args.pin)
            }
            (None, Some(to), _) if args.pin => Some(to.to_string()),
            (None, ..) => None,
            (Some(_), ..) => args.to.clone(),
        }?;
        let from = old.unwrap_or_default();
        (new != from).then_some(RequirementMove { from, to: new })
    }
}

fn list(root: &Path, link: &Link) -> Result<Tree, Error> {
    Tree::list(root, |rel| is_metadata(rel) || link.skips(rel)).map_err(super::io("read", root))
}
