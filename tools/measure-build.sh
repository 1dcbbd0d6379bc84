#!/usr/bin/env bash
# Figures for the README: the clean build time and dependency count of the same
# small crate two ways, (a) generating from its build.rs with alipay-codegen
# (no `cli` feature) and (b) depending on the checked-in alipay-models crate.
# (What the build script adds to a rebuild is printed by ci-downstream.sh.)
# Registry warm (run `cargo fetch` first), target directories cold.
# Usage: bash tools/measure-build.sh   (takes a few minutes; not part of CI)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. tools/scratch-crate.sh
base="$root/target/measure-build"
rm -rf "$base" && mkdir -p "$base"
scratch_crate "$base/with-build-rs" with-build-rs "" "alipay-codegen = { path = \"$root/generator\", default-features = false }" \
  'include!(concat!(env!("OUT_DIR"), "/alipay_models.rs"));'
cat > "$base/with-build-rs/build.rs" <<'RS'
fn main() {
    alipay_codegen::Builder::new()
        .compile()
        .unwrap_or_else(|e| e.exit());
}
RS
scratch_crate "$base/with-checked-in" with-checked-in "alipay-models = { path = \"$root/generated\", default-features = false }" "" 'use alipay_models::notification;'

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
for c in with-build-rs with-checked-in; do
  cp "$root/Cargo.lock" "$base/$c/Cargo.lock"
  (cd "$base/$c" && cargo fetch -q)
  t0=$(now); (cd "$base/$c" && cargo build -q --offline); t1=$(now)
  # Distinct crates in the graph, without the crate itself.
  deps=$(cd "$base/$c" && cargo tree --offline -e normal,build --prefix none --no-dedupe | sed 's/ (\*)$//' | sort -u | wc -l)
  deps=$((deps - 1))
  out=$(cd "$base/$c" && cargo run -q --offline)
  test "$out" = "$SCRATCH_ACK"
  echo "$c: clean debug build $(secs "$t1" "$t0") s, depends on $deps crates (cargo tree -e normal,build)"
done
