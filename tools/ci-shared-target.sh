#!/usr/bin/env bash
# Two clones sharing one CARGO_TARGET_DIR (a CI cache, a global target
# directory) both build and test, whichever built first, even after the other
# is deleted.
#
# Cargo gives both clones' workspace crates the same artifact hashes (it
# hashes path packages by their path inside the workspace), so one build
# script binary of alipay-codegen serves both. generator/build.rs must
# therefore read CARGO_MANIFEST_DIR when it runs, not through env! when it is
# compiled: otherwise it reads the first clone's spec/ for the second, and,
# once the first is deleted, bundles an empty spec set (merchant-webhook then
# fails with "the spec directory has no sources.yaml").
#
# Usage: tools/ci-shared-target.sh [repository]   (default: this one; HEAD is cloned)
# Cost: the generator crate alone, checked twice and built once with one test
# binary: 38 s of CPU, 2 min 43 s of wall time on 2 busy cores from a target
# seeded with the dependencies (measured with `time`). With the build.rs of
# before (env!), this fails with "the spec directory has no sources.yaml".
# The shared target directory is seeded with this repository's dependency
# artifacts (never its workspace crates), so only the workspace builds.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
repo=$(cd "${1:-$root}" && pwd)
work="$root/target/shared-target"
main_target="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TARGET_DIR="$work/target"

say() { printf '\n--- %s\n' "$*"; }

rm -rf "$work/a" "$work/b"
mkdir -p "$work"
if [ -d "$main_target/debug/deps" ] && [ ! -d "$CARGO_TARGET_DIR/debug/deps" ]; then
  say "seed $CARGO_TARGET_DIR with the dependencies built in $main_target"
  python3 tools/seed_target.py Cargo.lock "$main_target/debug" "$CARGO_TARGET_DIR/debug"
fi

# `cargo check` runs the build script and checks the library: the cheapest
# build that bundles the specs.
check() {
  (cd "$1" && cargo check -q --locked -p alipay-codegen --lib)
}

say "clone A and B, then build A"
# Both clones first: B's build.rs is then older than the build script compiled
# for A, so cargo does not compile it again for B, it only runs it again.
git clone -q "$repo" "$work/a"
git clone -q "$repo" "$work/b"
check "$work/a"

say "build B in the same target directory (A's artifacts are fresh for it)"
check "$work/b"

say "delete A; edit B's specs (touch): B's build script runs again and must find B's specs"
rm -rf "$work/a"
find "$work/b/spec" -name '*.yaml' -exec touch {} +
# Bundled specs == B's spec/ (an empty set, read from A's deleted checkout, fails).
(cd "$work/b" && cargo test -q --locked -p alipay-codegen --test builder bundled_specs_are_the_spec_directory)

rm -rf "$work/b"
echo "shared target directory: both clones build and test"
