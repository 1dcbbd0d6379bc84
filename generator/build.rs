//! Embeds the bundled specs (`spec/`, shipped inside the package) so that a
//! build script can generate from them without a spec directory of its own,
//! and fingerprints the generator's own sources and templates
//! (`ALIPAY_CODEGEN_SOURCE_HASH`), so that `check` and `generate` can tell
//! that an output tree was made by this very generator from these very specs
//! without generating it again.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time, never with `env!`: cargo gives two checkouts of this
    // package the same artifact hash, so one build-script binary may run for
    // either of them (a shared CARGO_TARGET_DIR, a CI cache); `env!` would
    // freeze the checkout it was compiled in, and read its specs (or nothing,
    // once it is deleted) for the other.
    let root = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    let spec = root.join("spec");
    let mut entries = Vec::new();
    for sub in ["", "codes", "types", "apis"] {
        let dir = spec.join(sub);
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<String> = read
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".yaml"))
            .collect();
        names.sort();
        for n in names {
            let rel = if sub.is_empty() {
                n
            } else {
                format!("{sub}/{n}")
            };
            entries.push(rel);
        }
    }
    println!("cargo::rerun-if-changed=spec");
    let mut out = String::from(
        "/// The specs bundled with this package: (path relative to the spec directory, bytes).\npub static BUNDLED_SPECS: &[(&str, &[u8])] = &[\n",
    );
    for rel in &entries {
        println!("cargo::rerun-if-changed=spec/{rel}");
        let _ = writeln!(
            out,
            "    ({rel:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/spec/{rel}\"))),"
        );
    }
    out.push_str("];\n");

    // FNV-1a over (relative path, bytes) of every source and template file, in
    // path order. A cache key, not a security measure: a mismatch only means
    // that `check` generates and compares in full.
    let mut sources = Vec::new();
    for dir in ["src", "templates"] {
        println!("cargo::rerun-if-changed={dir}");
        collect(&root.join(dir), root, &mut sources);
    }
    sources.sort();
    // The output also depends on the versions of syn, prettyplease, tera,
    // serde_json and serde-saphyr: in this repository they are pinned by the
    // workspace's Cargo.lock, which is hashed too. (A packaged copy has no
    // lock beside it; its dependencies change only with a new release.)
    if root.join("../Cargo.lock").is_file() {
        println!("cargo::rerun-if-changed=../Cargo.lock");
        sources.push("../Cargo.lock".to_owned());
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for rel in &sources {
        // Unreadable entries (an editor's dangling lock link) are skipped:
        // this is a cache key, and `check --full` never relies on it.
        let Ok(bytes) = std::fs::read(root.join(rel)) else {
            continue;
        };
        for b in rel
            .as_bytes()
            .iter()
            .chain([0u8].iter())
            .chain(bytes.iter())
        {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    println!("cargo::rustc-env=ALIPAY_CODEGEN_SOURCE_HASH={hash:016x}");
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled_specs.rs");
    if std::fs::read_to_string(&dest).ok().as_deref() != Some(out.as_str()) {
        std::fs::write(&dest, out).expect("OUT_DIR is writable");
    }
}

/// Every file under `dir`, as paths relative to `root` with `/` separators.
fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for e in read.filter_map(|e| e.ok()) {
        let p = e.path();
        if p.is_dir() {
            collect(&p, root, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
}
