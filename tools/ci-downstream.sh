#!/usr/bin/env bash
# A crate outside this workspace generates from its build.rs with alipay-codegen
# (as a path dependency, and from the packaged .crate), and cargo reruns its
# build script only when a spec changes. The generated code depends on the
# runtime crate alipay-runtime: the path run uses runtime/ and includes the
# output at the crate root (edition 2024); the packaged run uses the packaged
# runtime and includes the output in a module (edition 2021), as prost's is.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. tools/scratch-crate.sh
scratch="$root/target/downstream"
# readme_block MARKER: the first code block after the README line holding MARKER.
readme_block() {
  python3 - "$root/README.md" "$1" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index(sys.argv[2])
body = text.index("\n", text.index("```", start)) + 1
sys.stdout.write(text[body:text.index("```", body)])
PY
}
rm -rf "$scratch"
mkdir -p "$scratch/src"
cp -r spec "$scratch/spec"
rm -f "$scratch/spec/"*.json

write_crate() { # $1: dependency line for alipay-codegen; $2: prelude (default: include at the root)
scratch_crate "$scratch" downstream "" "$1" "${2:-include!(concat!(env!(\"OUT_DIR\"), \"/alipay_models.rs\"));}"
cat > "$scratch/build.rs" <<'RS'
fn main() {
    alipay_codegen::Builder::new()
        .spec_dir("spec")
        .compile()
        .unwrap_or_else(|e| e.exit());
}
RS
cp "$root/Cargo.lock" "$scratch/Cargo.lock"
}

build_log() { (cd "$scratch" && cargo build -vv 2>&1); }

echo "--- path dependency"
write_crate "alipay-codegen = { path = \"$root/generator\", default-features = false }"
build_log > "$scratch/build1.log"
out=$(cd "$scratch" && cargo run -q)
test "$out" = "$SCRATCH_ACK" || { echo "unexpected output: $out"; exit 1; }
build_log > "$scratch/build2.log"
if grep -E "Running .*downstream-[0-9a-f]+/build-script-build" "$scratch/build2.log"; then
  echo "FAIL: the build script ran again although nothing changed"; exit 1
fi
echo "ok: no-op rebuild does not run the build script"
echo "# edited" >> "$scratch/spec/apis/notifyCapture.yaml"
build_log > "$scratch/build3.log"
grep -qE "Running .*downstream-[0-9a-f]+/build-script-build" "$scratch/build3.log" || { echo "FAIL: an edited spec did not rerun the build script"; exit 1; }
echo "ok: an edited spec reruns the build script"
# What the build script costs when a spec changes: a rebuild after a spec edit
# against a rebuild after a source edit (which does not run the build script),
# median of three each. Printed, not asserted: timing is not a test here.
now() { date +%s.%N; }
timed_build() { local t0; t0=$(now); (cd "$scratch" && cargo build -q 2>/dev/null) || { echo "FAIL: a timed rebuild failed" >&2; exit 1; }; awk -v a="$(now)" -v b="$t0" 'BEGIN { print a - b }'; }
src_times=(); spec_times=()
for i in 1 2 3; do
  echo "// $i" >> "$scratch/src/main.rs"; t=$(timed_build) || exit 1; src_times+=("$t")
  echo "# edit $i" >> "$scratch/spec/apis/notifyCapture.yaml"; t=$(timed_build) || exit 1; spec_times+=("$t")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
printf 'figure: rebuild after a source edit %.2f s, after a spec edit %.2f s: the build script adds %.2f s (median of 3)\n' \
  "$(median "${src_times[@]}")" "$(median "${spec_times[@]}")" \
  "$(awk -v a="$(median "${spec_times[@]}")" -v b="$(median "${src_times[@]}")" 'BEGIN { print a - b }')"
echo "# bad" > "$scratch/spec/apis/broken.yaml"
if (cd "$scratch" && cargo build 2> "$scratch/build4.err"); then echo "FAIL: a bad spec built"; exit 1; fi
grep -q "spec/apis/broken.yaml" "$scratch/build4.err" || { echo "FAIL: no located diagnostic"; cat "$scratch/build4.err"; exit 1; }
echo "ok: a bad spec fails the build with a located diagnostic"
rm "$scratch/spec/apis/broken.yaml"

echo "--- packaged crates"
# The generator and the runtime its output depends on (with the runtime's
# derive macros), packaged together (the dependencies between them become
# registry ones, patched below to the packaged crates, as a private registry
# would serve them).
cargo package -q --locked -p alipay-runtime-derive -p alipay-runtime -p alipay-codegen --allow-dirty --no-verify
rm -rf "$scratch/pkg" && mkdir -p "$scratch/pkg"
for c in alipay-codegen alipay-runtime alipay-runtime-derive; do
  crate=$(ls target/package/$c-[0-9]*.crate | tail -1)
  tar xzf "$crate" -C "$scratch/pkg"
done
pkgdir=$(ls -d "$scratch"/pkg/alipay-codegen-*)
runtime_pkg=$(ls -d "$scratch"/pkg/alipay-runtime-[0-9]*)
derive_pkg=$(ls -d "$scratch"/pkg/alipay-runtime-derive-[0-9]*)
test -f "$pkgdir/spec/apis/notifyCapture.yaml" || { echo "FAIL: the package lacks the bundled specs"; exit 1; }
test -f "$pkgdir/templates/lib_docs.md" || { echo "FAIL: the package lacks the templates"; exit 1; }
test -f "$runtime_pkg/src/rules.rs" || { echo "FAIL: the runtime package lacks its sources"; exit 1; }
grep -q 'edition = "2021"' "$runtime_pkg/Cargo.toml" || { echo "FAIL: the packaged runtime is not edition 2021"; exit 1; }
# The README's own build.rs and module blocks ("Generating from your own
# build.rs"), as written there: the bundled specs, included in a module.
SCRATCH_RUNTIME="$runtime_pkg" SCRATCH_EDITION=2021 write_crate \
  "alipay-codegen = { path = \"$pkgdir\", default-features = false }" \
  "#![allow(dead_code, unused_imports)] // a binary uses a part of the models
$(readme_block 'and in any module of the crate')
use alipay::notification;"
readme_block 'then in `build.rs`' > "$scratch/build.rs"
cat >> "$scratch/Cargo.toml" <<TOML

[patch.crates-io]
alipay-runtime = { path = "$runtime_pkg" }
alipay-runtime-derive = { path = "$derive_pkg" }
TOML
out=$(cd "$scratch" && cargo run -q)
test "$out" = "$SCRATCH_ACK" || { echo "unexpected output: $out"; exit 1; }
echo "ok: the packaged crates generate from the README's build.rs, included in a module (the README's block) of an edition-2021 crate"
