//! Checking the `catalog` section: the CloudFormation file must be in the template tree, the
//! answered and grouped questions must exist and be asked, and only the two SageMaker
//! parameters may answer a question.

use super::manifest::RawCatalog;
use super::validate::Validator;
use super::{Catalog, ParameterGroup, Question};
use crate::yaml::{Location, Node};
use std::path::Path;

/// The parameters SageMaker Projects passes to every product it launches.
pub const PROJECT_PARAMETERS: [&str; 2] = ["SageMakerProjectName", "SageMakerProjectId"];

impl Validator {
    pub(super) fn catalog(
        &mut self,
        node: Option<&Node>,
        template_root: &Path,
        questions: &[Question],
    ) -> Catalog {
        let Some(raw) = self.section::<RawCatalog>(node) else {
            return Catalog::default();
        };
        if let Some(file) = &raw.cloudformation {
            let path = file.as_str();
            if !crate::render::paths::is_relative_inside(path)
                || !template_root.join(path).is_file()
            {
                let msg = format!(
                    "catalog.cloudformation: `{path}` is not a file in the template tree ({})",
                    template_root.display()
                );
                self.problem(Location::of_spanned(file), msg);
            }
        }
        if let (Some(repo), None) = (&raw.repository, &raw.cloudformation) {
            let msg =
                "catalog.repository names a resource of catalog.cloudformation, which is not set";
            self.problem(Location::of_spanned(repo), msg);
        }
        let asked = |name: &str| {
            questions
                .iter()
                .find(|q| q.name == name)
                .map(|q| q.computed.is_none())
        };
        let mut answers = indexmap::IndexMap::new();
        for (question, parameter) in &raw.answers {
            let at = Location::of_spanned(parameter);
            if asked(question) != Some(true) {
                let msg = format!("catalog.answers: `{question}` is not a question that is asked");
                self.problem(at, msg);
            }
            if !PROJECT_PARAMETERS.contains(&parameter.as_str()) {
                let msg = format!(
                    "catalog.answers: `{question}` can be answered by {} only, not `{}`",
                    PROJECT_PARAMETERS.join(" or "),
                    parameter.as_str()
                );
                self.problem(at, msg);
            }
            answers.insert(question.clone(), parameter.to_string());
        }
        let mut groups = Vec::new();
        for group in raw.groups {
            for q in &group.questions {
                if asked(q.as_str()) != Some(true) {
                    let msg = format!(
                        "catalog.groups: `{}` (in group `{}`) is not a question that is asked",
                        q.as_str(),
                        group.label
                    );
                    self.problem(Location::of_spanned(q), msg);
                }
            }
            groups.push(ParameterGroup {
                label: group.label,
                questions: group.questions.iter().map(|q| q.to_string()).collect(),
            });
        }
        Catalog {
            cloudformation: raw.cloudformation.map(|s| s.to_string()),
            repository: raw.repository.map(|s| s.to_string()),
            answers,
            groups,
        }
    }
}
