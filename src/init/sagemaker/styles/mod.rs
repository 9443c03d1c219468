//! How a SageMaker project template seeds its repositories, read from the template alone (pure:
//! no file is opened here).
//!
//! AWS and the community seed in five ways, each its own module: CodeCommit repositories with
//! `Code.S3` (`codecommit`); AWS's CodeBuild check-in through CodeConnections, started by a
//! Lambda-backed custom resource once per repository (`checkin`);
//! `AWS::CodeStar::GitHubRepository` with `Code.S3` (`codestar`); a Lambda function of the
//! sample's that creates and fills GitLab or Bitbucket repositories with tokens from Secrets
//! Manager (`function`); and no seeding at all, the team pushing the `seedcode/` folder shipped
//! beside the template (`folder`). Each finds the repositories, the resources that did the
//! seeding (which jig's seed step replaces), the parameters whose job jig's own repository
//! parameters do now, and the git providers the sample works with. `edit` applies the result.

mod checkin;
mod codecommit;
mod codestar;
mod folder;
mod function;

use super::product::Product;

/// A seeding style, as the import names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub(crate) enum Style {
    CodeCommit,
    CheckinBuild,
    CodeStarGitHub,
    SeedingFunction,
    SeedFolder,
}

impl Style {
    /// What the style is, for the reader of a report or an error.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Style::CodeCommit => "an AWS::CodeCommit::Repository with `Code.S3` (a seed zip)",
            Style::CheckinBuild => "AWS's CodeBuild check-in through CodeConnections (`GitRepositorySeedCodeCheckinCodeBuildProject` started by a custom resource with `SEEDCODE_BUCKET_KEY`)",
            Style::CodeStarGitHub => "an AWS::CodeStar::GitHubRepository with `Code.S3`",
            Style::SeedingFunction => "a Lambda function that commits seed code (environment variables `*SeedCode` naming zips), as the GitLab and Bitbucket samples do",
            Style::SeedFolder => "no seeding, with a `seedcode/` folder beside the template for the team to push",
        }
    }

    pub(crate) const ALL: [Style; 5] = [
        Style::CodeCommit,
        Style::CheckinBuild,
        Style::CodeStarGitHub,
        Style::SeedingFunction,
        Style::SeedFolder,
    ];

    /// The label in IMPORT.md's table and docs/catalog.md.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Style::CodeCommit => "CodeCommit `Code.S3`",
            Style::CheckinBuild => "CodeBuild check-in (CodeConnections)",
            Style::CodeStarGitHub => "CodeStar GitHubRepository `Code.S3`",
            Style::SeedingFunction => "seeding Lambda function",
            Style::SeedFolder => "seed folder, no seeding",
        }
    }
}

/// One repository the sample seeds (or has the team push).
#[derive(Debug, Clone)]
pub(crate) struct Seeded {
    /// The repository's name in the blueprint (`model-build`).
    pub name: String,
    /// What seeded it in the sample (a resource's logical id, or `seedcode/`).
    pub resource: String,
    /// The seed code the sample names (an S3 key or a folder).
    pub seed_key: String,
    /// The CodeCommit repository of the template it is seeded into, when it is one.
    pub codecommit: Option<String>,
}

/// What one of the sample's parameters becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Becomes {
    /// The repository owner: `JigRepositoryOwner`.
    Owner,
    /// A repository's name: `JigRepositoryName<Repo>`.
    Name(String),
    /// `owner/name` of a repository: `${JigRepositoryOwner}/${JigRepositoryName<Repo>}`.
    FullName(String),
    /// The CodeConnections ARN, asked at launch: `CodeConnectionArn`.
    Connection,
}

/// A resource of the sample that jig's seed step replaces.
#[derive(Debug, Clone)]
pub(crate) struct Removal {
    pub id: String,
    /// Why, for IMPORT.md ("the CodeBuild project that checks the seed code in").
    pub why: String,
    /// What references to its attributes become, by attribute (`url` -> the clone URL of
    /// `model-build`); a `Ref` or an attribute not listed is reported.
    pub attributes: Vec<(String, Stands)>,
    /// Whether `DependsOn` it becomes `DependsOn` jig's seed.
    pub seeds: bool,
}

/// What a reference to a removed resource stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stands {
    /// The HTTPS clone URL of a repository.
    CloneUrl(String),
    /// `owner/name` of a repository (`Ref` of a CodeStar GitHub repository).
    FullName(String),
}

/// The parameter jig asks the connection ARN with, when it is asked at launch.
pub(crate) const CONNECTION_PARAMETER: &str = "CodeConnectionArn";

/// How the sample seeds, everything the import needs to replace it.
#[derive(Debug, Default)]
pub(crate) struct Seeding {
    pub style: Option<Style>,
    pub repositories: Vec<Seeded>,
    pub removals: Vec<Removal>,
    /// The sample's parameters whose job jig's do now.
    pub parameters: Vec<(String, Becomes)>,
    /// The git providers the sample works with (`--git-provider` names).
    pub providers: Vec<&'static str>,
    /// Whether the sample asks the connection at launch (`catalog.git.connection: launch`).
    pub connection_at_launch: bool,
    /// What cannot be imported, for a person.
    pub notes: Vec<String>,
}

/// The connection providers a CodeConnections sample works with (what `--git-provider` knows).
pub(crate) const CONNECTION_PROVIDERS: [&str; 5] = [
    "github",
    "github-enterprise",
    "gitlab",
    "gitlab-self-managed",
    "bitbucket",
];

/// How `product` seeds, the first style that finds repositories winning; `seedcode` is whether
/// the sample has a `seedcode/` folder beside the template, `seeds` how many `--seed` were given.
pub(crate) fn detect(product: &Product, seedcode: bool, seeds: usize) -> Seeding {
    let styles: [&dyn Fn(&Product) -> Seeding; 4] = [
        &codecommit::detect,
        &checkin::detect,
        &codestar::detect,
        &function::detect,
    ];
    for style in styles {
        let found = style(product);
        if found.style.is_some() {
            return found;
        }
    }
    if seedcode || seeds > 0 {
        return folder::detect(product, seeds);
    }
    Seeding::default()
}

/// What the template holds, for an error that found no seeding: its resource types.
pub(crate) fn inventory(product: &Product) -> String {
    let mut types: Vec<&str> = product
        .resources()
        .filter_map(|(_, r)| r.get("Type").and_then(crate::yaml::Value::as_str))
        .collect();
    types.sort();
    types.dedup();
    match types.len() {
        0 => "no resources".into(),
        n => format!("{n} resource types ({})", types.join(", ")),
    }
}

/// `ModelBuildCodeCommitRepository` -> `model-build`; `ModelBuildCodeRepositoryFullname` ->
/// `model-build`; `CodeRepositoryName` -> `repository`.
pub(crate) fn repository_name(id: &str) -> String {
    let mut base = id;
    for suffix in [
        "CodeCommitRepository",
        "CodeRepositoryFullname",
        "CodeRepositoryFullName",
        "CodeRepositoryName",
        "CodeRepository",
        "RepositoryFullname",
        "RepositoryFullName",
        "RepositoryName",
        "RepoFullname",
        "RepoName",
        "Repository",
        "Repo",
    ] {
        if let Some(stripped) = base.strip_suffix(suffix) {
            base = stripped;
            break;
        }
    }
    let mut name = String::new();
    for (i, c) in base.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            name.push('-');
        }
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        }
    }
    match name.trim_matches('-') {
        "" => "repository".into(),
        n if n.starts_with(|c: char| c.is_ascii_digit()) => format!("repo-{n}"),
        n => n.to_string(),
    }
}

/// Makes each repository's name unique (`model-build`, `model-build-2`).
pub(crate) fn unique(repositories: &mut [Seeded]) {
    let mut seen: Vec<String> = Vec::new();
    for r in repositories.iter_mut() {
        let mut name = r.name.clone();
        let mut n = 2;
        while seen.contains(&name) {
            name = format!("{}-{n}", r.name);
            n += 1;
        }
        r.name = name.clone();
        seen.push(name);
    }
}

/// The sample's parameter that names repository `name` (`model-build`), by the names AWS's
/// samples use: `ModelBuildCodeRepositoryName` (a name) or `...Fullname` (`owner/name`).
pub(crate) fn named_parameter(product: &Product, name: &str) -> Option<(String, Becomes)> {
    let pascal = crate::blueprint::catalog::pascal(name);
    product.own_parameters().into_iter().find_map(|p| {
        let lower = p.strip_prefix(&pascal)?.to_ascii_lowercase();
        if !lower.contains("repo") {
            return None;
        }
        if lower.ends_with("fullname") {
            Some((p.clone(), Becomes::FullName(name.into())))
        } else if lower.ends_with("name") {
            Some((p.clone(), Becomes::Name(name.into())))
        } else {
            None
        }
    })
}

/// The providers a sample's text says it works with: GitHub, GitLab, Bitbucket by name.
pub(crate) fn providers_named(text: &str) -> Vec<&'static str> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    if lower.contains("github") {
        out.extend(["github", "github-enterprise"]);
    }
    if lower.contains("gitlab") {
        out.extend(["gitlab", "gitlab-self-managed"]);
    }
    if lower.contains("bitbucket") {
        out.push("bitbucket");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repositories_are_named_from_ids_and_parameters() {
        for (id, name) in [
            ("ModelBuildCodeCommitRepository", "model-build"),
            ("ModelDeployCodeRepositoryFullname", "model-deploy"),
            ("ModelBuildCodeRepositoryName", "model-build"),
            ("CodeRepositoryName", "repository"),
            ("ProjectRepo", "project"),
            ("Repository", "repository"),
        ] {
            assert_eq!(repository_name(id), name, "{id}");
        }
    }
}
