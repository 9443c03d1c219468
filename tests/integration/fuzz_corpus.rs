//! The fuzz targets on stable Rust: every seed in `fuzz/corpus/<target>/`, and inputs made
//! from those seeds (cut, spliced, bytes flipped), through the same `jig::fuzzing` functions
//! libFuzzer calls. A panic is a finding; the targets assert their own invariants.

use proptest::prelude::*;
use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 5] = [
    ("manifest", jig::fuzzing::manifest),
    ("cookiecutter_json", jig::fuzzing::cookiecutter_json),
    ("answers_file", jig::fuzzing::answers_file),
    ("render_path", jig::fuzzing::render_path),
    ("yaml_readers", jig::fuzzing::yaml_readers),
];

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

#[test]
fn every_seed_passes_its_target() {
    for (name, target) in TARGETS {
        let seeds = seeds(name);
        assert!(
            seeds.len() >= 2,
            "{name}: a corpus of {} seeds",
            seeds.len()
        );
        for seed in seeds {
            target(&seed);
        }
    }
}

fn cases() -> u32 {
    std::env::var("JIG_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

/// A seed changed the way a mutating fuzzer would: cut at two points, a stretch of another
/// seed spliced in, a few bytes flipped.
fn mutated(corpus: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let n = corpus.len();
    (
        0..n,
        0..n,
        any::<(u16, u16, u16)>(),
        proptest::collection::vec(any::<(u16, u8)>(), 0..4),
    )
        .prop_map(move |(a, b, (cut, from, len), flips)| {
            let (first, second) = (&corpus[a], &corpus[b]);
            let cut = usize::from(cut) % (first.len() + 1);
            let from = usize::from(from) % (second.len() + 1);
            let end = (from + usize::from(len) % 64).min(second.len());
            let mut out = first[..cut].to_vec();
            out.extend_from_slice(&second[from..end]);
            out.extend_from_slice(&first[cut..]);
            for (at, byte) in flips {
                if !out.is_empty() {
                    let i = usize::from(at) % out.len();
                    out[i] = byte;
                }
            }
            out
        })
}

proptest! {
    // 300 cases per target in CI; JIG_FUZZ_CASES=100000 for a longer local run.
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn mutated_manifests(input in mutated(seeds("manifest"))) {
        jig::fuzzing::manifest(&input);
    }

    #[test]
    fn mutated_cookiecutter_json(input in mutated(seeds("cookiecutter_json"))) {
        jig::fuzzing::cookiecutter_json(&input);
    }

    #[test]
    fn mutated_answers_files(input in mutated(seeds("answers_file"))) {
        jig::fuzzing::answers_file(&input);
    }

    #[test]
    fn mutated_yaml_for_every_reader(input in mutated(seeds("yaml_readers"))) {
        jig::fuzzing::yaml_readers(&input);
    }

    #[test]
    fn mutated_paths_and_links(input in mutated(seeds("render_path"))) {
        jig::fuzzing::render_path(&input);
    }
}
