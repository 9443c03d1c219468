//! `jig adopt`: link an existing repository to a blueprint version without regenerating it,
//! then show how far the repository is from that version.

use crate::cli::AdoptArgs;
use crate::error::Error;
use crate::prompt::{Mode, Origin};
use crate::settings::Settings;
use crate::source::Resolver;
use crate::sync::compare::{self, State};
use crate::sync::link;
use crate::sync::project::{self, Answering, Options, Project};
use crate::ui::Ui;

pub(super) fn run(args: &AdoptArgs, settings: Settings, ui: &Ui) -> Result<(), Error> {
    let options = Options {
        path: args.path.clone(),
        blueprint: None,
        from: None,
        offline: args.from.offline,
        pre: args.from.pre,
    };
    let project = Project::open(&settings, options, ui)?;
    for recovered in &project.recovered {
        ui.warn(&recovered.describe());
    }
    let resolver = Resolver::new(&settings);
    let source = super::new::resolve(&resolver, &args.source, &args.from, false, ui)?;
    let questions = project::questions_of(&source)?;

    let mut given = crate::prompt::Given::new();
    let foreign = link::foreign_answers(&project.dir);
    if let Some((file, answers)) = &foreign {
        let (file, answers) = (file.clone(), answers.clone());
        let origin = Origin::Recorded(file.clone());
        let mut taken = 0;
        for (key, value) in answers {
            let known = questions
                .as_ref()
                .is_none_or(|qs| qs.iter().any(|q| q.name == key));
            let input = project::input_of(&value);
            if let (true, Some(input)) = (known, input) {
                given.insert(key, (input, origin.clone()));
                taken += 1;
            }
        }
        ui.status("Answers", &format!("{taken} taken from {}", file.display()));
    }
    for (key, value) in super::new::given_values(&args.answers)? {
        given.insert(key, value);
    }
    let mode = super::new::mode_for(&args.answers, ui);
    let mut asker = ui.asker();
    let asker: Option<&mut dyn crate::prompt::Asker> = match mode {
        Mode::Interactive => Some(&mut asker),
        _ => None,
    };
    let rendered = project.render(None, &source, Answering { given, mode, asker })?;
    for w in &rendered.warnings {
        ui.warn(w);
    }
    let mut record = rendered.record.clone();
    record.source.clone_from(&args.source);
    // The blueprint replaces the other tool's link: it stays as a file, no longer a link.
    record.adopted_from = foreign
        .as_ref()
        .and_then(|(file, _)| file.file_name())
        .map(|name| name.to_string_lossy().into_owned());
    let rel = crate::answers::AnswersFile::relative_path(&record.blueprint);
    if project.dir.join(&rel).exists() && !args.force {
        return Err(crate::sync::Error::AlreadyLinked { file: rel }.into());
    }
    record
        .write(&project.dir)
        .map_err(|e| crate::sync::io("write", &project.dir.join(&rel))(e))?;
    ui.status(
        "Linked",
        &format!(
            "{} to {} {} ({})",
            project.dir.display(),
            record.blueprint,
            record.version,
            rel.display()
        ),
    );
    let files = compare::classify(&rendered.tree, &rendered.create_once, &project.dir)
        .map_err(|e| crate::sync::io("read", &project.dir)(e))?;
    let count = |s: State| files.iter().filter(|f| f.state == s).count();
    ui.note(&format!(
        "  {} in-sync, {} modified, {} missing, {} create-once",
        count(State::InSync),
        count(State::Modified),
        count(State::Missing),
        count(State::CreateOnce)
    ));
    for f in files.iter().filter(|f| f.state.diverged()) {
        ui.note(&format!("    {:<9} {}", f.state.name(), f.path));
    }
    ui.note("Commit the answers file; `jig diff` shows the differences, `jig check` watches them in CI.");
    if project.dir.join(link::CRUFT_FILE).exists() {
        ui.note("The project also has .cruft.json; delete it once you rely on jig's answers file.");
    }
    Ok(())
}
