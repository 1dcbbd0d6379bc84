#!/usr/bin/env bash
# Fuzz smoke run, called by .ci/run: every target found in fuzz/fuzz_targets/
# (the list is derived from the folder; a new target needs no edit here) runs
# for FUZZ_SECONDS seconds each (default 25), starting from its corpus in
# fuzz/corpus/<target>/ (read only: new inputs go to a scratch folder).
#
# With a nightly toolchain (the CI machine image has one): coverage-guided
# fuzzing with cargo-fuzz, pinned to CARGO_FUZZ_VERSION and installed into
# CARGO_FUZZ_ROOT when missing. Without nightly: the same targets built with
# stable, without coverage instrumentation, replay every corpus input once
# (every seed and every regression input still runs; nothing new is searched),
# and the script says so (FUZZ_FORCE_STABLE=1 takes that path with nightly present).
#
# A crash fails the run and leaves the input in fuzz/artifacts/<target>/;
# reproduce with `cargo +nightly fuzz run <target> <file>`. Longer runs:
#   FUZZ_SECONDS=3600 bash tools/ci-fuzz.sh              # every target
#   cargo +nightly fuzz run -s none from_json -- -max_total_time=3600
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${FUZZ_SECONDS:-25}
version=${CARGO_FUZZ_VERSION:-0.13.1}
root=${CARGO_FUZZ_ROOT:-${HOME:-/root}/.cache/alipay-codegen/cargo-fuzz-$version}
# ASan finds little in a crate without unsafe code and doubles the build;
# FUZZ_SANITIZER=address turns it on.
sanitizer=${FUZZ_SANITIZER:-none}

targets=()
for f in fuzz/fuzz_targets/*.rs; do
  targets+=("$(basename "$f" .rs)")
done
if [ ${#targets[@]} -eq 0 ]; then
  echo "error: no fuzz targets in fuzz/fuzz_targets" >&2
  exit 1
fi
for t in "${targets[@]}"; do
  if [ ! -d "fuzz/corpus/$t" ] || [ -z "$(ls -A "fuzz/corpus/$t")" ]; then
    echo "error: fuzz/corpus/$t is missing or empty: every target keeps a seed corpus" >&2
    exit 1
  fi
done

if [ -z "${FUZZ_FORCE_STABLE:-}" ] && rustup toolchain list 2>/dev/null | grep -q "^nightly"; then
  if ! "$root/bin/cargo-fuzz" --version 2>/dev/null | grep -q " $version\$"; then
    echo "installing cargo-fuzz $version into $root"
    cargo install cargo-fuzz --locked --version "$version" --root "$root"
  fi
  echo "fuzzing ${#targets[@]} target(s) for ${secs}s each (cargo-fuzz $version, sanitizer $sanitizer): ${targets[*]}"
  export PATH="$root/bin:$PATH"
  # The build is most of this step: fuzz/Cargo.toml's release profile is
  # opt-level 1. cargo-fuzz builds one codegen unit per crate; 16
  # (FUZZ_CODEGEN_UNITS=16) measured more CPU time in all (6 min 41 s against
  # about 4 min 15 s), which a machine whose cores are busy pays in full. The
  # runs below pass the same flags, or cargo would build again.
  cgu=()
  [ -z "${FUZZ_CODEGEN_UNITS:-}" ] || cgu=(--codegen-units "$FUZZ_CODEGEN_UNITS")
  cargo +nightly fuzz build -s "$sanitizer" -a "${cgu[@]}"
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  # libFuzzer runs one process per target: run FUZZ_JOBS targets at a time
  # (default: one per core), each for the full FUZZ_SECONDS.
  jobs=${FUZZ_JOBS:-$(nproc)}
  run_target() {
    cargo +nightly fuzz run -s "$sanitizer" -a "${cgu[@]}" "$1" "$scratch/$1" "fuzz/corpus/$1" -- \
      -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 2>"$scratch/$1.log"
  }
  failed=()
  for ((i = 0; i < ${#targets[@]}; i += jobs)); do
    batch=("${targets[@]:i:jobs}")
    pids=()
    for t in "${batch[@]}"; do
      mkdir -p "$scratch/$t"
      run_target "$t" & pids+=($!)
    done
    for k in "${!batch[@]}"; do
      t=${batch[$k]}
      echo "--- $t"
      if ! wait "${pids[$k]}"; then
        tail -n 60 "$scratch/$t.log" >&2
        echo "error: fuzz target $t failed; the input is in fuzz/artifacts/$t/" >&2
        failed+=("$t")
      fi
      grep -E '^(stat::number_of_executed_units|stat::new_units_added|INFO: seed corpus|#[0-9]+ +DONE)' "$scratch/$t.log" || true
    done
  done
  [ ${#failed[@]} -eq 0 ] || { echo "error: fuzz targets failed: ${failed[*]}" >&2; exit 1; }
else
  echo "NOTE: no nightly toolchain: replaying each target's corpus once with a stable build;"
  echo "      this is NOT coverage-guided fuzzing (install nightly to fuzz)."
  cargo build --manifest-path fuzz/Cargo.toml --release --locked --bins
  for t in "${targets[@]}"; do
    n=$(find "fuzz/corpus/$t" -type f | wc -l)
    echo "--- $t: $n corpus inputs"
    find "fuzz/corpus/$t" -type f -print0 | xargs -0 "fuzz/target/release/$t" -timeout=20 >/dev/null 2>"${TMPDIR:-/tmp}/alipay-fuzz-$t.log" || {
      tail -n 60 "${TMPDIR:-/tmp}/alipay-fuzz-$t.log" >&2
      echo "error: fuzz target $t failed on a corpus input" >&2
      exit 1
    }
    echo "    executed $(grep -c '^Executed' "${TMPDIR:-/tmp}/alipay-fuzz-$t.log") of $n inputs, no failure"
  done
fi
echo "fuzz smoke passed: ${targets[*]}"
