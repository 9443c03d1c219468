//! An error and its causes on one line, for messages that are data rather than reports (a
//! lint finding, a `jig test` cell); `error` prints reports with one `caused by:` per line.

/// `error: cause: cause`.
pub(crate) fn with_causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}
