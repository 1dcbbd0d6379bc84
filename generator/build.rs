//! Embeds the bundled specs (`spec/`, shipped inside the package) so that a
//! build script can generate from them without a spec directory of its own.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
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
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled_specs.rs");
    if std::fs::read_to_string(&dest).ok().as_deref() != Some(out.as_str()) {
        std::fs::write(&dest, out).expect("OUT_DIR is writable");
    }
}
