//! The fleet file (`fleet.yaml`): which repositories a platform team looks after.
//!
//! Each entry is a git URL (any transport or abbreviation jig's sources take), or a local
//! path (a clone or a bare repository, relative to the fleet file), written alone or with a
//! `branch` to read instead of the default one. Loading resolves every entry into a `Member`
//! with a stable identity, so shards and reports agree on who is who. This module reads; it
//! never touches the repositories.

use super::Error;
use crate::source::spec::Location;
use crate::source::Resolver;
use schemars::JsonSchema;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// `fleet.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "jig fleet file (fleet.yaml)")]
pub(crate) struct FleetFile {
    /// The repositories, as git URLs (`https://`, `ssh://`, `git@host:path`, `git://`,
    /// `file://`, `gh:owner/name`) or local paths relative to this file.
    // Read entry by entry (`member`), so each bad one is named with what is wrong with it.
    #[serde(default)]
    #[schemars(with = "Vec<Entry>")]
    pub repositories: Vec<serde_json::Value>,
    /// Where self-hosted forges' APIs are (GitHub Enterprise Server, self-managed GitLab), for
    /// `jig fleet update --open-pr`; github.com and gitlab.com are known.
    #[serde(default)]
    pub forges: Vec<ForgeHost>,
    /// Where to find more repositories: a GitHub organisation, a GitLab group, CodeCommit
    /// repositories by name prefix or tags. Asked on every run.
    #[serde(default)]
    pub discover: Vec<Discovery>,
    /// The AWS regions whose SageMaker projects `jig fleet status` reports beside the
    /// repositories: the projects launched from jig's products and Studio S3 templates, the
    /// version each runs and the newest published (as `jig catalog projects`).
    #[serde(default)]
    pub sagemaker: Vec<SageMakerRegion>,
}

/// One region of `sagemaker:`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SageMakerRegion {
    /// `eu-west-1`. Credentials come from the standard AWS chain (the config's
    /// `catalog.endpoint_url` too, as for `jig catalog`).
    pub region: String,
}

/// A self-hosted forge.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ForgeHost {
    pub kind: super::forge::Kind,
    /// The host in the repositories' git URLs (`github.acme.com`, `gitlab.acme.com:8443`).
    pub host: String,
    /// The REST API's base URL (`https://github.acme.com/api/v3`,
    /// `https://gitlab.acme.com/api/v4`).
    pub api: String,
}

/// One repository, written alone or with details.
#[derive(Debug, JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub(crate) enum Entry {
    Plain(String),
    Detailed(Detailed),
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Detailed {
    /// The git URL or local path.
    pub url: String,
    /// The branch to read (default: the repository's default branch).
    pub branch: Option<String>,
    /// The name reports show (default: the last part of the URL).
    pub name: Option<String>,
}

/// One `discover:` entry: exactly one of its keys.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Discovery {
    /// A GitHub organisation's repositories.
    pub github: Option<GithubOrg>,
    /// A GitLab group's projects.
    pub gitlab: Option<GitlabGroup>,
    /// CodeCommit repositories of a region.
    pub codecommit: Option<CodeCommitRepos>,
}

impl Discovery {
    /// What is wrong with the entry, if anything (it must have exactly one key).
    pub(crate) fn problem(&self) -> Option<String> {
        let n = [
            self.github.is_some(),
            self.gitlab.is_some(),
            self.codecommit.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count();
        (n != 1).then(|| {
            "a `discover:` entry has exactly one of `github`, `gitlab`, `codecommit`".to_string()
        })
    }
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct GithubOrg {
    /// The organisation.
    pub org: String,
    /// Only repositories with this topic.
    pub topic: Option<String>,
    /// A GitHub Enterprise host named under `forges:` (default github.com).
    pub host: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct GitlabGroup {
    /// The group's full path (`acme/ml`); its subgroups' projects are included.
    pub group: String,
    /// Only projects with this topic.
    pub topic: Option<String>,
    /// A self-managed GitLab host named under `forges:` (default gitlab.com).
    pub host: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CodeCommitRepos {
    /// The region (default: the AWS configuration's).
    pub region: Option<String>,
    /// Only repositories whose names start with this.
    pub prefix: Option<String>,
    /// Only repositories with all these tags.
    #[serde(default)]
    pub tags: indexmap::IndexMap<String, String>,
}

/// Where a member lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    /// Read from a git remote through jig's cache.
    Remote(String),
    /// A repository on this machine, read where it is.
    Local(PathBuf),
}

/// A repository of the fleet, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// What reports show.
    pub name: String,
    /// The URL or absolute path: the member's identity (shards and merged reports key on it).
    pub id: String,
    pub place: Place,
    pub branch: Option<String>,
}

/// The fleet: its file and members, sorted by identity, each once.
#[derive(Debug)]
pub(crate) struct Fleet {
    pub path: PathBuf,
    pub members: Vec<Member>,
    /// The forges' APIs: the fleet file's, then the public ones.
    pub hosts: Vec<super::forge::Host>,
    /// Discovery entries, for `discover::expand`.
    pub discover: Vec<Discovery>,
    /// The regions whose SageMaker projects the status reports.
    pub sagemaker: Vec<String>,
}

impl Fleet {
    pub(crate) fn load(path: &Path, resolver: &Resolver) -> Result<Fleet, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Read {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let mut file: FleetFile = crate::yaml::from_str(&text).map_err(|e| Error::Invalid {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let mut members = Vec::new();
        let mut problems = Vec::new();
        for (i, value) in std::mem::take(&mut file.repositories)
            .into_iter()
            .enumerate()
        {
            let entry = match value {
                serde_json::Value::String(s) => Ok(Entry::Plain(s)),
                map @ serde_json::Value::Object(_) => serde_json::from_value::<Detailed>(map)
                    .map(Entry::Detailed)
                    .map_err(|e| e.to_string()),
                other => Err(format!(
                    "`{other}` is not a URL, a path, or a map with `url:`"
                )),
            };
            let entry = entry.map_err(|e| format!("repositories[{i}]: {e}"));
            match entry.and_then(|e| member(e, base, resolver)) {
                Ok(m) => members.push(m),
                Err(problem) => problems.push(problem),
            }
        }
        problems.extend(file.discover.iter().filter_map(|d| d.problem()));
        if !problems.is_empty() {
            return Err(Error::Entries {
                path: path.to_path_buf(),
                problems,
            });
        }
        if members.is_empty() && file.discover.is_empty() && file.sagemaker.is_empty() {
            return Err(Error::Empty {
                path: path.to_path_buf(),
            });
        }
        sort(&mut members);
        let mut hosts: Vec<super::forge::Host> = file
            .forges
            .into_iter()
            .map(|f| super::forge::Host {
                kind: f.kind,
                host: f.host,
                api: f.api,
            })
            .collect();
        hosts.extend(super::forge::public_hosts());
        Ok(Fleet {
            path: path.to_path_buf(),
            members,
            hosts,
            discover: file.discover,
            sagemaker: file.sagemaker.into_iter().map(|r| r.region).collect(),
        })
    }
}

/// Sorted by identity, each once (a repository listed and discovered is one member).
pub(crate) fn sort(members: &mut Vec<Member>) {
    members.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.branch.cmp(&b.branch)));
    members.dedup_by(|a, b| a.id == b.id && a.branch == b.branch);
}

/// A member for a repository a forge listed.
pub(crate) fn discovered(url: &str, name: &str) -> Member {
    Member {
        name: name.to_string(),
        id: url.to_string(),
        place: Place::Remote(url.to_string()),
        branch: None,
    }
}

/// One entry as a member, or the line that says what is wrong with it.
fn member(entry: Entry, base: &Path, resolver: &Resolver) -> Result<Member, String> {
    let (given, branch, name) = match entry {
        Entry::Plain(url) => (url, None, None),
        Entry::Detailed(d) => (d.url, d.branch, d.name),
    };
    let place = if looks_remote(&given) {
        match resolver.parse(&given).map(|s| s.location) {
            Ok(Location::Git(url)) => Place::Remote(url),
            Ok(_) => return Err(format!("`{given}` is not a git URL")),
            Err(e) => return Err(format!("`{given}`: {e}")),
        }
    } else {
        let path = crate::generate::absolute(&base.join(&given));
        Place::Local(path)
    };
    let id = match &place {
        Place::Remote(url) => url.clone(),
        Place::Local(path) => path.display().to_string(),
    };
    let name = name.unwrap_or_else(|| short_name(&id));
    Ok(Member {
        name,
        id,
        place,
        branch,
    })
}

/// Whether an entry names a remote (a URL, an scp-like address or an abbreviation such as
/// `gh:acme/churn`) rather than a path.
fn looks_remote(given: &str) -> bool {
    crate::source::spec::is_url(given)
        || given
            .split_once(':')
            .is_some_and(|(scheme, _)| scheme.len() > 1 && !scheme.contains('/'))
}

/// `churn-model` for `https://github.com/acme/churn-model.git` or `/srv/git/churn-model`.
fn short_name(id: &str) -> String {
    id.trim_end_matches('/')
        .trim_end_matches(".git")
        .rsplit(['/', ':'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(id)
        .to_string()
}

/// The JSON Schema of `fleet.yaml` (`jig schema fleet`).
pub(crate) fn schema() -> String {
    let schema = schemars::schema_for!(FleetFile);
    serde_json::to_string_pretty(&schema).expect("a schema serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_kinds_of_entries() {
        assert_eq!(
            short_name("https://github.com/acme/churn-model.git"),
            "churn-model"
        );
        assert_eq!(short_name("git@github.com:acme/fraud.git"), "fraud");
        assert_eq!(short_name("/srv/git/x/"), "x");
        assert!(looks_remote("gh:acme/churn"));
        assert!(looks_remote("file:///srv/git/a.git"));
        assert!(looks_remote("git@github.com:acme/a.git"));
        assert!(!looks_remote("../local/clone"));
        assert!(!looks_remote("clones/a"));
    }

    #[test]
    fn the_schema_names_every_key() {
        let schema: serde_json::Value = serde_json::from_str(&schema()).unwrap();
        assert_eq!(schema["title"], "jig fleet file (fleet.yaml)");
        assert!(schema["properties"]["repositories"].is_object());
        assert_eq!(schema["additionalProperties"], false);
    }
}
