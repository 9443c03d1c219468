//! Copier's Jinja dialect: the environment `_envops` describes (delimiters, whitespace,
//! `keep_trailing_newline` on by default, undefined variables printing as nothing unless
//! `StrictUndefined` is asked for), with Copier's filters (`filters`) and Jinja's own newline
//! handling (template sources read with every `\r\n` and `\r` as `\n`).
//!
//! `{% yield %}` lives in `plan`: it only ever appears in file and directory names.

use super::Error;
use minijinja::{Environment, UndefinedBehavior};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::path::Path;

/// The Jinja options of `_envops` jig honours (the others are refused at load).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EnvOps {
    pub variable: (String, String),
    pub block: (String, String),
    pub comment: (String, String),
    pub line_statement: Option<String>,
    pub line_comment: Option<String>,
    pub trim_blocks: bool,
    pub lstrip_blocks: bool,
    pub keep_trailing_newline: bool,
    pub strict: bool,
    pub newline: String,
}

impl Default for EnvOps {
    fn default() -> Self {
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        EnvOps {
            variable: pair("{{", "}}"),
            block: pair("{%", "%}"),
            comment: pair("{#", "#}"),
            line_statement: None,
            line_comment: None,
            trim_blocks: false,
            lstrip_blocks: false,
            keep_trailing_newline: true,
            strict: false,
            newline: "\n".into(),
        }
    }
}

impl EnvOps {
    /// Reads `_envops`; `path` is the config file, for errors.
    pub(crate) fn parse(path: &Path, value: Option<&Json>) -> Result<EnvOps, Error> {
        let mut ops = EnvOps::default();
        let Some(value) = value else {
            return Ok(ops);
        };
        let bad = |key: &str, message: &str| Error::Invalid {
            path: path.to_path_buf(),
            message: format!("`_envops.{key}` {message}"),
        };
        let Json::Object(map) = value else {
            return Err(bad("", "must be a mapping of Jinja options"));
        };
        for (key, value) in map {
            let text = || {
                value
                    .as_str()
                    .map(str::to_string)
                    .ok_or_else(|| bad(key, "must be a string"))
            };
            let flag = || {
                value
                    .as_bool()
                    .ok_or_else(|| bad(key, "must be true or false"))
            };
            match key.as_str() {
                "variable_start_string" => ops.variable.0 = text()?,
                "variable_end_string" => ops.variable.1 = text()?,
                "block_start_string" => ops.block.0 = text()?,
                "block_end_string" => ops.block.1 = text()?,
                "comment_start_string" => ops.comment.0 = text()?,
                "comment_end_string" => ops.comment.1 = text()?,
                "line_statement_prefix" => ops.line_statement = value.as_str().map(Into::into),
                "line_comment_prefix" => ops.line_comment = value.as_str().map(Into::into),
                "trim_blocks" => ops.trim_blocks = flag()?,
                "lstrip_blocks" => ops.lstrip_blocks = flag()?,
                "keep_trailing_newline" => ops.keep_trailing_newline = flag()?,
                "autoescape" if !flag()? => {}
                "optimized" | "cache_size" | "auto_reload" | "enable_async" => {}
                "newline_sequence" => match text()?.as_str() {
                    s @ ("\n" | "\r\n" | "\r") => ops.newline = s.to_string(),
                    _ => return Err(bad(key, "must be \"\\n\", \"\\r\\n\" or \"\\r\"")),
                },
                "undefined" => match text()?.as_str() {
                    "jinja2.StrictUndefined" => ops.strict = true,
                    "jinja2.Undefined" => ops.strict = false,
                    other => {
                        return Err(bad(
                            key,
                            &format!("is `{other}`; Copier supports jinja2.Undefined and jinja2.StrictUndefined"),
                        ))
                    }
                },
                _ => return Err(bad(key, "is a Jinja option jig does not support")),
            }
        }
        ops.syntax().map_err(|e| bad("*_string", &e))?;
        Ok(ops)
    }

    fn syntax(&self) -> Result<minijinja::syntax::SyntaxConfig, String> {
        let mut b = minijinja::syntax::SyntaxConfig::builder();
        b.variable_delimiters(self.variable.0.clone(), self.variable.1.clone())
            .block_delimiters(self.block.0.clone(), self.block.1.clone())
            .comment_delimiters(self.comment.0.clone(), self.comment.1.clone())
            .trim_blocks(self.trim_blocks)
            .lstrip_blocks(self.lstrip_blocks)
            .keep_trailing_newline(self.keep_trailing_newline);
        if let Some(prefix) = &self.line_statement {
            b.line_statement_prefix(prefix.clone());
        }
        if let Some(prefix) = &self.line_comment {
            b.line_comment_prefix(prefix.clone());
        }
        b.build().map_err(|e| e.to_string())
    }

    /// The strings that start a tag: a text without them renders to itself.
    pub(crate) fn markers(&self) -> [String; 2] {
        [self.variable.0.clone(), self.block.0.clone()]
    }

    /// Jinja's reading of a template source: every line break becomes `newline_sequence`.
    pub(crate) fn normalize<'a>(&self, source: &'a str) -> Cow<'a, str> {
        if !source.contains('\r') && self.newline == "\n" {
            return Cow::Borrowed(source);
        }
        let unix = source.replace("\r\n", "\n").replace('\r', "\n");
        match self.newline.as_str() {
            "\n" => Cow::Owned(unix),
            other => Cow::Owned(unix.replace('\n', other)),
        }
    }
}

/// The environment for a template rooted at `root` (includes resolve from there).
pub(crate) fn environment(ops: &EnvOps, root: Option<&Path>) -> Environment<'static> {
    let mut env = crate::render::base_environment(&crate::render::rules::Delimiters::default());
    env.set_syntax(ops.syntax().expect("checked when the config was read"));
    env.set_undefined_behavior(match ops.strict {
        true => UndefinedBehavior::Strict,
        false => UndefinedBehavior::Lenient,
    });
    if let Some(root) = root {
        let root = root.to_path_buf();
        env.set_loader(move |name: &str| {
            if name.split('/').any(|s| s == ".." || s.contains('\\')) {
                return Ok(None);
            }
            crate::render::read_confined(&root, &root.join(name))
        });
    }
    super::filters::register(&mut env);
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each template rendered by Jinja2 with Copier's extensions (the test venv's) and by jig.
    #[test]
    fn filters_match_jinja2_ansible_filters() {
        let env = environment(&EnvOps::default(), None);
        let cases = [
            "{{ {'b': 1, 'a': ['é', 2.5]} | to_json }}",
            "{{ {'b': 1, 'a': []} | to_nice_json }}",
            "{{ {'b': 'x: y', 'a': ['1', 'yes', 'é']} | to_nice_yaml }}",
            "{{ {'b': 1, 'a': [1, 2]} | to_yaml }}",
            "{{ 'ab-12' | regex_replace('([a-z]+)-(\\\\d+)', '\\\\2_\\\\1') }}",
            "{{ 'it s' | quote }}|{{ 'plain' | quote }}",
            "{{ 'a/b/c.tar.gz' | basename }}|{{ 'a/b/c' | dirname }}|{{ '/x' | dirname }}",
            "{{ ('x/.bashrc' | splitext)[1] }}|{{ ('x/a.b.c' | splitext)[1] }}",
            "{{ 'hi' | b64encode }}|{{ 'aGk=' | b64decode }}",
            "{{ 'yes' | bool }}|{{ 0 | bool }}|{{ true | ternary('a', 'b') }}",
            "{{ pathjoin('a', 'b', 'c.txt') }}",
            "{{ undefined_name }}|{{ 'abc' | hash('md5') }}|{{ 'abc' | hash('sha1') }}",
            "{{ [1, [2, [3]]] | flatten }}",
            "{{ {'a': {'x': 1}} | combine({'a': {'y': 2}}, recursive=true) | to_json }}",
            "{{ 'x' | type_debug }}|{{ 1 | type_debug }}|{{ [1] | type_debug }}",
            "{{ 'a.b*c' | regex_escape }}|{{ 'a1b22' | regex_findall('[0-9]+') }}",
        ];
        let script = r#"
import json, sys
from jinja2.sandbox import SandboxedEnvironment
env = SandboxedEnvironment(extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"], keep_trailing_newline=True)
env.globals["pathjoin"] = lambda *p, mode="posix": "/".join(p)
print(json.dumps([env.from_string(s).render() for s in json.loads(sys.stdin.read())]))
"#;
        let input = serde_json::to_string(&cases).unwrap();
        let expected: Vec<String> = crate::copier::test_python(script, &input);
        for (source, expected) in cases.iter().zip(expected) {
            let got = env.render_str(source, ()).unwrap();
            assert_eq!(got, expected, "{source}");
        }
    }

    #[test]
    fn envops_are_read_and_checked() {
        let path = Path::new("copier.yml");
        let ops = EnvOps::parse(
            path,
            Some(
                &serde_json::json!({"variable_start_string": "[[", "variable_end_string": "]]",
                "keep_trailing_newline": false, "undefined": "jinja2.StrictUndefined"}),
            ),
        )
        .unwrap();
        assert_eq!(ops.variable, ("[[".into(), "]]".into()));
        assert!(!ops.keep_trailing_newline && ops.strict);
        let env = environment(&ops, None);
        assert_eq!(env.render_str("[[ 1 + 1 ]]\n", ()).unwrap(), "2");
        assert!(env.render_str("[[ nope ]]", ()).is_err());
        let err = EnvOps::parse(path, Some(&serde_json::json!({"undefined": "x.Y"}))).unwrap_err();
        assert!(
            err.to_string().contains("`_envops.undefined` is `x.Y`"),
            "{err}"
        );
        assert_eq!(EnvOps::default().normalize("a\r\nb\rc\n"), "a\nb\nc\n");
    }
}
