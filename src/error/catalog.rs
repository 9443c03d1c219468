//! Messages and hints for publishing to Service Catalog and Studio (`jig publish`, `jig catalog`).

use super::{Report, EXIT_BLUEPRINT, EXIT_FAILED, EXIT_USAGE};
use crate::catalog::Error as C;

pub(crate) fn catalog_report(e: &C) -> Report {
    let message = e.to_string();
    match e {
        C::Render(r) => super::render_report(r)
            .hint("the file named by catalog.cloudformation is rendered with the default answers at publish time"),
        C::Clash {
            name,
            question: Some(question),
            ..
        } => Report::new(message, EXIT_BLUEPRINT).hint(format!(
            "if `{name}` asks what `{question}` asks, answer the question with it: `catalog.answers: {{{question}: {name}}}`; otherwise rename one of them"
        )),
        C::Yaml { .. } | C::Clash { .. } | C::Defaults(_) | C::Read { .. } | C::Placeholder => {
            Report::new(message, EXIT_BLUEPRINT)
        }
        C::Binding { parameter, .. } => Report::new(message, EXIT_BLUEPRINT).hint(format!(
            "make the question and `{parameter}` agree (type, allowed values, default, NoEcho for a secret), or answer the question with a parameter of its own: remove it from catalog.answers, or rename the question"
        )),
        C::Package { .. } => Report::new(message, EXIT_BLUEPRINT).hint(
            "paths in the CloudFormation (a function's Code, a nested stack's TemplateURL) are relative to its file and must stay inside the template tree",
        ),
        C::Immutable { .. } => Report::new(message, EXIT_FAILED)
            .detail("nothing was changed in Service Catalog")
            .hint("a published version never changes: bump `version` in blueprint.yaml and publish that")
            .hint("the template embeds jig's version too, so publishing the same version with another jig is refused as well"),
        C::ArtifactElsewhere { .. } => Report::new(message, EXIT_FAILED)
            .hint("that version was published from another bucket or prefix; publish with the same `catalog.bucket` and `catalog.prefix`, or bump the version"),
        C::Output { .. } => Report::new(message, EXIT_FAILED),
        C::NotConfigured { hint, .. } => Report::new(message, EXIT_USAGE).hint(hint.clone()),
        C::Aws { hint, .. } => {
            let r = Report::new(message, EXIT_FAILED)
                .detail("run the same command again to complete the publish: every step checks before it changes anything");
            match hint {
                Some(h) => r.hint(h.clone()),
                None => r,
            }
        }
        C::UnknownProjects { hint, .. } => Report::new(message, EXIT_USAGE)
            .hint(hint.clone())
            .hint("`jig catalog projects` lists them; --all takes every one"),
        C::AwsRead { hint, .. } => {
            let r = Report::new(message, EXIT_FAILED)
                .detail("this command only reads: nothing was changed");
            match hint {
                Some(h) => r.hint(h.clone()),
                None => r,
            }
        }
        C::SeedTarget { .. } => Report::new(message, EXIT_USAGE)
            .detail("its own CloudFormation uses that repository, so the seed must push there")
            .hint("publish this blueprint with `--git-provider codecommit`"),
        C::ProviderNotSupported {
            manifest,
            provider,
            from,
            supported,
            ..
        } => provider_report(message, manifest, *provider, *from, supported),
        C::Unprovided { missing, .. } => {
            let mut r = Report::new(message, EXIT_USAGE);
            let mut fixes: Vec<String> = Vec::new();
            for u in missing {
                let line = format!("`{}` is added for {}", u.reference.name, u.added_for);
                if !r.details.contains(&line) {
                    r = r.detail(line);
                }
                if !fixes.contains(&u.fix) {
                    fixes.push(u.fix.clone());
                }
            }
            fixes.into_iter().fold(r, Report::hint)
        }
        C::UnifiedBackwards { theirs, .. } => Report::new(message, EXIT_USAGE)
            .detail("new projects are made from the version the blueprint runs; the registry and S3 keep every version")
            .hint(format!("bump `version` in blueprint.yaml past {theirs} and publish that")),
        C::ProfileHasTooling { .. } => Report::new(message, EXIT_USAGE)
            .detail("a project profile has one tooling environment, deployed first")
            .hint("offer it in a profile of its own: --project-profile NAME (or `catalog.unified_studio.project_profile`)"),
        C::Tooling { .. } => Report::new(message, EXIT_BLUEPRINT)
            .detail("Unified Studio checks a TOOLING blueprint's template with CloudFormation GetTemplateSummary when it is registered, and refuses one that lacks these")
            .hint("add them to the CloudFormation named by catalog.cloudformation (docs/catalog.md, \"Unified Studio\", shows a minimal tooling template), or drop `catalog.tooling` to publish it as an ordinary blueprint after the domain's own Tooling"),
        C::ArtifactFailed { .. } => Report::new(message, EXIT_FAILED)
            .hint("Service Catalog could not load the template; `jig publish --dry-run --out DIR` writes it for cfn-lint"),
    }
}

/// A provider the blueprint does not list: where the provider came from, what to pass.
fn provider_report(
    message: String,
    manifest: &std::path::Path,
    provider: crate::settings::Provider,
    from: crate::catalog::ProviderFrom,
    supported: &[&str],
) -> Report {
    use crate::catalog::ProviderFrom;
    let came = match from {
        ProviderFrom::Flag => format!("{provider} is what --git-provider asked for"),
        ProviderFrom::Config => format!(
            "{provider} is the config file's `catalog.repository.provider` ({})",
            crate::settings::Config::path()
                .map_or_else(|| "the config file".into(), |p| p.display().to_string())
        ),
        ProviderFrom::Default => format!(
            "{provider} is the default: no --git-provider, and no `catalog.repository.provider` in the config file"
        ),
    };
    let first = supported.first().copied().unwrap_or("codecommit");
    let needs = match crate::settings::Provider::parse(first) {
        Some(p) if p.uses_connection() => " --connection ARN --git-owner OWNER",
        _ => "",
    };
    Report::new(message, EXIT_USAGE)
        .detail(came)
        .detail(format!(
            "catalog.git.providers is in {}",
            manifest.display()
        ))
        .hint(format!(
            "publish with --git-provider {first}{needs} (one of: {}), or, if the product works with {provider}, add it to catalog.git.providers",
            supported.join(", ")
        ))
}
