//! Secret answers in re-renders. jig never records secrets, so a recorded version renders
//! with a placeholder where a secret goes (`secret_placeholder`). The working tree still
//! holds the real value wherever the old version wrote it: matching the render's lines
//! against the working tree's recovers it, and putting it back into both renders lets the
//! merge treat those lines like any other.

use crate::prompt::SECRET_MARK;
use std::collections::BTreeMap;

fn placeholder_re() -> regex::Regex {
    regex::Regex::new(&format!("{}([A-Za-z0-9_]+)@@", regex::escape(SECRET_MARK))).expect("valid")
}

/// Secret values found by matching `rendered` (with placeholders) against `working`.
pub(crate) fn recover(rendered: &str, working: &str, found: &mut BTreeMap<String, String>) {
    let re = placeholder_re();
    for line in rendered.lines().filter(|l| l.contains(SECRET_MARK)) {
        let names: Vec<String> = re.captures_iter(line).map(|c| c[1].to_string()).collect();
        if names.iter().all(|n| found.contains_key(n)) {
            continue;
        }
        let pattern = re
            .split(line)
            .map(regex::escape)
            .collect::<Vec<_>>()
            .join("(.+?)");
        let Ok(line_re) = regex::Regex::new(&format!("^{pattern}$")) else {
            continue;
        };
        if let Some(caps) = working.lines().find_map(|w| line_re.captures(w)) {
            for (i, name) in names.iter().enumerate() {
                if let Some(value) = caps.get(i + 1) {
                    found
                        .entry(name.clone())
                        .or_insert_with(|| value.as_str().to_string());
                }
            }
        }
    }
}

/// `bytes` with every placeholder whose value is known replaced by it.
pub(crate) fn substitute(bytes: &[u8], values: &BTreeMap<String, String>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return bytes.to_vec();
    };
    if !text.contains(SECRET_MARK) {
        return bytes.to_vec();
    }
    placeholder_re()
        .replace_all(text, |c: &regex::Captures| {
            values
                .get(&c[1])
                .cloned()
                .unwrap_or_else(|| c[0].to_string())
        })
        .into_owned()
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prompt::secret_placeholder;

    #[test]
    fn a_secret_is_recovered_from_the_working_tree_and_put_back() {
        let p = secret_placeholder("token");
        let rendered = format!("a: 1\nurl: https://x:{p}@host/db\n");
        let mut found = BTreeMap::new();
        recover(
            &rendered,
            "a: 2\nurl: https://x:hunter2@host/db\n",
            &mut found,
        );
        assert_eq!(found.get("token").map(String::as_str), Some("hunter2"));
        let back = substitute(rendered.as_bytes(), &found);
        assert_eq!(back, b"a: 1\nurl: https://x:hunter2@host/db\n");
        let mut none = BTreeMap::new();
        recover(&rendered, "url: elsewhere\n", &mut none);
        assert!(none.is_empty());
    }
}
