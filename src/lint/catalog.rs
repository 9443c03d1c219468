//! What `jig publish --service-catalog` would refuse, found before anyone publishes: the
//! product template built with placeholder settings for each git provider the blueprint
//! declares (`catalog.git.providers`; absent, any provider). CodeCommit and the providers
//! reached through a connection add different parameters and resources, so the template is
//! built once for CodeCommit and once for a connection provider, with the blueprint's own
//! `catalog.git.connection`. A reference to a name jig does not add for one of them is one
//! finding naming the providers and the fix; any other refusal is reported once; and what
//! cfn-lint finds in the templates built, beyond the blueprint's own findings (`cfn_lint`).

use super::Finding;
use crate::blueprint::git::{Connection, Provider};
use crate::blueprint::{codes, Blueprint};
use crate::catalog::references::Unprovided;
use crate::catalog::repository::{ConnectionArn, Repository};
use crate::yaml::Location;

/// The placeholder settings of a publish for `provider`.
fn settings(provider: Provider, at: Connection) -> crate::catalog::Settings {
    let mut settings = crate::catalog::Settings::placeholders();
    if provider.uses_connection() {
        let connection = match at {
            Connection::Launch => ConnectionArn::Launch { default: None },
            Connection::Publish => ConnectionArn::Fixed(
                "arn:aws:codeconnections:us-east-1:111122223333:connection/jig-lint".into(),
            ),
        };
        let host = Some("git.example.com".to_string());
        if let Ok(r) = Repository::connection(provider, connection, "owner".into(), host) {
            settings.repository = r;
        }
    }
    settings
}

pub(super) fn check(blueprint: &Blueprint, out: &mut Vec<Finding>) {
    let m = &blueprint.manifest;
    let Some(cfn) = &m.catalog.cloudformation else {
        return;
    };
    let git = &m.catalog.git;
    let file = blueprint.tree_path(cfn);
    let text = std::fs::read_to_string(blueprint.template_root().join(cfn)).unwrap_or_default();
    let supported: Vec<Provider> = Provider::ALL
        .into_iter()
        .filter(|p| git.supports(*p))
        .collect();
    // One publish per kind of provider: what it adds is the same for every connection.
    let codecommit = supported.iter().find(|p| !p.uses_connection());
    let connection = supported.iter().find(|p| p.uses_connection());
    let mut missing: Vec<(Unprovided, Vec<Provider>)> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    let mut products: Vec<(String, String)> = Vec::new();
    for provider in codecommit.into_iter().chain(connection) {
        let group: Vec<Provider> = supported
            .iter()
            .copied()
            .filter(|p| p.uses_connection() == provider.uses_connection())
            .collect();
        let settings = settings(*provider, git.connection);
        let layout =
            crate::catalog::Layout::new(&settings, &m.name, &m.version, "sha256:lint", "0");
        match crate::catalog::build(blueprint, &settings, layout) {
            Ok(product) => {
                let names: Vec<&str> = group.iter().map(|p| p.name()).collect();
                products.push((names.join(", "), product.template));
            }
            // Template problems are reported by the file rules, with their position.
            Err(crate::catalog::Error::Render(_)) | Err(crate::catalog::Error::Read { .. }) => {}
            // A blueprint with CodeCommit repositories of its own is for CodeCommit, unless it
            // declares otherwise: then the declaration is wrong, and reported.
            Err(crate::catalog::Error::SeedTarget { .. }) if git.providers.is_none() => {}
            Err(crate::catalog::Error::Unprovided { missing: found, .. }) => {
                for u in found {
                    match missing.iter_mut().find(|(m, _)| m.reference == u.reference) {
                        Some((seen, providers)) => {
                            providers.extend(group.iter().copied());
                            // The fix for a connection provider is the nearer one.
                            seen.fix = u.fix;
                        }
                        None => missing.push((u, group.clone())),
                    }
                }
            }
            Err(e) => {
                let msg = format!("`jig publish --service-catalog` would refuse it: {e}");
                if !refused.contains(&msg) {
                    refused.push(msg);
                }
            }
        }
    }
    let start = Location { line: 1, column: 1 };
    for msg in refused {
        out.push(Finding::new(codes::CATALOG_PRODUCT, &file, start, msg));
    }
    if m.catalog.tooling {
        tooling(products.first().map(|(_, t)| t.as_str()), &file, out);
    }
    if let Some(msg) = cfn_lint_additions(blueprint, &products) {
        out.push(Finding::new(codes::CFN_LINT_ADDITION, &file, start, msg));
    }
    let mut occurrences: Vec<String> = Vec::new();
    for (u, providers) in missing {
        let r = &u.reference;
        let nth = occurrences.iter().filter(|n| **n == r.name).count();
        occurrences.push(r.name.clone());
        let at = nth_occurrence(&text, &r.name, nth).unwrap_or(start);
        let names: Vec<&str> = providers.iter().map(|p| p.name()).collect();
        let declared = match git.providers {
            Some(_) => "catalog.git.providers lists",
            None => "catalog.git.providers is not set, so the product may be published for",
        };
        let msg = format!(
            "`{}` ({} in {}) is a name jig adds only for {}; {declared} {}, for which the stack would refer to something nobody declares: {}",
            r.name,
            r.how,
            r.at,
            u.added_for,
            names.join(", "),
            u.fix
        );
        out.push(Finding::new(codes::PROVIDER_REFERENCE, &file, at, msg));
    }
}

/// A `catalog.tooling` blueprint: what Unified Studio would refuse of its template, in one
/// finding.
fn tooling(product: Option<&str>, file: &str, out: &mut Vec<Finding>) {
    let Some(template) = product.and_then(|t| crate::catalog::unified_template::derive(t).ok())
    else {
        return;
    };
    let problems = crate::catalog::tooling::problems(&template.template);
    if problems.is_empty() {
        return;
    }
    let msg = format!(
        "catalog.tooling is set, but Unified Studio would refuse this as a TOOLING blueprint: {}",
        problems.join("; ")
    );
    out.push(Finding::new(
        codes::UNIFIED_TOOLING,
        file,
        Location { line: 1, column: 1 },
        msg,
    ));
}

/// What cfn-lint finds in the product templates that the blueprint's own CloudFormation does
/// not have, as one message (None: nothing, or cfn-lint cannot run).
fn cfn_lint_additions(blueprint: &Blueprint, products: &[(String, String)]) -> Option<String> {
    if products.is_empty() {
        return None;
    }
    let own = super::cloudformation::render(blueprint)?;
    let own = crate::yaml::to_string(&own.doc).ok()?;
    let found = super::cfn_lint::introduced(&own, products)?;
    if found.is_empty() {
        return None;
    }
    let each: Vec<String> = found
        .iter()
        .map(|(label, m)| {
            format!(
                "{} ({}) at {} for {label}: {}",
                m.rule, m.level, m.path, m.message
            )
        })
        .collect();
    Some(format!(
        "cfn-lint finds in the product template what jig's additions introduce (the blueprint's own CloudFormation, rendered with the defaults, does not have it): {}",
        each.join("; ")
    ))
}

/// The line and column of the `nth` whole-word occurrence of `name` in `text`.
fn nth_occurrence(text: &str, name: &str, nth: usize) -> Option<Location> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let found = text
        .match_indices(name)
        .filter(|(i, _)| {
            !word(text[..*i].chars().next_back()) && !word(text[i + name.len()..].chars().next())
        })
        .nth(nth)
        .or_else(|| text.match_indices(name).next())?;
    Some(super::position(text, found.0))
}
