//! `jig schema`: the JSON Schema of blueprint.yaml or fleet.yaml, for editors.

use crate::cli::{SchemaArgs, SchemaKind};
use crate::error::Error;
use crate::ui::Ui;

pub(super) fn run(args: &SchemaArgs, ui: &Ui) -> Result<(), Error> {
    let (text, file) = match args.kind {
        SchemaKind::Blueprint => (crate::blueprint::schema::json(), "blueprint.yaml"),
        SchemaKind::Fleet => (crate::fleet::file::schema(), "fleet.yaml"),
    };
    match &args.output {
        Some(path) => {
            std::fs::write(path, format!("{text}\n")).map_err(|e| Error::Output {
                what: path.display().to_string(),
                message: e.to_string(),
            })?;
            ui.status("Wrote", &format!("the {file} schema to {}", path.display()));
        }
        None => ui.out(&text),
    }
    Ok(())
}
