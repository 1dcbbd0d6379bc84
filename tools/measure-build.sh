#!/usr/bin/env bash
# Figures for the README: the clean build time and dependency count of the same
# small crate two ways, (a) generating from its build.rs with alipay-codegen
# (no `cli` feature) and (b) depending on the checked-in alipay-models crate,
# and what the build script adds to a rebuild when a spec changes.
# Registry warm (run `cargo fetch` first), target directories cold.
# Usage: bash tools/measure-build.sh   (takes a few minutes; not part of CI)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
base="$root/target/measure-build"
rm -rf "$base" && mkdir -p "$base"
main='fn main() {
    let body = br#"{"notifyType":"CAPTURE_RESULT","captureRequestId":"r1","paymentId":"p1","captureId":"c1","captureAmount":{"currency":"USD","value":"100"},"result":{"resultCode":"SUCCESS","resultStatus":"S"}}"#;
    let n = notification::Notification::from_json(body).expect("valid notification");
    print!("{}", String::from_utf8(n.ack().expect("known notification").to_json()).unwrap());
}'
make_crate() { # $1 name, $2 [dependencies] extra, $3 [build-dependencies], $4 prelude
  mkdir -p "$base/$1/src"
  cat > "$base/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.1.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["float_roundtrip"] }
chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }
$2

[build-dependencies]
$3
TOML
  printf '%s\n%s\n' "$4" "$main" > "$base/$1/src/main.rs"
  cp "$root/Cargo.lock" "$base/$1/Cargo.lock"
}
make_crate with-build-rs "" "alipay-codegen = { path = \"$root/generator\", default-features = false }" \
  'include!(concat!(env!("OUT_DIR"), "/alipay_models.rs"));'
cat > "$base/with-build-rs/build.rs" <<'RS'
fn main() {
    alipay_codegen::Builder::new()
        .compile()
        .unwrap_or_else(|e| e.exit());
}
RS
make_crate with-checked-in "alipay-models = { path = \"$root/generated\" }" "" 'use alipay_models::notification;'

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
for c in with-build-rs with-checked-in; do
  (cd "$base/$c" && cargo fetch -q)
  t0=$(now); (cd "$base/$c" && cargo build -q --offline); t1=$(now)
  deps=$(cd "$base/$c" && cargo tree --offline -e normal,build --prefix none | sort -u | wc -l)
  out=$(cd "$base/$c" && cargo run -q --offline)
  test "$out" = '{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}'
  echo "$c: clean debug build $(secs "$t1" "$t0") s, $deps crates in its graph (cargo tree -e normal,build)"
done
