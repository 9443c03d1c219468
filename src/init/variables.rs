//! Turning literal values into template expressions: `Churn Model` and its case variants
//! (`churn-model`, `churn_model`, `ChurnModel`, ...) become `{{ project_name }}`,
//! `{{ project_name | kebab_case }}` and so on, wherever they stand as words.
//!
//! Pure text work: every replacement is one of the case filters applied to the value, so
//! rendering with the original value gives back the original text, byte for byte. Text inside
//! a URL is left alone: `https://github.com/aws-samples/sagemaker-...` names someone else's
//! resource, which must not change with a project's answers.

use crate::render::filters::CASES;
use regex::Regex;
use std::sync::LazyLock;

/// A URL: a scheme, `://`, and everything up to white space or a closing quote or bracket.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"[A-Za-z][A-Za-z0-9+.-]*://[^\s"'<>()\[\]{}`]+"#).expect("valid regex")
});

/// One `--var NAME=VALUE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Var {
    pub name: String,
    pub value: String,
}

/// A spelling of a value and the expression that produces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    pub text: String,
    /// The expression without delimiters: `project_name | kebab_case`.
    pub expr: String,
}

/// Every distinct spelling of each variable's value, longest first.
pub(crate) fn variants(vars: &[Var]) -> Vec<Variant> {
    let mut out: Vec<Variant> = Vec::new();
    for var in vars {
        let mut push = |text: String, expr: String| {
            if text.chars().count() >= 2 && !out.iter().any(|v| v.text == text) {
                out.push(Variant { text, expr });
            }
        };
        push(var.value.clone(), var.name.clone());
        for (filter, case) in CASES {
            push(case(&var.value), format!("{} | {filter}", var.name));
        }
    }
    out.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then(a.text.cmp(&b.text)));
    out
}

/// Finds the variants in text, as whole words (a case change counts as a word boundary).
pub(crate) struct Replacer {
    variants: Vec<Variant>,
    regex: Option<Regex>,
}

impl Replacer {
    pub(crate) fn new(variants: Vec<Variant>) -> Replacer {
        let regex = (!variants.is_empty()).then(|| {
            let alternation: Vec<String> =
                variants.iter().map(|v| regex::escape(&v.text)).collect();
            Regex::new(&alternation.join("|")).expect("escaped literals")
        });
        Replacer { variants, regex }
    }

    /// `text` with each occurrence replaced by `open expr close`; None when nothing matched.
    pub(crate) fn replace(&self, text: &str, open: &str, close: &str) -> Option<String> {
        let regex = self.regex.as_ref()?;
        let urls: Vec<std::ops::Range<usize>> = URL.find_iter(text).map(|m| m.range()).collect();
        let in_url = |at: usize| urls.iter().any(|u| u.contains(&at));
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for m in regex.find_iter(text) {
            if !is_word(text, m.start(), m.end()) || in_url(m.start()) {
                continue;
            }
            let variant = self
                .variants
                .iter()
                .find(|v| v.text == m.as_str())
                .expect("the regex matches variants only");
            out.push_str(&text[last..m.start()]);
            out.push_str(&format!("{open} {} {close}", variant.expr));
            last = m.end();
        }
        if last == 0 {
            return None;
        }
        out.push_str(&text[last..]);
        Some(out)
    }
}

/// True when `text[start..end]` is not glued to letters or digits around it, except at a
/// case change (`testChurnModel`, `ChurnModelTests`).
fn is_word(text: &str, start: usize, end: usize) -> bool {
    let found = &text[start..end];
    let (Some(first), Some(last)) = (found.chars().next(), found.chars().last()) else {
        return false;
    };
    let before = text[..start].chars().last();
    let after = text[end..].chars().next();
    let left = match before {
        Some(p) if p.is_alphanumeric() => {
            (p.is_lowercase() || p.is_ascii_digit()) && first.is_uppercase()
        }
        _ => true,
    };
    let right = match after {
        Some(n) if n.is_alphanumeric() => {
            n.is_uppercase() && (last.is_lowercase() || last.is_ascii_digit())
        }
        _ => true,
    };
    left && right
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replacer() -> Replacer {
        Replacer::new(variants(&[Var {
            name: "project_name".into(),
            value: "Churn Model".into(),
        }]))
    }

    #[test]
    fn values_inside_urls_stay_as_they_are() {
        let text = "churn-model, see https://github.com/aws-samples/churn-model-demo and (s3://churn-model/raw)";
        assert_eq!(
            replacer().replace(text, "{{", "}}").unwrap(),
            "{{ project_name | kebab_case }}, see https://github.com/aws-samples/churn-model-demo and (s3://churn-model/raw)"
        );
        assert_eq!(
            replacer().replace("https://x.io/churn-model", "{{", "}}"),
            None
        );
    }

    #[test]
    fn every_case_variant_becomes_its_filter() {
        let text = "Churn Model churn-model churn_model ChurnModel churnModel CHURN_MODEL";
        assert_eq!(
            replacer().replace(text, "{{", "}}").unwrap(),
            "{{ project_name }} {{ project_name | kebab_case }} {{ project_name | snake_case }} \
             {{ project_name | pascal_case }} {{ project_name | camel_case }} \
             {{ project_name | constant_case }}"
        );
    }

    #[test]
    fn only_whole_words_and_case_boundaries_match() {
        let r = replacer();
        assert_eq!(
            r.replace("import churn_model_v2", "{{", "}}").unwrap(),
            "import {{ project_name | snake_case }}_v2"
        );
        assert_eq!(
            r.replace("class TestChurnModel:", "[[", "]]").unwrap(),
            "class Test[[ project_name | pascal_case ]]:"
        );
        assert_eq!(r.replace("churn_modeling", "{{", "}}"), None);
        assert_eq!(r.replace("xchurn-model", "{{", "}}"), None);
    }
}
