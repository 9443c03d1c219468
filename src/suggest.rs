//! "Did you mean": the known name nearest a mistyped one, for every message that names
//! something the user or a template author typed (a variable, a filter, a `--data` key, a
//! blueprint name). One rule everywhere: a small edit distance for the name's length.

/// The name in `names` closest to `wanted` (a typo: a small edit distance for its length).
pub(crate) fn nearest(
    wanted: &str,
    names: impl IntoIterator<Item = impl AsRef<str>>,
) -> Option<String> {
    let limit = (wanted.chars().count() / 3).max(1);
    names
        .into_iter()
        .map(|n| n.as_ref().to_string())
        .filter(|n| n != wanted)
        .map(|n| (strsim::damerau_levenshtein(wanted, &n), n))
        // A suggestion keeps something of what was typed: `c` is not a typo of `a`.
        .filter(|(d, n)| *d <= limit && *d < wanted.chars().count().min(n.chars().count()))
        .min()
        .map(|(_, n)| n)
}

/// `; did you mean `x`?` for a message, or nothing.
pub(crate) fn did_you_mean(
    wanted: &str,
    names: impl IntoIterator<Item = impl AsRef<str>>,
) -> Option<String> {
    nearest(wanted, names).map(|n| format!("did you mean `{n}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_question_and_strangers_find_nothing() {
        let names = ["project_name", "project_slug", "owner"];
        assert_eq!(
            nearest("projetc_name", names).as_deref(),
            Some("project_name")
        );
        assert_eq!(nearest("onwer", names).as_deref(), Some("owner"));
        assert_eq!(nearest("region", names), None);
        assert_eq!(
            did_you_mean("sagemaker-mlosp", ["sagemaker-mlops", "ds-project"]).as_deref(),
            Some("did you mean `sagemaker-mlops`?")
        );
    }
}
