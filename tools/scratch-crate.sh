# Sourced by ci-downstream.sh and measure-build.sh: a small crate outside this
# workspace that parses a notification and prints its acknowledgement.

# scratch_crate DIR NAME DEPENDENCY-LINES BUILD-DEPENDENCY-LINES PRELUDE
# PRELUDE makes `notification` visible (an include! or a use).
# The crate depends on the runtime of the generated code, alipay-runtime, at
# $SCRATCH_RUNTIME (default: runtime/ of this workspace; a packaged copy for
# ci-downstream's packaged run; none when SCRATCH_NO_RUNTIME=1, for a tree from
# before the runtime crate), and is of edition $SCRATCH_EDITION (default 2024).
scratch_crate() {
  local runtime_dir="${SCRATCH_RUNTIME:-$root/runtime}"
  local edition="${SCRATCH_EDITION:-2024}"
  local runtime_line="alipay-runtime = { path = \"$runtime_dir\" }"
  [ "${SCRATCH_NO_RUNTIME:-}" != 1 ] || runtime_line=""
  mkdir -p "$1/src"
  cat > "$1/Cargo.toml" <<TOML
[package]
name = "$2"
version = "0.1.0"
edition = "$edition"
publish = false

[workspace]

[dependencies]
$runtime_line
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["float_roundtrip"] }
chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }
$3

[build-dependencies]
$4
TOML
  cat > "$1/src/main.rs" <<RS
$5
fn main() {
    let body = br#"{"notifyType":"CAPTURE_RESULT","captureRequestId":"r1","paymentId":"p1","captureId":"c1","captureAmount":{"currency":"USD","value":"100"},"result":{"resultCode":"SUCCESS","resultStatus":"S"}}"#;
    let n = notification::Notification::from_json(body).expect("valid notification");
    let ack = n.ack().expect("known notification").to_json().expect("the fixed acknowledgement is valid");
    print!("{}", String::from_utf8(ack).unwrap());
}
RS
}

# What the crate prints.
SCRATCH_ACK='{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}'
