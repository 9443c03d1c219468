//! "Is this template file binary?", answered exactly as binaryornot 0.6.0 answers it.
//!
//! Cookiecutter copies a file verbatim when `binaryornot.check.is_binary` says so and renders it
//! otherwise, so byte-for-byte compatibility needs the same verdict on every file, including the
//! odd ones (a Makefile starting with `PACK`, Latin-1 text, UTF-16 files). binaryornot decides by
//! extension, then by magic signature, then with a trained decision tree over statistics of the
//! first 512 bytes; its tables and tree are carried over in `binaryornot_data.rs`, generated
//! from the reference by `scripts/gen-binaryornot.py`.

use super::binaryornot_data::{tree, EXTENSIONS, SIGNATURES};

/// The binaryornot release whose verdicts these are.
pub(crate) use super::binaryornot_data::VERSION as BINARYORNOT_VERSION;

/// How many leading bytes binaryornot looks at.
pub(crate) const CHUNK: usize = 512;

/// The verdict for a file named `name` whose first bytes are `head` (at least `CHUNK` of them
/// when the file is that long).
pub(crate) fn is_binary(name: &str, head: &[u8]) -> bool {
    has_binary_extension(name) || is_binary_string(&head[..head.len().min(CHUNK)])
}

/// Python's `Path(name).suffix`, lower-cased and without the dot, looked up in the list.
fn has_binary_extension(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    match base.rfind('.') {
        Some(i) if i > 0 && i < base.len() - 1 => {
            let ext = base[i + 1..].to_lowercase();
            EXTENSIONS.binary_search(&ext.as_str()).is_ok()
        }
        _ => false,
    }
}

fn has_signature(chunk: &[u8]) -> bool {
    SIGNATURES.iter().any(|sig| chunk.starts_with(sig))
}

/// binaryornot's `is_binary_string`: empty is text, a known signature is binary, else the tree.
pub(crate) fn is_binary_string(chunk: &[u8]) -> bool {
    if chunk.is_empty() {
        return false;
    }
    if has_signature(chunk) {
        return true;
    }
    tree(&features(chunk))
}

fn is_control(b: u8) -> bool {
    b < 32 && !matches!(b, 9 | 10 | 13)
}

/// The 24 features of binaryornot's `_compute_features`, in its order and with its arithmetic.
fn features(chunk: &[u8]) -> [f64; 24] {
    let n = chunk.len();
    let nf = n as f64;
    let count = |pred: &dyn Fn(u8) -> bool| chunk.iter().filter(|&&b| pred(b)).count() as f64;
    let nulls = count(&|b| b == 0);
    let controls = count(&|b| is_control(b));
    let printable = count(&|b| (0x20..=0x7e).contains(&b));
    let high = count(&|b| b >= 0x80);

    let even_total = n.div_ceil(2);
    let odd_total = n / 2;
    let even_nulls = chunk.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nulls = chunk.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let ratio = |a: usize, total: usize| {
        if total == 0 {
            0.0
        } else {
            a as f64 / total as f64
        }
    };

    let mut hist = [0usize; 256];
    for &b in chunk {
        hist[b as usize] += 1;
    }
    let mut entropy = 0.0f64;
    for &c in &hist {
        if c > 0 {
            let p = c as f64 / nf;
            entropy -= p * p.log2();
        }
    }

    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    let head = |k: usize| &chunk[..chunk.len().min(k)];
    let bom32le = head(4) == b"\xff\xfe\x00\x00";
    let bom32be = head(4) == b"\x00\x00\xfe\xff";
    let bom16le = head(2) == b"\xff\xfe" && !bom32le;
    let bom16be = head(2) == b"\xfe\xff";
    let bom8 = head(3) == b"\xef\xbb\xbf";

    let (mut u16le, mut u16be, mut u32le, mut u32be) = (false, false, false, false);
    if n >= 10 {
        u16le = decodes_utf16(chunk, u16::from_le_bytes);
        u16be = decodes_utf16(chunk, u16::from_be_bytes);
    }
    if n >= 16 {
        u32le = decodes_utf32(chunk, u32::from_le_bytes);
        u32be = decodes_utf32(chunk, u32::from_be_bytes);
    }

    let mut max_run = 0usize;
    let mut run = 0usize;
    for &b in chunk {
        if (0x20..=0x7e).contains(&b) || matches!(b, 9 | 10 | 13) {
            run += 1;
            max_run = max_run.max(run);
        } else {
            run = 0;
        }
    }

    let cjk = |enc: &'static encoding_rs::Encoding| {
        n >= 10
            && enc
                .decode_without_bom_handling_and_without_replacement(chunk)
                .is_some()
    };

    [
        nulls / nf,
        controls / nf,
        printable / nf,
        high / nf,
        flag(std::str::from_utf8(chunk).is_ok()),
        ratio(even_nulls, even_total),
        ratio(odd_nulls, odd_total),
        entropy,
        flag(bom32le),
        flag(bom32be),
        flag(bom16le),
        flag(bom16be),
        flag(bom8),
        flag(u16le),
        flag(u16be),
        flag(u32le),
        flag(u32be),
        max_run as f64 / nf,
        flag(cjk(encoding_rs::GBK)),
        flag(cjk(encoding_rs::BIG5)),
        flag(cjk(encoding_rs::SHIFT_JIS)),
        flag(cjk(encoding_rs::EUC_JP)),
        flag(cjk(encoding_rs::EUC_KR)),
        flag(has_signature(chunk)),
    ]
}

/// Python's strict `utf-16-*` decode: even length, surrogates properly paired.
fn decodes_utf16(chunk: &[u8], unit: fn([u8; 2]) -> u16) -> bool {
    if !chunk.len().is_multiple_of(2) {
        return false;
    }
    let units = chunk.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units).all(|c| c.is_ok())
}

/// Python's strict `utf-32-*` decode: length a multiple of 4, every unit a scalar value.
fn decodes_utf32(chunk: &[u8], unit: fn([u8; 4]) -> u32) -> bool {
    chunk.len().is_multiple_of(4)
        && chunk
            .chunks_exact(4)
            .all(|c| char::from_u32(unit([c[0], c[1], c[2], c[3]])).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_reference_on_documented_cases() {
        // Verdicts observed with binaryornot 0.6.0 (shared reference, section 2.5).
        assert!(!is_binary_string(b"hello\x00world"));
        assert!(!is_binary_string(b"caf\xe9 latin1 text\n"));
        assert!(is_binary_string(b"\xe9 latin1 \xe9\n"));
        assert!(is_binary_string(b"\xc3\xa9 latin1 \xe9\n"));
        assert!(is_binary_string(b"PACKAGE_NAME := demo\n"));
        assert!(!is_binary_string(b""));
        assert!(is_binary("logo.PNG", b"text"));
        assert!(!is_binary(".png", b"text"));
        assert!(!is_binary("notes.ipynb", b"{\"cells\": []}\n"));
    }
}
