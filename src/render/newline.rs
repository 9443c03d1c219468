//! Which newline a rendered file gets: Cookiecutter's per-file detection, exactly.
//!
//! Cookiecutter opens the template source with universal newlines, reads one line, and writes
//! the output with `rd.newlines`: the kinds of line ending Python's decoder saw in what it read.
//! Python reads 8192-byte chunks until a line ending shows up, holds back a `\r` at a chunk's
//! end (it might start `\r\n`), and orders mixed kinds `\r`, `\n`, `\r\n`, taking the first.
//! So an LF+CRLF file is written all-LF and any lone `\r` makes the whole file CR; a file with
//! no newline in its first line (or none at all) gets the platform's, `\n` here.

/// Python's `TextIOWrapper` chunk size.
const CHUNK: usize = 8192;

/// The newline Cookiecutter would write `source` (the template's bytes) with.
pub(crate) fn detect(source: &[u8]) -> &'static str {
    let (mut cr, mut lf, mut crlf) = (false, false, false);
    let mut pos = 0;
    while pos < source.len() {
        // Python decodes a chunk at a time, holding back a final `\r` unless at end of file.
        let mut end = (pos + CHUNK).min(source.len());
        if end < source.len() && source[end - 1] == b'\r' {
            end -= 1;
        }
        let chunk = &source[pos..end];
        for (i, &b) in chunk.iter().enumerate() {
            match b {
                b'\r' if source.get(pos + i + 1) == Some(&b'\n') => crlf = true,
                b'\r' => cr = true,
                // The `\n` of a `\r\n`, already counted.
                b'\n' if pos + i > 0 && source[pos + i - 1] == b'\r' => {}
                b'\n' => lf = true,
                _ => {}
            }
        }
        pos = end;
        if cr || lf || crlf {
            break;
        }
    }
    if cr {
        "\r"
    } else if lf {
        "\n"
    } else if crlf {
        "\r\n"
    } else {
        "\n"
    }
}

/// Writes `text` (rendered, `\n` line ends) with `newline`, as Python's text mode does.
pub(crate) fn apply(text: String, newline: &str) -> String {
    if newline == "\n" {
        text
    } else {
        text.replace('\n', newline)
    }
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn matches_python_universal_newlines() {
        assert_eq!(detect(b"a\r\nb\nc\n"), "\n");
        assert_eq!(detect(b"a\r\nb\r\n"), "\r\n");
        assert_eq!(detect(b"a\r\nb\rc"), "\r");
        assert_eq!(detect(b"no newline"), "\n");
        assert_eq!(detect(b""), "\n");
        // Python decodes whole 8 KiB chunks: the LF in the same chunk as the first CRLF counts.
        let mut long = vec![b'x'; CHUNK_TEST];
        long.extend_from_slice(b"\r\nrest\n");
        assert_eq!(detect(&long), "\n");
        // ... one in a later chunk does not.
        let mut far = b"first\r\n".to_vec();
        far.extend(vec![b'x'; CHUNK_TEST]);
        far.extend_from_slice(b"\n");
        assert_eq!(detect(&far), "\r\n");
        // A `\r` at the end of the first chunk waits for the next one.
        let mut split = vec![b'x'; 8191];
        split.extend_from_slice(b"\r\nz");
        assert_eq!(detect(&split), "\r\n");
    }

    const CHUNK_TEST: usize = 20_000;
}
