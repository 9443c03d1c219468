//! What `check`, `diff`, `update` and `adopt` share: finding the project's links, resolving
//! the recorded version and the target version of each, and rendering a version with a set
//! of answers into a scratch directory that is listed like the working tree.

use super::compare::is_metadata;
use super::link::{self, Link};
use super::report::AnswerChanges;
use super::tree::Tree;
use super::Error;
use crate::answers::AnswersFile;
use crate::blueprint::{Blueprint, Question};
use crate::cookiecutter::prepare;
use crate::generate::{self, blueprint::BlueprintTemplate, Existing};
use crate::prompt::{Asker, Given, Input, Mode, Origin};
use crate::settings::Settings;
use crate::source::{self, Format, Kind, Resolver, Source};
use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What the project commands share on their command lines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// The project directory (absolute or relative to the current one).
    pub path: PathBuf,
    /// Only the link of this blueprint.
    pub blueprint: Option<String>,
    /// Read the blueprint from this source instead of the recorded one.
    pub from: Option<String>,
    /// Allow prereleases.
    pub pre: bool,
    /// Use only what is cached.
    pub offline: bool,
}

/// How the project commands reach the person running them: spinners while they wait,
/// warnings, and questions.
pub(crate) trait Feedback {
    /// Resolving `given` started; dropping the guard says it ended.
    fn resolving(&self, given: &str) -> Box<dyn std::any::Any>;
    /// Rendering `what` started; dropping the guard says it ended.
    fn rendering(&self, what: &str) -> Box<dyn std::any::Any>;
    fn warn(&self, text: &str);
    /// Something the user must not miss (a recorded tag that moved).
    fn alarm(&self, text: &str);
    /// Asks questions (used only when answers are asked for).
    fn asker(&self) -> Box<dyn Asker + '_>;
}

/// A project and the settings its commands resolve sources with.
pub(crate) struct Project<'a> {
    pub settings: &'a Settings,
    pub resolver: Resolver<'a>,
    /// The project directory, absolute.
    pub dir: PathBuf,
    pub options: Options,
    pub feedback: &'a dyn Feedback,
    /// Interrupted runs rolled back on opening (the command tells the user).
    pub recovered: Vec<crate::journal::Recovered>,
}

/// A version rendered into a scratch directory (removed when dropped).
pub(crate) struct RenderedVersion {
    _scratch: crate::scratch::Scratch,
    pub tree: Tree,
    pub create_once: BTreeSet<String>,
    /// The answers file this render would record (pinned to its source).
    pub record: AnswersFile,
    /// The answers file a Copier template wrote into the render (its path and bytes).
    pub own_record: Option<(String, Vec<u8>)>,
    pub warnings: Vec<String>,
}

/// How the answers for a render are found.
pub(crate) struct Answering<'a> {
    pub given: Given,
    pub mode: Mode,
    pub asker: Option<&'a mut dyn Asker>,
}

impl<'a> Project<'a> {
    pub(crate) fn open(
        settings: &'a Settings,
        options: Options,
        feedback: &'a dyn Feedback,
    ) -> Result<Self, Error> {
        let dir = generate::absolute(&options.path);
        if !dir.is_dir() {
            return Err(Error::NotAProject { path: dir });
        }
        let recovered = super::recover(&dir)?;
        Ok(Project {
            settings,
            resolver: Resolver::new(settings),
            dir,
            options,
            feedback,
            recovered,
        })
    }

    /// The links to work on: all, or the one `--blueprint` names.
    pub(crate) fn links(&self) -> Result<Vec<Link>, Error> {
        let links = link::find(&self.dir)?;
        let Some(name) = &self.options.blueprint else {
            return Ok(links);
        };
        let known: Vec<String> = links.iter().map(|l| l.record.blueprint.clone()).collect();
        let chosen: Vec<Link> = links
            .into_iter()
            .filter(|l| &l.record.blueprint == name)
            .collect();
        if chosen.is_empty() {
            return Err(Error::NoSuchLink {
                name: name.clone(),
                known,
            });
        }
        Ok(chosen)
    }

    /// Where the link's source is now, with the options that do not depend on the version.
    fn location(&self, link: &Link) -> (String, Option<String>, Option<String>) {
        let r = &link.record;
        if let Some(from) = &self.options.from {
            return (from.clone(), r.directory.clone(), None);
        }
        match r.source_kind {
            Kind::Git => match &r.url {
                Some(url) => (url.clone(), r.directory.clone(), None),
                None => (r.source.clone(), None, None),
            },
            Kind::Registry => (r.blueprint.clone(), None, r.registry.clone()),
            Kind::Builtin => (r.blueprint.clone(), None, None),
            Kind::Local => {
                let given = Path::new(&r.source);
                let beside = self.dir.parent().map(|p| p.join(given));
                match beside {
                    Some(p) if given.is_relative() && !given.exists() && p.exists() => {
                        (p.to_string_lossy().into_owned(), None, None)
                    }
                    _ => (r.source.clone(), None, None),
                }
            }
        }
    }

    fn resolve(&self, link: &Link, req: Option<&str>) -> Result<Source, Error> {
        let (given, directory, registry) = self.location(link);
        let opts = source::Options {
            version: req,
            pre: self.options.pre,
            offline: self.options.offline,
            registry: registry.as_deref(),
            directory: directory.as_deref(),
            // A folder that is two kinds of template is read as the project was made.
            format: link.record.format.as_deref().and_then(Format::parse),
            dest_named: false,
        };
        let _waiting = self.feedback.resolving(&given);
        Ok(self.resolver.resolve(&given, &opts)?)
    }

    /// The version the project was made from, exactly (by commit or registry version).
    pub(crate) fn recorded(&self, link: &Link) -> Result<Source, Error> {
        let r = &link.record;
        let req = match r.source_kind {
            Kind::Git => r.commit.clone(),
            Kind::Registry => Some(format!("={}", r.version)),
            Kind::Local | Kind::Builtin => None,
        };
        let source = self.resolve(link, req.as_deref())?;
        // A Copier project records no digest of its template (Copier cannot tell either).
        let known = !r.digest.is_empty();
        if known
            && matches!(r.source_kind, Kind::Local | Kind::Builtin)
            && self.options.from.is_none()
        {
            let digest = source::content_digest(&source.dir, &Default::default())
                .map_err(|e| super::io("hash", &source.dir)(e))?;
            if digest != r.digest {
                return Err(Error::SourceChanged {
                    blueprint: r.blueprint.clone(),
                    version: r.version.clone(),
                    given: r.source.clone(),
                });
            }
        }
        Ok(source)
    }

    /// The requirement the link follows: `--to`, else the recorded source's `@REQ` (cruft's
    /// `checkout` branch), else the newest version.
    pub(crate) fn requirement(&self, link: &Link, to: Option<&str>) -> Option<String> {
        if let Some(to) = to {
            return Some(to.to_string());
        }
        if let Some(branch) = link.record.git_ref.as_deref() {
            if let Some(b) = branch.strip_prefix("refs/heads/") {
                return Some(b.to_string());
            }
        }
        if link.record.source_kind == Kind::Local && self.options.from.is_none() {
            return None;
        }
        let spec = self.resolver.parse(&link.record.source).ok()?;
        spec.req
    }

    /// The newest release when the requirement the link follows leaves it out (`2.0.0` beyond
    /// `^1`), found among `target`'s versions; `None` with `to` (`--to` chose), for branches
    /// and unversioned sources, or when `target` is the newest.
    pub(crate) fn outside(
        &self,
        link: &Link,
        target: &Source,
        to: Option<&str>,
    ) -> Option<super::report::Outside> {
        if to.is_some() {
            return None;
        }
        let requirement = self.requirement(link, None)?;
        if !crate::version::Requirement::parse(&requirement).is_version() {
            return None;
        }
        let current = target.pin.version.as_ref()?;
        let newest = target
            .available
            .iter()
            .filter(|v| v.pre.is_empty() || self.options.pre)
            .max()?;
        (newest > current).then(|| super::report::Outside {
            version: newest.to_string(),
            requirement,
        })
    }

    /// The newest version the requirement allows (or `--to`).
    pub(crate) fn target(&self, link: &Link, to: Option<&str>) -> Result<Source, Error> {
        let req = self.requirement(link, to);
        self.resolve(link, req.as_deref())
    }

    /// Whether hooks run for re-renders: `--no-hooks` never, trusted sources always; an
    /// untrusted source with hooks renders without them, with a warning.
    pub(crate) fn hooks_allowed(
        &self,
        source: &Source,
        has_hooks: bool,
        warnings: &mut Vec<String>,
    ) -> bool {
        if self.settings.flags.no_hooks || !has_hooks {
            return false;
        }
        let trusted = source.is_trusted(self.settings);
        if !trusted {
            warnings.push(format!(
                "{} has hooks and is not trusted: rendering without them, so files they change may show as drift (pass --trust to run them)",
                source.given
            ));
        }
        trusted
    }

    /// `render`, shown as "Rendering WHAT" while it runs, its warnings passed on.
    pub(crate) fn render_shown(
        &self,
        link: Option<&Link>,
        source: &Source,
        answering: Answering,
        what: &str,
    ) -> Result<RenderedVersion, Error> {
        let waiting = self.feedback.rendering(what);
        let result = self.render(link, source, answering);
        drop(waiting);
        let rendered = result?;
        for w in &rendered.warnings {
            self.feedback.warn(w);
        }
        Ok(rendered)
    }

    /// Renders `source` with `answering` into a scratch directory; `link` (when there is one)
    /// says which paths the team owns.
    pub(crate) fn render(
        &self,
        link: Option<&Link>,
        source: &Source,
        answering: Answering,
    ) -> Result<RenderedVersion, Error> {
        let scratch = crate::scratch::Scratch::new("jig-render-")
            .map_err(|e| super::io("create a scratch directory in", &std::env::temp_dir())(e))?;
        let mut warnings = source.warnings.clone();
        let mut own_record = None;
        let mut copier_record = None;
        let mut report = match source.format {
            Format::Jig => {
                let mut blueprint = Blueprint::load(&source.dir)?;
                // One repository of several: the one the answers file records.
                blueprint.select(link.and_then(|l| l.record.repository.as_deref()))?;
                let hooks = self.hooks_allowed(source, blueprint.has_hooks(), &mut warnings);
                let answers = generate::blueprint::collect_answers(
                    &blueprint,
                    &answering.given,
                    &self.settings.config.defaults,
                    answering.mode,
                    answering.asker,
                )?;
                let template = BlueprintTemplate::new(&blueprint, &answers);
                generate_into(source, &template, scratch.path(), hooks)?
            }
            Format::Copier => {
                let src_path = link.map(|l| l.record.source.as_str());
                let (report, record, own) =
                    self.render_copier(source, src_path, answering, scratch.path(), &mut warnings)?;
                own_record = own;
                copier_record = Some(record);
                report
            }
            Format::Cookiecutter => {
                let has_hooks = !crate::cookiecutter::hooks::all(&source.dir).is_empty();
                let hooks = self.hooks_allowed(source, has_hooks, &mut warnings);
                let output_dir = self.dir.parent().unwrap_or(&self.dir).to_path_buf();
                let ready = prepare::prepare(prepare::Preparation {
                    settings: self.settings,
                    source,
                    extra: prepare::given_map(answering.given),
                    asker: answering.asker,
                    output_dir: &output_dir,
                    run_hooks: hooks,
                    no_input: false,
                })?;
                warnings.extend(ready.warnings.iter().cloned());
                generate_into(source, &ready.prepared, scratch.path(), hooks)?
            }
        };
        let root = report.project_dir.clone();
        let mut record = match copier_record {
            Some(record) => record,
            None => report.record.take().expect("a render records its answers"),
        };
        if let Some(link) = link.filter(|_| self.options.from.is_some()) {
            record.source = link.record.source.clone();
        }
        let skips = |rel: &str| link.is_some_and(|l| l.skips(rel));
        let tree = Tree::list(&root, |rel| is_metadata(rel) || skips(rel))
            .map_err(|e| super::io("read", &root)(e))?;
        let create_once = report
            .files
            .iter()
            .filter(|f| f.create_once)
            .map(|f| f.path.clone())
            .collect();
        Ok(RenderedVersion {
            _scratch: scratch,
            tree,
            create_once,
            record,
            own_record,
            warnings,
        })
    }
}

pub(super) fn generate_into(
    source: &Source,
    template: &dyn generate::Template,
    out: &Path,
    run_hooks: bool,
) -> Result<generate::Generated, Error> {
    let request = generate::Request {
        source,
        template,
        output_dir: out,
        existing: Existing::Refuse,
        pretend: false,
        git: false,
        author: None,
        run_hooks,
    };
    Ok(generate::generate(&request, &|_| {})?)
}

/// The recorded answers as given values for `questions`: answers to questions the blueprint
/// no longer asks are dropped, and answers recorded under a question's `renamed_from` name
/// carried over. Cookiecutter templates (no `questions`) take every recorded answer.
pub(crate) fn carry(
    record: &AnswersFile,
    file: &Path,
    questions: Option<&[Question]>,
) -> (Given, AnswerChanges) {
    let mut given = Given::new();
    let mut changes = AnswerChanges::default();
    let origin = Origin::Recorded(file.to_path_buf());
    let put = |given: &mut Given, name: &str, value: &Json| {
        if let Some(input) = input_of(value) {
            given.insert(name.to_string(), (input, origin.clone()));
        }
    };
    let Some(questions) = questions else {
        for (name, value) in &record.answers {
            put(&mut given, name, value);
        }
        return (given, changes);
    };
    let mut used = BTreeSet::new();
    for q in questions.iter().filter(|q| q.computed.is_none()) {
        if let Some(value) = record.answers.get(&q.name) {
            put(&mut given, &q.name, value);
            used.insert(q.name.clone());
        } else if let Some(old) = q
            .renamed_from
            .iter()
            .find(|o| record.answers.contains_key(*o))
        {
            put(&mut given, &q.name, &record.answers[old]);
            used.insert(old.clone());
            changes.renamed.push((old.clone(), q.name.clone()));
        }
    }
    changes.dropped = record
        .answers
        .keys()
        .filter(|k| !used.contains(*k))
        .cloned()
        .collect();
    (given, changes)
}

/// A recorded JSON answer as the text a user would have typed.
pub(crate) fn input_of(value: &Json) -> Option<Input> {
    let text = |v: &Json| match v {
        Json::String(s) => Some(s.clone()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match value {
        Json::Array(items) => items
            .iter()
            .map(text)
            .collect::<Option<_>>()
            .map(Input::List),
        other => text(other).map(Input::Text),
    }
}

/// The questions a blueprint source asks (none for Cookiecutter templates).
/// The names of `source`'s secret questions: answers no answers file records, which a
/// re-render of a recorded version stands in for (`sync::secrets`).
pub(crate) fn secret_names_of(source: &Source) -> Result<Vec<String>, Error> {
    Ok(match source.format {
        Format::Jig => Blueprint::load(&source.dir)?
            .manifest
            .questions
            .into_iter()
            .filter(|q| q.is_secret())
            .map(|q| q.name)
            .collect(),
        Format::Cookiecutter => Vec::new(),
        Format::Copier => crate::copier::template::Template::load(&source.dir)?.secret_names(),
    })
}

pub(crate) fn questions_of(source: &Source) -> Result<Option<Vec<Question>>, Error> {
    match source.format {
        Format::Jig => Ok(Some(Blueprint::load(&source.dir)?.manifest.questions)),
        Format::Cookiecutter => Ok(None),
        Format::Copier => Ok(None),
    }
}
