//! `jig schema`: the JSON Schema of blueprint.yaml, for editors.

use crate::cli::SchemaArgs;
use crate::error::Error;
use crate::ui::Ui;

pub(super) fn run(args: &SchemaArgs, ui: &Ui) -> Result<(), Error> {
    let text = crate::blueprint::schema::json();
    match &args.output {
        Some(path) => {
            std::fs::write(path, format!("{text}\n")).map_err(|e| Error::Output {
                what: path.display().to_string(),
                message: e.to_string(),
            })?;
            ui.status(
                "Wrote",
                &format!("the blueprint.yaml schema to {}", path.display()),
            );
        }
        None => ui.out(&text),
    }
    Ok(())
}
