//! `_migrations` of a Copier template, chosen and rendered as Copier 9 does
//! (`Template.migration_tasks`): an entry with a `version` runs when an update crosses it
//! (old < version <= new, PEP 440 order); its `when` (by default `{{ _stage == "after" }}`)
//! picks the stage, before or after the merge; its command is rendered with the answers and
//! `_stage`, `_version_from`, `_version_to`, `_version_current` and their `_pep440_` forms,
//! which the command also gets as `STAGE`, `VERSION_FROM` ... in its environment. The legacy
//! form (`{version, before: [...], after: [...]}`) is read too. They are the template's code:
//! `jig update` runs them only for trusted sources.

use super::template::Template;
use super::Error;
use serde_json::{json, Map, Value as Json};

/// One rendered migration command, ready to run in the project.
#[derive(Debug, Clone)]
pub(crate) struct Command {
    /// `sh -c TEXT` for a string, the program and its arguments for a list.
    pub argv: Vec<String>,
    pub shown: String,
    pub before: bool,
    pub version: String,
    pub working_directory: String,
    pub env: Vec<(String, String)>,
}

/// The migrations an update of `template` from `from` to `to` (as `git describe` gives them)
/// runs, in order, each stage's in declaration order; `answers` are the recorded answers.
pub(crate) fn crossing(
    template: &Template,
    from: &str,
    to: &str,
    answers: &Map<String, Json>,
) -> Result<Vec<Command>, Error> {
    let raw = match template.config.settings.get("migrations") {
        Some(Json::Array(items)) => items.clone(),
        _ => return Ok(Vec::new()),
    };
    let (Some(old), Some(new)) = (Pep440::parse(from), Pep440::parse(to)) else {
        return Ok(Vec::new());
    };
    let env = super::jinja::environment(&template.envops, Some(&template.root));
    let default_when = format!(
        "{} _stage == \"after\" {}",
        template.envops.variable.0, template.envops.variable.1
    );
    let mut out = Vec::new();
    for stage in ["before", "after"] {
        for entry in &raw {
            let mut vars = json!({
                "_stage": stage,
                "_version_from": from,
                "_version_to": to,
                "_version_pep440_from": old.to_string(),
                "_version_pep440_to": new.to_string(),
                "_copier_operation": "update",
            });
            let crosses = |version: &Json, vars: &mut Json| -> bool {
                let text = super::casting::python_str(version);
                let Some(current) = Pep440::parse(&text) else {
                    return false;
                };
                vars["_version_current"] = json!(text);
                vars["_version_pep440_current"] = json!(current.to_string());
                new >= current && current > old
            };
            let (commands, when, dir, version): (Vec<Json>, Json, String, String) = match entry {
                Json::Object(m) if m.contains_key("before") || m.contains_key("after") => {
                    let version = m.get("version").cloned().unwrap_or(Json::Null);
                    if !crosses(&version, &mut vars) {
                        continue;
                    }
                    let list = match m.get(stage) {
                        Some(Json::Array(items)) => items.clone(),
                        _ => Vec::new(),
                    };
                    (
                        list,
                        json!(true),
                        ".".into(),
                        super::casting::python_str(&version),
                    )
                }
                Json::Object(m) => {
                    let mut version = String::new();
                    if let Some(v) = m.get("version") {
                        if !crosses(v, &mut vars) {
                            continue;
                        }
                        version = super::casting::python_str(v);
                    }
                    let when = m.get("when").cloned().unwrap_or(json!(default_when));
                    let dir = m
                        .get("working_directory")
                        .and_then(Json::as_str)
                        .unwrap_or(".")
                        .to_string();
                    let command = m.get("command").cloned().unwrap_or(Json::Null);
                    (vec![command], when, dir, version)
                }
                other => (
                    vec![other.clone()],
                    json!(default_when),
                    ".".into(),
                    String::new(),
                ),
            };
            let mut context = answers.clone();
            if let Json::Object(v) = &vars {
                context.extend(v.clone());
            }
            let ctx = crate::render::to_value(&context);
            let render = |text: &str| {
                crate::render::render_bounded_str(&env, "_migrations", text, &ctx).map_err(|e| {
                    Error::Invalid {
                        path: template.config_path.clone(),
                        message: format!("`_migrations`: {e}"),
                    }
                })
            };
            let runs = match &when {
                Json::String(s) => super::casting::to_bool(&Json::String(render(s)?)),
                other => super::casting::to_bool(other),
            };
            if !runs {
                continue;
            }
            let env_vars: Vec<(String, String)> = match &vars {
                Json::Object(v) => v
                    .iter()
                    .map(|(k, v)| (k[1..].to_uppercase(), super::casting::python_str(v)))
                    .collect(),
                _ => Vec::new(),
            };
            for command in commands {
                let (argv, shown) = match &command {
                    Json::String(s) => {
                        let text = render(s)?;
                        (vec!["sh".into(), "-c".into(), text.clone()], text)
                    }
                    Json::Array(parts) => {
                        let argv: Vec<String> = parts
                            .iter()
                            .map(|p| render(&super::casting::python_str(p)))
                            .collect::<Result<_, _>>()?;
                        let shown = argv.join(" ");
                        (argv, shown)
                    }
                    _ => continue,
                };
                out.push(Command {
                    argv,
                    shown,
                    before: stage == "before",
                    version: version.clone(),
                    working_directory: render(&dir)?,
                    env: env_vars.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// A PEP 440 version, enough to order the versions templates tag: release numbers, then
/// `.devN` < `aN` < `bN` < `rcN` < final < `.postN`. A leading `v` is allowed, and a
/// `git describe` suffix (`-3-gabc1234`) counts as a post-release of its tag.
#[derive(Debug, Clone)]
pub(crate) struct Pep440 {
    release: Vec<u64>,
    /// (phase, number): dev 0, a 1, b 2, rc 3, final 4, post 5.
    stage: (u8, u64),
    text: String,
}

impl PartialEq for Pep440 {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Pep440 {}

impl PartialOrd for Pep440 {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Pep440 {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&self.release, self.stage).cmp(&(&other.release, other.stage))
    }
}

impl std::fmt::Display for Pep440 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Pep440 {
    pub(crate) fn parse(text: &str) -> Option<Pep440> {
        let t = text.trim().trim_start_matches(['v', 'V']).to_lowercase();
        let (t, described) = match t.rsplit_once("-g") {
            Some((head, sha)) if sha.chars().all(|c| c.is_ascii_hexdigit()) => {
                let (tag, n) = head.rsplit_once('-')?;
                (tag.to_string(), n.parse::<u64>().ok())
            }
            _ => (t.clone(), None),
        };
        let end = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(t.len());
        let release: Vec<u64> = t[..end]
            .trim_end_matches('.')
            .split('.')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        let rest = t[end..].trim_start_matches(['.', '-', '_']);
        let number = |s: &str| {
            s.trim_start_matches(['.', '-', '_'])
                .parse::<u64>()
                .unwrap_or(0)
        };
        let stage = if rest.is_empty() {
            (4, 0)
        } else if let Some(n) = rest.strip_prefix("dev") {
            (0, number(n))
        } else if let Some(n) = rest.strip_prefix("rc").or(rest.strip_prefix('c')) {
            (3, number(n))
        } else if let Some(n) = rest.strip_prefix("alpha").or(rest.strip_prefix('a')) {
            (1, number(n))
        } else if let Some(n) = rest.strip_prefix("beta").or(rest.strip_prefix('b')) {
            (2, number(n))
        } else if let Some(n) = rest.strip_prefix("post") {
            (5, number(n))
        } else {
            return None;
        };
        let stage = match described {
            Some(n) if n > 0 => (5, n),
            _ => stage,
        };
        let mut release = release;
        while release.len() > 1 && release.last() == Some(&0) {
            release.pop();
        }
        Some(Pep440 {
            text: t[..end].trim_end_matches('.').to_string() + &t[end..],
            release,
            stage,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Pep440;

    #[test]
    fn versions_order_as_pep_440() {
        let order = [
            "1.0.0.dev1",
            "v1.0.0a1",
            "1.0.0b2",
            "1.0.0rc1",
            "1.0",
            "v1.0.0-2-gabc1234",
            "1.0.1",
            "1.10.0",
            "2",
        ];
        let parsed: Vec<Pep440> = order.iter().map(|v| Pep440::parse(v).unwrap()).collect();
        for pair in parsed.windows(2) {
            assert!(pair[0] < pair[1], "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(Pep440::parse("v1.0.0"), Pep440::parse("1.0"));
        assert!(Pep440::parse("not-a-version").is_none());
    }
}
