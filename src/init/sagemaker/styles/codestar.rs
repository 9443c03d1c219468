//! `AWS::CodeStar::GitHubRepository` with `Code.S3`: CloudFormation created a GitHub repository
//! and committed a seed zip, with a personal access token from Secrets Manager. CodeStar is
//! closed, and jig's seed pushes through a CodeConnections connection to a repository that
//! exists, so the resource comes out; its owner and name parameters become jig's, and a `Ref`
//! of it (`owner/name`) becomes `${JigRepositoryOwner}/${JigRepositoryName<Repo>}`.

use super::{repository_name, unique, Becomes, Removal, Seeded, Seeding, Stands, Style};
use crate::init::sagemaker::cfn;
use crate::init::sagemaker::product::Product;
use crate::yaml::Value;

const TYPE: &str = "AWS::CodeStar::GitHubRepository";

pub(super) fn detect(product: &Product) -> Seeding {
    let mut seeding = Seeding::default();
    for (id, r) in product.resources() {
        if r.get("Type").and_then(Value::as_str) != Some(TYPE) {
            continue;
        }
        let props = r.get("Properties");
        let Some(s3) = props.and_then(|p| p.get("Code")).and_then(|c| c.get("S3")) else {
            continue;
        };
        let name = repository_name(id);
        let own = |p: &str| !crate::blueprint::catalog::PROJECT_PARAMETERS.contains(&p);
        let prop = |k: &str| props.and_then(|p| p.get(k));
        match prop("RepositoryOwner").and_then(cfn::lone_name) {
            Some(p) if own(p) => push(&mut seeding, p, Becomes::Owner),
            _ => seeding.notes.push(format!(
                "{id}: its owner is not a parameter of the template; jig asks it as JigRepositoryOwner (its default is the owner configured at publish)"
            )),
        }
        match prop("RepositoryName").and_then(cfn::lone_name) {
            Some(p) if own(p) => push(&mut seeding, p, Becomes::Name(name.clone())),
            _ => seeding.notes.push(format!(
                "{id}: the sample names the repository `{}`; jig's seed pushes to the repository the launch form names (JigRepositoryName{}), which must exist",
                prop("RepositoryName").map(cfn::strings).unwrap_or_default().join(""),
                crate::blueprint::catalog::pascal(&name)
            )),
        }
        if let Some(p) = prop("ConnectionArn").and_then(cfn::lone_name) {
            seeding.connection_at_launch = true;
            push(&mut seeding, p, Becomes::Connection);
        }
        let key = s3.get("Key").map(cfn::strings).unwrap_or_default().join("");
        seeding.repositories.push(Seeded {
            name,
            resource: id.to_string(),
            seed_key: key,
            codecommit: None,
        });
    }
    if seeding.repositories.is_empty() {
        return Seeding::default();
    }
    unique(&mut seeding.repositories);
    for repo in &seeding.repositories {
        let token = product
            .resource(&repo.resource)
            .and_then(|r| r.get("Properties"))
            .is_some_and(|p| p.get("RepositoryAccessToken").is_some());
        seeding.removals.push(Removal {
            id: repo.resource.clone(),
            why: format!(
                "the GitHub repository CodeStar created and seeded{}; jig's seed pushes `{}` through the connection into a repository that exists",
                if token { " with a personal access token (RepositoryAccessToken)" } else { "" },
                repo.name
            ),
            attributes: vec![("Ref".into(), Stands::FullName(repo.name.clone()))],
            seeds: true,
        });
    }
    seeding.style = Some(Style::CodeStarGitHub);
    seeding.providers = vec!["github"];
    seeding
}

fn push(seeding: &mut Seeding, parameter: &str, becomes: Becomes) {
    if !seeding.parameters.iter().any(|(p, _)| p == parameter) {
        seeding.parameters.push((parameter.to_string(), becomes));
    }
}
