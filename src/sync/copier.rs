//! Rendering a Copier template for the project commands: the answers recorded in its answers
//! file are Copier's "last" answers and answers given now its data, and the answers file the
//! template writes comes back with the render (an update writes it as the new link).

use super::project::{generate_into, Answering, Project};
use super::Error;
use crate::answers::AnswersFile;
use crate::generate;
use crate::prompt::{Input, Origin};
use crate::source::Source;
use serde_json::Value as Json;
use std::path::Path;

impl Project<'_> {
    /// Renders a Copier template: the recorded answers are Copier's "last" answers, answers
    /// given now its data; the project's own name stays the folder name templates see.
    pub(super) fn render_copier(
        &self,
        source: &Source,
        src_path: Option<&str>,
        answering: Answering,
        out: &Path,
        warnings: &mut Vec<String>,
    ) -> Result<CopierRender, Error> {
        use crate::copier::{generate as cg, questions::Inputs, template::Template};
        let template = Template::load(&source.dir)?;
        let hooks = self.hooks_allowed(source, !template.tasks.is_empty(), warnings);
        let mut inputs = Inputs {
            user_defaults: self
                .settings
                .config
                .defaults
                .iter()
                .map(|(k, v)| (k.clone(), Json::String(v.clone())))
                .collect(),
            ..Inputs::default()
        };
        for (name, (input, origin)) in answering.given {
            let value = match input {
                Input::Text(t) => Json::String(t),
                Input::List(items) => Json::Array(items.into_iter().map(Json::String).collect()),
            };
            match origin {
                Origin::Recorded(_) => inputs.last.insert(name, value),
                _ => inputs.data.insert(name, value),
            };
        }
        let name = self.dir.file_name().unwrap_or_default();
        let dest = out.join(name);
        let prepared = cg::prepare(cg::Preparation {
            source,
            src_path,
            dest: &dest,
            inputs,
            mode: answering.mode,
            asker: answering.asker,
            run_tasks: hooks,
            trusted: source.is_trusted(self.settings),
            pretend: false,
            overwrite: false,
            operation: "update",
        })?;
        let report = generate_into(source, &prepared, out, hooks)?;
        let rel = prepared.answers_path().to_string();
        let own = std::fs::read(report.project_dir.join(&rel))
            .ok()
            .map(|b| (rel, b));
        Ok((report, prepared.record(source), own))
    }
}

/// A Copier render: the report, the record, and the answers file the template wrote.
pub(super) type CopierRender = (generate::Generated, AnswersFile, Option<(String, Vec<u8>)>);
