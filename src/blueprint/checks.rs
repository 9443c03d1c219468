//! Checking the `checks` section: commands `jig test` runs in every rendered answer set
//! (`cfn-lint`, `pre-commit validate-config`, the project's own tests, anything).

use super::manifest::RawCheck;
use super::validate::Validator;
use super::{Check, Question};
use crate::yaml::{Location, Node};

impl Validator {
    pub(super) fn checks(&mut self, node: Option<&Node>, questions: &[Question]) -> Vec<Check> {
        let Some(raw) = self.section::<Vec<RawCheck>>(node) else {
            return Vec::new();
        };
        let known: Vec<String> = questions.iter().map(|q| q.name.clone()).collect();
        let mut out: Vec<Check> = Vec::new();
        for c in raw {
            let at = Location::of_spanned(&c.run);
            let run = c.run.as_str().trim().to_string();
            if run.is_empty() {
                self.problem(at, "checks: `run` is empty");
                continue;
            }
            let name = c.name.unwrap_or_else(|| default_name(&run));
            if out.iter().any(|o| o.name == name) {
                let msg = format!("checks: two checks are named `{name}`; give one a `name`");
                self.problem(at, msg);
            }
            if let Some(when) = &c.when {
                self.expression(when, &format!("checks: `{name}` when"), &known);
            }
            out.push(Check {
                name,
                run,
                when: c.when.map(|w| w.to_string()),
                timeout: c.timeout,
            });
        }
        out
    }
}

/// The command's program name: `cfn-lint infra/*.yaml` is `cfn-lint`, `python -m pytest` is
/// `pytest`.
fn default_name(run: &str) -> String {
    let words: Vec<&str> = run.split_whitespace().collect();
    match words.as_slice() {
        [_, "-m", module, ..] => module.to_string(),
        [first, ..] => first.rsplit('/').next().unwrap_or(first).to_string(),
        [] => "check".into(),
    }
}
