//! Checking the `catalog` section: the CloudFormation file must be in the template tree, the
//! answered and grouped questions must exist and be asked, and a question may be answered by
//! a SageMaker parameter, a pseudo parameter (the region or account the project is launched
//! in), or a parameter the blueprint's CloudFormation declares (which
//! `catalog::build` checks against the question, as `jig lint` does through it).

use super::manifest::RawCatalog;
use super::validate::Validator;
use super::{Catalog, ParameterGroup, Question, QuestionKind};
use crate::yaml::{Location, Node};
use std::path::Path;

/// The parameters SageMaker Projects passes to every product it launches.
pub const PROJECT_PARAMETERS: [&str; 2] = ["SageMakerProjectName", "SageMakerProjectId"];

/// The pseudo parameters a question may be bound to (`aws_region: AWS::Region`): what
/// CloudFormation knows where the stack is created. The launch form does not ask them, and the
/// seeded repository gets the region and account the project is launched in.
pub const PSEUDO_PARAMETERS: [&str; 4] = [
    "AWS::AccountId",
    "AWS::Partition",
    "AWS::Region",
    "AWS::URLSuffix",
];

/// Whether `name` is one of the pseudo parameters a question may be bound to.
pub fn is_pseudo_parameter(name: &str) -> bool {
    PSEUDO_PARAMETERS.contains(&name)
}

/// The launch-form parameters jig adds for a GitHub/GitLab repository (the owner, and the name
/// of each repository: `JigRepositoryName`, `JigRepositoryNameModelDeploy`): a question that
/// asks the same may be bound to them, so the form asks once.
pub const REPOSITORY_OWNER: &str = "JigRepositoryOwner";
pub const REPOSITORY_NAME: &str = "JigRepositoryName";

/// Whether `name` is one of the repository parameters jig adds on a connection.
pub fn is_repository_parameter(name: &str) -> bool {
    name == REPOSITORY_OWNER || name.starts_with(REPOSITORY_NAME)
}

/// A name as it ends logical ids and parameter names: `model-deploy` -> `ModelDeploy`,
/// `project_name` -> `ProjectName`.
pub fn pascal(name: &str) -> String {
    name.split(['-', '_'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().expect("non-empty").to_ascii_uppercase();
            std::iter::once(first).chain(chars).collect::<String>()
        })
        .collect()
}

/// The repository parameters jig adds for these repositories on a connection.
fn repository_parameters(repositories: &[super::Repository]) -> Vec<String> {
    let mut names = vec![REPOSITORY_OWNER.to_string()];
    match repositories {
        [] => names.push(REPOSITORY_NAME.to_string()),
        all => names.extend(
            all.iter()
                .map(|r| format!("{REPOSITORY_NAME}{}", pascal(&r.name))),
        ),
    }
    names
}

impl Validator {
    pub(super) fn catalog(
        &mut self,
        node: Option<&Node>,
        template_root: &Path,
        questions: &[Question],
        repositories: &[super::Repository],
    ) -> Catalog {
        let Some(mut raw) = self.section::<RawCatalog>(node) else {
            return Catalog::default();
        };
        let git_at = node
            .and_then(|n| n.as_mapping())
            .and_then(|m| m.get_node("git"))
            .map_or_else(Location::default, Location::of_node);
        let git = self.catalog_git(raw.git.take(), git_at);
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
        if let (Some(repo), false) = (&raw.repository, repositories.is_empty()) {
            let msg = "catalog.repository is for a blueprint that makes one repository; this one makes several: name each one's resource under catalog.repositories";
            self.problem(Location::of_spanned(repo), msg);
        }
        let mut seeded = indexmap::IndexMap::new();
        for (name, id) in &raw.repositories {
            let at = Location::of_spanned(id);
            if !repositories.iter().any(|r| &r.name == name) {
                let known: Vec<&str> = repositories.iter().map(|r| r.name.as_str()).collect();
                let msg = match known.is_empty() {
                    true => format!("catalog.repositories: `{name}` is not one of the blueprint's repositories; it has no `repositories:` (use catalog.repository)"),
                    false => format!("catalog.repositories: `{name}` is not one of the blueprint's repositories ({})", known.join(", ")),
                };
                self.problem(at, msg);
            } else if raw.cloudformation.is_none() {
                let msg = "catalog.repositories names resources of catalog.cloudformation, which is not set";
                self.problem(at, msg);
            }
            seeded.insert(name.clone(), id.to_string());
        }
        let asked = |name: &str| {
            questions
                .iter()
                .find(|q| q.name == name)
                .map(|q| q.computed.is_none())
        };
        let kind = |name: &str| questions.iter().find(|q| q.name == name).map(|q| q.kind);
        let mut answers = indexmap::IndexMap::new();
        for (question, parameter) in &raw.answers {
            let at = Location::of_spanned(parameter);
            if asked(question) != Some(true) {
                let msg = format!("catalog.answers: `{question}` is not a question that is asked");
                self.problem(at, msg);
            }
            let name = parameter.as_str();
            let logical = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric());
            if name.starts_with("AWS::") {
                if !is_pseudo_parameter(name) {
                    let msg = format!(
                        "catalog.answers: `{question}` names `{name}`, which is not a pseudo parameter a question can be bound to ({})",
                        PSEUDO_PARAMETERS.join(", ")
                    );
                    self.problem(at, msg);
                } else if let Some(k) = kind(question)
                    .filter(|k| !matches!(k, QuestionKind::String | QuestionKind::Choice))
                {
                    let msg = format!(
                        "catalog.answers: `{question}` is a {} question bound to `{name}`, whose value is text: make it a string or choice question",
                        k.name()
                    );
                    self.problem(at, msg);
                }
            } else if !logical {
                let msg = format!(
                    "catalog.answers: `{question}` names `{name}`, which is not a CloudFormation parameter name (letters and digits)"
                );
                self.problem(at, msg);
            } else if is_repository_parameter(name)
                && !repository_parameters(repositories)
                    .iter()
                    .any(|p| p == name)
            {
                let msg = format!(
                    "catalog.answers: `{question}` is bound to `{name}`, which jig does not add; its repository parameters are {}",
                    repository_parameters(repositories).join(", ")
                );
                self.problem(at, msg);
            } else if !PROJECT_PARAMETERS.contains(&name)
                && !is_repository_parameter(name)
                && raw.cloudformation.is_none()
            {
                let msg = format!(
                    "catalog.answers: `{question}` is bound to `{name}`, which only {} or a parameter of catalog.cloudformation can be; catalog.cloudformation is not set",
                    PROJECT_PARAMETERS.join(" or ")
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
            repositories: seeded,
            answers,
            groups,
            git,
            tooling: raw.tooling,
        }
    }
}
