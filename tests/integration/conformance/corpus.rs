//! A generated template of files that real templates ship and files with odd bytes, to check
//! that jig's binary-or-text verdicts match binaryornot 0.6.0 (as Cookiecutter uses it).
//!
//! Every text-looking file carries a Jinja marker, so a wrong verdict shows up as a file one
//! tool rendered and the other copied. Content is pseudo-random but seeded: every run builds
//! the same corpus.

use std::path::Path;

const MARKER: &[u8] = b" {{ cookiecutter.name }} ";

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    fn pick<'a>(&mut self, items: &[&'a [u8]]) -> &'a [u8] {
        items[self.below(items.len())]
    }
}

const WORDS: &[&[u8]] = &[
    b"model",
    b"train",
    b"data",
    b"pipeline",
    b"feature",
    b"S3",
    b"bucket",
    b"SageMaker",
    b"def",
    b"return",
    b"import",
    b"\n",
    b"    ",
    b"#",
    b"=",
    b"(",
    b")",
    b":",
    b"\t",
    b"\r\n",
];
const UNICODE: &[&[u8]] = &[
    "Zürich".as_bytes(),
    "naïve".as_bytes(),
    "数据".as_bytes(),
    "モデル".as_bytes(),
    "데이터".as_bytes(),
    "🎉".as_bytes(),
    "Ελλάδα".as_bytes(),
    "Москва".as_bytes(),
    b" ",
    b"\n",
];
const MAGIC: &[&[u8]] = &[
    b"\x89PNG\r\n\x1a\n",
    b"GIF89a",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"\x1f\x8b\x08",
    b"PACK",
    b"\x7fELF",
    b"SQLite format 3\x00",
    b"PAR1",
    b"\x00\x00\x01\x00",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"wOFF",
    b"OTTO",
    b"\x00\x01\x00\x00\x00",
    b"\x93NUMPY",
];

fn text(rng: &mut Rng, words: &[&[u8]], len: usize) -> Vec<u8> {
    let mut out = Vec::new();
    while out.len() < len {
        out.extend_from_slice(rng.pick(words));
        out.push(b' ');
    }
    out.extend_from_slice(MARKER);
    out
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian { b"\xfe\xff" } else { b"\xff\xfe" });
    }
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// Writes the corpus as a Cookiecutter template in `dir`; returns how many files it holds.
pub(super) fn write(dir: &Path) -> usize {
    let project = dir.join("{{cookiecutter.name}}");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(dir.join("cookiecutter.json"), r#"{"name": "corpus"}"#).unwrap();
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..40 {
        let len = [1, 5, 40, 200, 511, 512, 513, 2000][i % 8];
        files.push((format!("ascii-{i}.txt"), text(&mut rng, WORDS, len)));
        files.push((format!("unicode-{i}.md"), text(&mut rng, UNICODE, len)));
        let latin: Vec<u8> = text(&mut rng, WORDS, len)
            .into_iter()
            .map(|b| {
                if b == b'e' && rng.below(3) == 0 {
                    0xe9
                } else {
                    b
                }
            })
            .collect();
        files.push((format!("latin1-{i}.cfg"), latin));
        files.push((format!("random-{i}.dat"), rng.bytes(len.max(3))));
        let mut ctrl = text(&mut rng, WORDS, len);
        let before_marker = ctrl.len() - MARKER.len();
        for _ in 0..=(i % 5) {
            let at = rng.below(before_marker);
            ctrl.insert(at, [0x1b, 0x0c, 0x07, 0x00, 0x01][rng.below(5)]);
        }
        files.push((format!("control-{i}.log"), ctrl));
        let mut magic = rng.pick(MAGIC).to_vec();
        if i % 2 == 0 {
            magic.extend(text(&mut rng, WORDS, len));
        } else {
            magic.extend(rng.bytes(len));
        }
        files.push((format!("magic-{i}.bin.txt"), magic));
        let sample = String::from_utf8_lossy(&text(&mut rng, UNICODE, len)).into_owned();
        files.push((
            format!("utf16-{i}.txt"),
            utf16(&sample, i % 2 == 1, i % 4 < 2),
        ));
        let mut high = rng.bytes(len);
        high.extend_from_slice(MARKER);
        for b in high.iter_mut().step_by(3) {
            *b |= 0x80;
        }
        files.push((format!("high-{i}.txt"), high));
    }
    // Files real templates ship, by extension and by content.
    let notebook = br#"{"cells": [{"cell_type": "code", "source": ["print('{{ cookiecutter.name }}')"]}], "nbformat": 4}"#;
    for (name, bytes) in [
        ("logo.png", b"not really a png {{ cookiecutter.name }}".to_vec()),
        ("icon.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"><text>{{ cookiecutter.name }}</text></svg>\n".to_vec()),
        ("analysis.ipynb", notebook.to_vec()),
        ("model.pkl", [b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00}\x94".as_slice(), &rng.bytes(60)].concat()),
        ("weights.npy", [b"\x93NUMPY\x01\x00v\x00".as_slice(), &rng.bytes(100)].concat()),
        ("table.parquet", [b"PAR1".as_slice(), &rng.bytes(300), b"PAR1"].concat()),
        ("font.woff2", [b"wOF2".as_slice(), &rng.bytes(200)].concat()),
        ("data.csv", b"id,name\n1,{{ cookiecutter.name }}\n".to_vec()),
        ("archive.tar.gz", [b"\x1f\x8b\x08\x00".as_slice(), &rng.bytes(100)].concat()),
        ("Makefile", b"PACKAGE_NAME := {{ cookiecutter.name }}\n".to_vec()),
        ("README.PDF", b"{{ cookiecutter.name }}".to_vec()),
        ("noext", b"plain {{ cookiecutter.name }}\n".to_vec()),
        ("bom-utf8.txt", b"\xef\xbb\xbfbom {{ cookiecutter.name }}\n".to_vec()),
        ("empty.txt", Vec::new()),
    ] {
        files.push((name.to_string(), bytes));
    }
    for (name, bytes) in &files {
        std::fs::write(project.join(name), bytes).unwrap();
    }
    files.len()
}

/// Moves the files binaryornot calls text but that are not UTF-8 (Cookiecutter crashes on
/// them; jig refuses them with a message) out of the corpus into `aside`; returns their names.
pub(super) fn set_aside_undecodable(template: &Path, python: &Path, aside: &Path) -> Vec<String> {
    let project = template.join("{{cookiecutter.name}}");
    let script = r#"
import os, sys
from binaryornot.check import is_binary
root = sys.argv[1]
for name in sorted(os.listdir(root)):
    path = os.path.join(root, name)
    if is_binary(path):
        continue
    try:
        open(path, encoding="utf-8").read()
    except UnicodeDecodeError:
        print(name)
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&project)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::create_dir_all(aside).unwrap();
    let names: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    for name in &names {
        std::fs::rename(project.join(name), aside.join(name)).unwrap();
    }
    names
}
