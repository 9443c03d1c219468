//! `jig update`: open the project, refuse a dirty tree (unless `--allow-dirty`), update each
//! link with the library's three-way update (`sync::update`), and show what happened.

mod summary;

use crate::cli::UpdateArgs;
use crate::error::{Error, EXIT_CONFLICTS};
use crate::prompt::Mode;
use crate::settings::Settings;
use crate::sync::project::Project;
use crate::sync::update::{self, Request};
use crate::sync::workspace::Workspace;
use crate::ui::Ui;

pub(super) fn run(args: &UpdateArgs, settings: Settings, ui: &Ui) -> Result<u8, Error> {
    let project = Project::open(&settings, args.project.options(), ui)?;
    for recovered in &project.recovered {
        ui.warn(&recovered.describe());
    }
    let links = project.links()?;
    if args.to.is_some() && links.len() > 1 {
        let known = links.iter().map(|l| l.record.blueprint.clone()).collect();
        return Err(crate::sync::Error::NeedBlueprint { known }.into());
    }
    let ws = Workspace::open(&project.dir)?;
    let dirty = ws.dirty()?;
    if !dirty.is_empty() && !args.allow_dirty {
        return Err(crate::sync::Error::Dirty { paths: dirty }.into());
    }
    // The rule of `jig new` for questions new in the target version; recorded answers stand.
    let ask = match super::new::mode_for(&args.answers, ui) {
        Mode::Defaults => Mode::Replay,
        Mode::NoInput => Mode::ReplayNoInput,
        mode => mode,
    };
    let request = Request {
        to: args.to.clone(),
        pin: args.pin,
        pretend: args.pretend,
        conflict: args.conflict,
        given: super::new::given_values(&args.answers)?,
        ask,
    };
    crate::interrupt::guard();
    let mut reports = Vec::new();
    for link in &links {
        reports.push(update::update(
            &project,
            &ws,
            link,
            &request,
            !dirty.is_empty(),
        )?);
    }
    summary::show(ui, args, &reports);
    let conflicts = reports.iter().any(|r| !r.conflicts.is_empty());
    Ok(if conflicts { EXIT_CONFLICTS } else { 0 })
}
