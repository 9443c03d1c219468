//! `jig list`: the first-party blueprints with their versions and descriptions.

use crate::blueprint::Blueprint;
use crate::cli::{Format, ListArgs};
use crate::error::Error;
use crate::source;
use crate::ui::Ui;

#[derive(serde::Serialize)]
struct Row {
    name: String,
    version: String,
    description: String,
    source: &'static str,
}

pub fn run(args: &ListArgs, ui: &Ui) -> Result<(), Error> {
    let mut rows = Vec::new();
    for name in source::builtin_names() {
        let src = source::resolve(name, None)?;
        let bp = Blueprint::load(&src.dir)?;
        rows.push(Row {
            name: bp.manifest.name.clone(),
            version: bp.manifest.version.to_string(),
            description: bp.manifest.description.clone(),
            source: "builtin",
        });
    }
    match args.format {
        Format::Json => ui.out(&serde_json::to_string_pretty(&rows).expect("rows serialise")),
        Format::Human => {
            let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
            for row in &rows {
                let name = ui.bold(&format!("{:<width$}", row.name));
                let version = format!("{:<8}", row.version);
                ui.out(&format!("{name}  {version}  {}", row.description));
            }
        }
    }
    Ok(())
}
