#!/usr/bin/env bash
# Fuzz smoke: every cargo-fuzz target in fuzz/fuzz_targets runs for a short time from its
# seed corpus (fuzz/corpus/<name>/); a crash, a panic or a leak fails the run. .ci/run
# calls it.
#
# Needs a nightly toolchain (this machine image carries one: `rustup toolchain list`) and
# cargo-fuzz, installed here from crates.io when missing. New inputs go to a scratch
# corpus under target/, so the checked-in seeds stay as they are.
#   FUZZ_SECONDS  seconds per target (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-30}
if ! rustup toolchain list | grep -q '^nightly'; then
    echo "no nightly toolchain: cargo-fuzz needs one (rustup toolchain install nightly)" >&2
    exit 1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

cd fuzz
for target in fuzz_targets/*.rs; do
    name=$(basename "$target" .rs)
    scratch=../target/fuzz-smoke/$name
    mkdir -p "$scratch" "corpus/$name"
    printf '\n--- %s (%ss)\n' "$name" "$seconds"
    log=../target/fuzz-smoke/$name.log
    if cargo +nightly fuzz run "$name" "$scratch" "corpus/$name" -- \
        -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
        grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log"
    else
        cat "$log"
        echo "fuzz target $name failed: the input is in fuzz/artifacts/$name/" >&2
        exit 1
    fi
done
