//! The loader never panics, whatever the bytes, and the spec format's JSON
//! Schema agrees with the loader on the real specs.

use std::path::{Path, PathBuf};

use alipay_codegen::spec::{SpecFiles, check::check};
use proptest::prelude::*;

fn files(path: &str, bytes: Vec<u8>) -> SpecFiles {
    SpecFiles {
        files: vec![(PathBuf::from(path), bytes)],
        unread: Vec::new(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        for path in ["sources.yaml", "apis/x.yaml", "types/X.yaml", "codes/c.yaml"] {
            let r = check(&files(path, bytes.clone()));
            prop_assert!(r.is_err());
        }
    }

    #[test]
    fn yaml_shaped_text_never_panics(text in "([a-z_]{1,12}: ?(\\[|\\{|-|\"|'|&a|\\*a|[a-zA-Z0-9 ]{0,8})\n {0,4}){0,30}") {
        for path in ["sources.yaml", "apis/x.yaml", "types/X.yaml", "codes/c.yaml"] {
            let _ = check(&files(path, text.clone().into_bytes()));
        }
    }
}

/// How many truncations and how many dropped lines to try in each real spec
/// file. The work grows with files × mutations × the size of the whole tree
/// (a full check of the tree, about 0.1 s in the test profile, per mutation),
/// so a fixed stride would grow quadratically as APIs are added. The default,
/// 2 and 2 per file, keeps the test at a few seconds; the fuzz targets
/// `spec_loader` and `spec_emit` search the same space coverage-guided in CI.
/// Set `LOADER_ROBUSTNESS_MUTATIONS` (for example 200) for a longer sweep.
fn mutations_per_file() -> usize {
    match std::env::var("LOADER_ROBUSTNESS_MUTATIONS") {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("LOADER_ROBUSTNESS_MUTATIONS={v:?} is not a count")),
        Err(_) => 2,
    }
}

/// `n` positions spread over `0..len`, each shifted by a per-file offset so
/// that files of equal length are not cut at the same places.
fn spread(len: usize, n: usize, salt: usize) -> Vec<usize> {
    if len == 0 {
        return vec![0];
    }
    let n = n.clamp(1, len);
    (0..n)
        .map(|k| (k * len / n + salt.wrapping_mul(2_654_435_761) % (len / n).max(1)) % len)
        .collect()
}

/// Mutating the real spec files (truncating, dropping lines) yields
/// diagnostics or a model, never a panic. Each mutation checks the whole tree
/// (the cut file's references reach into the others), so the files are
/// shared out over the machine's cores.
#[test]
fn truncated_and_mangled_real_specs_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let real = SpecFiles::read_dir(&dir).expect("spec/ is readable");
    let n = mutations_per_file();
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let tried: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|k| {
                let real = &real;
                scope.spawn(move || {
                    let mut tried = 0;
                    for (i, (_, bytes)) in real.files.iter().enumerate() {
                        if i % threads != k {
                            continue;
                        }
                        for cut in spread(bytes.len(), n, i) {
                            let mut f = real.clone();
                            f.files[i].1 = bytes[..cut].to_vec();
                            let _ = check(&f);
                            tried += 1;
                        }
                        let text = String::from_utf8_lossy(bytes);
                        let lines: Vec<&str> = text.lines().collect();
                        for skip in spread(lines.len(), n, i + 1) {
                            let mut f = real.clone();
                            let mangled: Vec<&str> = lines
                                .iter()
                                .enumerate()
                                .filter(|(j, _)| *j != skip)
                                .map(|(_, l)| *l)
                                .collect();
                            f.files[i].1 = mangled.join("\n").into_bytes();
                            let _ = check(&f);
                            tried += 1;
                        }
                    }
                    tried
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .expect("a mutation panicked (its message is above)")
            })
            .sum()
    });
    assert!(tried >= real.files.len() * 2, "{tried} mutations tried");
}

/// The schema editors use accepts every real spec file and rejects a typo the
/// loader rejects.
#[test]
fn spec_schema_accepts_the_real_specs() {
    let schema: serde_json::Value =
        serde_json::from_str(&alipay_codegen::spec_schema::draft_2020_12()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let real = SpecFiles::read_dir(&dir).unwrap();
    assert!(real.files.len() >= 6);
    for (path, bytes) in &real.files {
        let value: serde_json::Value =
            serde_saphyr::from_slice(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
    let typo = serde_json::json!({
        "name": "Amount", "description": "d", "sources": ["S0"],
        "fields": [{"name": "value", "type": "string", "description": "d", "sources": ["S0"], "max_lenght": 3}]
    });
    assert!(!validator.is_valid(&typo));
}
