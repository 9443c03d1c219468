//! References in the blueprint's CloudFormation to names jig adds for some publishes only.
//!
//! jig adds launch parameters (`JigRepositoryOwner`, `JigRepositoryName*` for a provider
//! reached through a connection, `CodeConnectionArn` when the connection is chosen at launch)
//! and resources (`JigRepository*`, the CodeCommit repositories it creates). A blueprint's
//! CloudFormation may use them (a pipeline on the seeded repository) and is then right for
//! some publishes only: published for another, the stack refers to a parameter nobody
//! declares, cfn-lint reports E1019/E3005 and CloudFormation refuses the product at launch.
//! This module finds every such reference (`Ref`, `Fn::Sub`, `Fn::GetAtt`, `Fn::If` and
//! `Condition`, in long and short form), so that `jig publish` refuses the product and
//! `jig lint` reports it, each with the flag or key that fixes it. It only reads.

use crate::blueprint::catalog::{REPOSITORY_NAME, REPOSITORY_OWNER};
use crate::blueprint::git::{Connection, Git, Provider};
use crate::yaml::Value;

/// One use of a name in the document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reference {
    pub name: String,
    /// `Ref`, `Fn::Sub`, `Fn::GetAtt`, `Fn::If` or `Condition`.
    pub how: &'static str,
    /// Where in the document: `Resources.Pipeline.Properties.Stages[0]`.
    pub at: String,
}

/// A reference to a name jig adds, but not for this publish, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unprovided {
    pub reference: Reference,
    /// What jig adds it for: `a provider reached through a connection`.
    pub added_for: String,
    /// The flag or manifest key that makes the publish add it (or refuse early).
    pub fix: String,
}

/// Every name `doc` refers to, in document order.
pub fn collect(doc: &Value) -> Vec<Reference> {
    let mut out = Vec::new();
    walk(doc, String::new(), &mut out);
    out
}

fn push(out: &mut Vec<Reference>, name: &str, how: &'static str, at: &str) {
    let name = name.split('.').next().unwrap_or(name);
    if !name.is_empty() && !name.starts_with("AWS::") {
        out.push(Reference {
            name: name.to_string(),
            how,
            at: at.to_string(),
        });
    }
}

fn walk(value: &Value, at: String, out: &mut Vec<Reference>) {
    match value {
        Value::Mapping(map) => {
            for (key, item) in map {
                let key = key.as_str().unwrap_or_default();
                let here = match at.is_empty() {
                    true => key.to_string(),
                    false => format!("{at}.{key}"),
                };
                match key {
                    "Ref" => item
                        .as_str()
                        .into_iter()
                        .for_each(|n| push(out, n, "Ref", &at)),
                    "Fn::Sub" => sub(item, &at, out),
                    "Fn::GetAtt" => getatt(item, &at, out),
                    "Fn::If" => condition(item, "Fn::If", &at, out),
                    "Condition" if item.is_string() => {
                        condition(item, "Condition", &here, out);
                    }
                    _ => {}
                }
                if !matches!(key, "Ref" | "Fn::GetAtt") {
                    walk(item, here, out);
                }
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{at}[{i}]"), out);
            }
        }
        Value::Tagged(t) => {
            let tag = t.tag.to_string();
            match tag.trim_start_matches('!') {
                "Ref" => t
                    .value
                    .as_str()
                    .into_iter()
                    .for_each(|n| push(out, n, "Ref", &at)),
                "Sub" => sub(&t.value, &at, out),
                "GetAtt" => getatt(&t.value, &at, out),
                "If" => condition(&t.value, "Fn::If", &at, out),
                "Condition" => condition(&t.value, "Condition", &at, out),
                _ => {}
            }
            if !matches!(tag.trim_start_matches('!'), "Ref" | "GetAtt" | "Condition") {
                walk(&t.value, at, out);
            }
        }
        _ => {}
    }
}

/// `${Name}` and `${Name.Attr}` in a `Fn::Sub` string, less its own variables; `${!x}` is
/// literal.
fn sub(value: &Value, at: &str, out: &mut Vec<Reference>) {
    let (text, vars) = match value {
        Value::String(s) => (s.as_str(), None),
        Value::Sequence(items) => match (items.first().and_then(Value::as_str), items.get(1)) {
            (Some(s), vars) => (s, vars.and_then(Value::as_mapping)),
            (None, _) => return,
        },
        _ => return,
    };
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else { break };
        let inner = after[..end].trim();
        rest = &after[end + 1..];
        if inner.starts_with('!') {
            continue;
        }
        let own = vars.is_some_and(|v| v.contains_key(inner));
        if !own {
            push(out, inner, "Fn::Sub", at);
        }
    }
}

fn getatt(value: &Value, at: &str, out: &mut Vec<Reference>) {
    let target = match value {
        Value::String(s) => Some(s.as_str()),
        Value::Sequence(items) => items.first().and_then(Value::as_str),
        _ => None,
    };
    if let Some(name) = target {
        push(out, name, "Fn::GetAtt", at);
    }
}

fn condition(value: &Value, how: &'static str, at: &str, out: &mut Vec<Reference>) {
    let name = match value {
        Value::String(s) => Some(s.as_str()),
        Value::Sequence(items) => items.first().and_then(Value::as_str),
        _ => None,
    };
    if let Some(name) = name {
        out.push(Reference {
            name: name.to_string(),
            how,
            at: at.to_string(),
        });
    }
}

/// The names `doc` declares itself: its parameters, resources and conditions.
pub fn declared(doc: &Value) -> Vec<String> {
    ["Parameters", "Resources", "Conditions"]
        .iter()
        .filter_map(|section| doc.get(*section).and_then(Value::as_mapping))
        .flat_map(|map| map.keys().filter_map(Value::as_str).map(str::to_string))
        .collect()
}

/// What jig adds, for which publish, and the fix: `None` for a name jig never adds.
fn added_for(name: &str, repositories: &[String]) -> Option<Added> {
    let names: Vec<String> = match repositories {
        [] => vec![REPOSITORY_NAME.to_string()],
        all => all
            .iter()
            .map(|r| format!("{REPOSITORY_NAME}{}", crate::blueprint::catalog::pascal(r)))
            .collect(),
    };
    let is_name = name == REPOSITORY_OWNER || names.iter().any(|n| n == name);
    if is_name || is_name_condition(name, repositories) {
        return Some(Added::Connection);
    }
    if name == super::connection::ARN_PARAMETER {
        return Some(Added::LaunchConnection);
    }
    let resources: Vec<String> = match repositories {
        [] => vec!["JigRepository".to_string()],
        all => all
            .iter()
            .map(|r| format!("JigRepository{}", crate::blueprint::catalog::pascal(r)))
            .collect(),
    };
    resources
        .iter()
        .any(|r| r == name)
        .then_some(Added::CodeCommit)
}

/// `JigRepositoryNameIsProjectName` (and `...ModelDeploy`): the conditions jig adds with the
/// repository names.
fn is_name_condition(name: &str, repositories: &[String]) -> bool {
    let base = super::repository::NAME_IS_PROJECT;
    match repositories {
        [] => name == base,
        all => all
            .iter()
            .any(|r| name == format!("{base}{}", crate::blueprint::catalog::pascal(r))),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Added {
    /// For a provider reached through a connection.
    Connection,
    /// With the connection chosen at launch.
    LaunchConnection,
    /// For CodeCommit, when the blueprint names no repository of its own.
    CodeCommit,
}

/// The references of `refs` to names jig adds, but not when publishing for `provider` with
/// the connection `at`; `declared` are the names the blueprint's CloudFormation declares
/// itself (a parameter or resource of its own by that name is no reference to jig's).
pub fn unprovided(
    refs: &[Reference],
    declared: &[String],
    repositories: &[String],
    provider: Provider,
    at: Connection,
    git: &Git,
) -> Vec<Unprovided> {
    let connection_providers: Vec<&str> = git
        .supported_names()
        .into_iter()
        .filter(|n| Provider::parse(n).is_some_and(Provider::uses_connection))
        .collect();
    let mut out = Vec::new();
    for r in refs {
        if declared.contains(&r.name) {
            continue;
        }
        let Some(added) = added_for(&r.name, repositories) else {
            continue;
        };
        let (given, added_for, fix) = match added {
            Added::Connection => (
                provider.uses_connection(),
                "a provider reached through a connection".to_string(),
                match connection_providers.as_slice() {
                    [] => format!("no provider catalog.git.providers lists ({}) is reached through a connection, so no publish of this blueprint adds it: add one (github, gitlab, bitbucket ...) or stop using `{}`", git.supported_names().join(", "), r.name),
                    some => format!("publish with --git-provider {} (or one of: {}); to refuse {provider} early, declare `catalog.git.providers: [{}]` in blueprint.yaml", some[0], some.join(", "), some.join(", ")),
                },
            ),
            Added::LaunchConnection => (
                provider.uses_connection() && at == Connection::Launch,
                "a connection chosen at launch".to_string(),
                match provider.uses_connection() {
                    true => "set `catalog.git.connection: launch` in blueprint.yaml, or publish with --connection-at launch".to_string(),
                    false => format!("publish with a provider reached through a connection (--git-provider {}) and --connection-at launch, or set `catalog.git.connection: launch` in blueprint.yaml", connection_providers.first().copied().unwrap_or("github")),
                },
            ),
            Added::CodeCommit => (
                provider == Provider::Codecommit,
                "CodeCommit (the repository jig creates)".to_string(),
                "publish with --git-provider codecommit; to refuse other providers early, declare `catalog.git.providers: [codecommit]` in blueprint.yaml".to_string(),
            ),
        };
        if !given {
            out.push(Unprovided {
                reference: r.clone(),
                added_for,
                fix,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str) -> Vec<(String, &'static str, String)> {
        let doc: Value = crate::yaml::from_str(text).unwrap();
        collect(&doc)
            .into_iter()
            .map(|r| (r.name, r.how, r.at))
            .collect()
    }

    #[test]
    fn every_form_of_reference_is_found_with_where_it_is() {
        let found = refs(
            "Resources:\n  P:\n    Condition: Named\n    Properties:\n      A: !Ref JigRepositoryOwner\n      B: {Ref: AWS::Region}\n      C: !Sub 'https://x/${JigRepositoryOwner}/${Name}/${!Literal}/${AWS::AccountId}'\n      D: !Sub ['${A}-${JigRepositoryName}', {A: !Ref CodeConnectionArn}]\n      E: !GetAtt JigRepository.CloneUrlHttp\n      F: {'Fn::GetAtt': [JigRepository, Name]}\n      G: !If [JigRepositoryNameIsProjectName, a, b]\n",
        );
        let p = "Resources.P.Properties";
        assert_eq!(
            found,
            vec![
                ("Named".into(), "Condition", "Resources.P.Condition".into()),
                ("JigRepositoryOwner".into(), "Ref", format!("{p}.A")),
                ("JigRepositoryOwner".into(), "Fn::Sub", format!("{p}.C")),
                ("Name".into(), "Fn::Sub", format!("{p}.C")),
                ("JigRepositoryName".into(), "Fn::Sub", format!("{p}.D")),
                ("CodeConnectionArn".into(), "Ref", format!("{p}.D[1].A")),
                ("JigRepository".into(), "Fn::GetAtt", format!("{p}.E")),
                ("JigRepository".into(), "Fn::GetAtt", format!("{p}.F")),
                (
                    "JigRepositoryNameIsProjectName".into(),
                    "Fn::If",
                    format!("{p}.G")
                ),
            ]
        );
    }

    #[test]
    fn only_names_jig_does_not_add_for_this_publish_are_unprovided() {
        let doc: Value = crate::yaml::from_str(
            "Resources:\n  P:\n    Properties:\n      A: !Ref JigRepositoryOwner\n      B: !Ref CodeConnectionArn\n      C: !GetAtt JigRepository.Arn\n      D: !Ref Mine\n",
        )
        .unwrap();
        let all = collect(&doc);
        let names = |list: Vec<Unprovided>| -> Vec<String> {
            list.into_iter().map(|u| u.reference.name).collect()
        };
        let any = Git::default();
        let on = |p, c| names(unprovided(&all, &[], &[], p, c, &any));
        assert_eq!(
            on(Provider::Codecommit, Connection::Publish),
            ["JigRepositoryOwner", "CodeConnectionArn"]
        );
        assert_eq!(
            on(Provider::Github, Connection::Publish),
            ["CodeConnectionArn", "JigRepository"]
        );
        assert_eq!(
            on(Provider::Bitbucket, Connection::Launch),
            ["JigRepository"]
        );
        // A parameter of the blueprint's own by that name is not jig's.
        let declared = vec!["JigRepositoryOwner".to_string()];
        assert_eq!(
            names(unprovided(
                &all,
                &declared,
                &[],
                Provider::Codecommit,
                Connection::Publish,
                &any
            )),
            ["CodeConnectionArn"]
        );
    }
}
