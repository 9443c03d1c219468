//! `catalog.git` in blueprint.yaml: the git providers a product works with and where its
//! connection ARN comes from, checked when the manifest is read (every problem at once, each
//! naming blueprint.yaml, its line and column).

use crate::common::*;
use pretty_assertions::assert_eq;

/// A blueprint with one question and `catalog:` as given.
pub(crate) fn git_blueprint(sb: &Sandbox, name: &str, catalog: &str) -> std::path::PathBuf {
    let manifest = format!(
        "name: {name}\nversion: 1.0.0\ndescription: A product\nquestions:\n  project_slug:\n    default: demo\ncatalog:\n{catalog}"
    );
    sb.blueprint(
        name,
        &[
            ("blueprint.yaml", manifest.as_str()),
            ("template/README.md", "# {{ project_slug }}\n"),
        ],
    )
}

#[test]
fn unknown_provider_names_and_connections_are_refused_with_the_nearest_name() {
    let sb = Sandbox::new();
    let bp = git_blueprint(
        &sb,
        "bad-git",
        "  git:\n    providers: [github, gitlb, github, svn]\n    connection: lanch\n",
    );
    let out = sb
        .jig()
        .args(["new", bp.to_str().unwrap(), "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let f = bp.join("blueprint.yaml");
    let f = f.display();
    assert_eq!(
        stderr(&out),
        format!(
            "error: {f} has 4 problems\n\
             \x20 {f}:9:25: catalog.git.providers: unknown git provider `gitlb`; did you mean `gitlab`? (known: codecommit, github, gitlab, github-enterprise, gitlab-self-managed, bitbucket)\n\
             \x20 {f}:9:32: catalog.git.providers: `github` is listed twice\n\
             \x20 {f}:9:40: catalog.git.providers: unknown git provider `svn` (known: codecommit, github, gitlab, github-enterprise, gitlab-self-managed, bitbucket)\n\
             \x20 {f}:10:17: catalog.git.connection: `lanch` is not `launch` (a CodeConnectionArn parameter on the launch form) or `publish` (fixed at publish time); did you mean `launch`?\n\
             hint: docs/blueprint.md describes every manifest key\n"
        )
    );
}

#[test]
fn an_empty_provider_list_and_a_connection_without_a_connection_provider_are_refused() {
    let sb = Sandbox::new();
    let bp = git_blueprint(&sb, "empty-git", "  git:\n    providers: []\n");
    let out = sb
        .jig()
        .args(["new", bp.to_str().unwrap(), "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("catalog.git.providers is empty; list the providers the product works with (codecommit, github, gitlab, github-enterprise, gitlab-self-managed, bitbucket), or leave the key out for any provider"),
        "{}",
        stderr(&out)
    );

    let bp = git_blueprint(
        &sb,
        "cc-launch",
        "  git:\n    providers: [codecommit]\n    connection: launch\n",
    );
    let out = sb
        .jig()
        .args(["new", bp.to_str().unwrap(), "--defaults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(":10:17: catalog.git.connection: `launch` is for a provider reached through a connection, and catalog.git.providers lists only codecommit"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_valid_git_section_is_accepted_and_listed_in_the_schema() {
    let sb = Sandbox::new();
    let bp = git_blueprint(
        &sb,
        "good-git",
        "  git:\n    providers: [github, gitlab, bitbucket]\n    connection: launch\n",
    );
    let out = sb
        .jig()
        .args(["new", bp.to_str().unwrap(), "--defaults", "-o"])
        .arg(sb.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let out = sb.jig().arg("schema").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let git = &schema["$defs"]["RawGit"]["properties"];
    assert_eq!(
        git["providers"]["items"]["enum"],
        serde_json::json!([
            "codecommit",
            "github",
            "gitlab",
            "github-enterprise",
            "gitlab-self-managed",
            "bitbucket"
        ])
    );
    assert_eq!(
        git["connection"]["enum"],
        serde_json::json!(["launch", "publish"])
    );
}
