#!/usr/bin/env bash
# Figures for the README: the clean build time and dependency count of the same
# small crate two ways, (a) generating from its build.rs with alipay-codegen
# (no default features) and (b) depending on the checked-in alipay-models crate.
# (What the build script adds to a rebuild is printed by ci-downstream.sh.)
# Registry warm (run `cargo fetch` first), target directories cold.
#
# Usage: bash tools/measure-build.sh [--against REV] [--rounds N]
#   (takes a few minutes a round; not part of CI)
#
# With --against REV the same crates are also built from a checkout of REV
# (a git worktree under target/), and, as (c), the crate of (a) from this tree
# restricted to the APIs REV had (`Builder::apis`), so that a comparison holds
# the API count equal. The builds alternate, round by round, so that a noisy
# machine slows both sides alike; each line gives wall-clock time and CPU time
# (user+system, from /usr/bin/time), and the medians come last.
#
# Then the compile cost of the generated code itself: each build.rs crate,
# built, is rebuilt 4 times a round with only its own source touched
# (CARGO_INCREMENTAL=0, alternating sides), so that rustc compiles just the
# included generated file, with the runtime and every dependency built; the
# median divided by the crate's API count is the per-API compile cost.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
against="" rounds=1
while [ $# -gt 0 ]; do
  case "$1" in
    --against) against="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "usage: bash tools/measure-build.sh [--against REV] [--rounds N]" >&2; exit 2 ;;
  esac
done
base="$root/target/measure-build"
rm -rf "$base" && mkdir -p "$base"

# crates SRC DIR [APIS]: the two crates of the tree SRC under DIR; APIS (a
# Rust list of strings) restricts the build.rs crate to those APIs.
crates() {
  local src="$1" dir="$2" apis="${3:-}"
  (
    root="$src"
    . "$root/tools/scratch-crate.sh"
    # A tree from before the runtime crate has no runtime to depend on.
    [ -d "$src/runtime" ] || SCRATCH_NO_RUNTIME=1
    scratch_crate "$dir/with-build-rs" with-build-rs "" \
      "alipay-codegen = { path = \"$src/generator\", default-features = false }" \
      'include!(concat!(env!("OUT_DIR"), "/alipay_models.rs"));'
    printf 'fn main() {\n    alipay_codegen::Builder::new()%s\n        .compile()\n        .unwrap_or_else(|e| e.exit());\n}\n' \
      "${apis:+
        .apis([$apis])}" > "$dir/with-build-rs/build.rs"
    [ -n "$apis" ] || scratch_crate "$dir/with-checked-in" with-checked-in \
      "alipay-models = { path = \"$src/generated\", default-features = false }" "" 'use alipay_models::notification;'
    for c in "$dir"/*/; do
      cp "$src/Cargo.lock" "$c/Cargo.lock"
      (cd "$c" && cargo fetch -q)
    done
  )
}

# The crate as this tree's scratch-crate.sh writes it, for every tree, so that
# both sides build the same program.
. tools/scratch-crate.sh
crates "$root" "$base/now"
sides=(now)
declare -A napis
napis[now]=$(ls spec/apis/*.yaml | wc -l)
if [ -n "$against" ]; then
  rev=$(git rev-parse --short "$against")
  git worktree remove --force "$base/src-$rev" 2>/dev/null || true
  git worktree add -q --detach "$base/src-$rev" "$rev"
  trap 'git worktree remove --force "$base/src-$rev" 2>/dev/null || true' EXIT
  # Its own scratch-crate.sh is not used: the program is this tree's.
  cp tools/scratch-crate.sh "$base/src-$rev/tools/scratch-crate.sh"
  crates "$base/src-$rev" "$base/$rev"
  apis=$(git ls-tree --name-only "$rev" spec/apis/ | sed -n 's|^spec/apis/\(.*\)\.yaml$|"\1"|p' | paste -sd, | sed 's/,/, /g')
  crates "$root" "$base/now-same-apis" "$apis"
  sides=("$rev" now now-same-apis)
  napis[$rev]=$(git ls-tree --name-only "$rev" spec/apis/ | grep -c '\.yaml$')
  napis[now-same-apis]=${napis[$rev]}
  echo "against $rev ($(git log -1 --format=%ad --date=short "$rev")), whose APIs are: $apis"
fi

times="$base/times"
: > "$times"
for r in $(seq "$rounds"); do
  for s in "${sides[@]}"; do
    for c in "$base/$s"/*/; do
      c=${c%/}
      name="$s/$(basename "$c")"
      rm -rf "$c/target"
      (cd "$c" && /usr/bin/time -f "$name %e %U %S" -a -o "$times" cargo build -q --offline)
      out=$(cd "$c" && cargo run -q --offline)
      test "$out" = "$SCRATCH_ACK"
      # Distinct crates in the graph, without the crate itself.
      deps=$(cd "$c" && cargo tree --offline -e normal,build --prefix none --no-dedupe | sed 's/ (\*)$//' | sort -u | wc -l)
      tail -1 "$times" | awk -v r="$r" -v d="$((deps - 1))" \
        '{ printf "round %s %s: clean debug build %.1f s wall, %.1f s CPU, depends on %s crates\n", r, $1, $2, $3 + $4, d }'
    done
  done
done
# The generated code alone: rebuilds with only the crate's own source touched.
own="$base/own"
: > "$own"
# One untimed rebuild each first: the first with CARGO_INCREMENTAL=0 after
# the clean build redoes more than the crate (about 13 s here).
for s in "${sides[@]}"; do
  touch "$base/$s/with-build-rs/src/main.rs"
  (cd "$base/$s/with-build-rs" && CARGO_INCREMENTAL=0 cargo build -q --offline)
done
for r in $(seq $((rounds * 4))); do
  for s in "${sides[@]}"; do
    c="$base/$s/with-build-rs"
    touch "$c/src/main.rs"
    (cd "$c" && CARGO_INCREMENTAL=0 /usr/bin/time -f "$s %e" -a -o "$own" cargo build -q --offline)
  done
done

echo "medians over $rounds round(s):"
awk '{ w[$1] = w[$1] " " $2; c[$1] = c[$1] " " ($3 + $4) }
  function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END { for (k in w) printf "  %s: %.1f s wall, %.1f s CPU\n", k, median(w[k]), median(c[k]) }' "$times" | sort
echo "the generated code alone (medians of $((rounds * 4)) rebuilds with the crate's own source touched;"
echo "per API is the median over the API count, rustc's start, main.rs and the link included: compare sides of equal API counts):"
for s in "${sides[@]}"; do
  c="$base/$s/with-build-rs"
  file=$(ls "$c"/target/debug/build/with-build-rs-*/out/alipay_models.rs | head -1)
  lines=$(wc -l < "$file")
  awk -v s="$s" '$1 == s { print $2 }' "$own" | sort -n | awk -v s="$s" -v l="$lines" -v n="${napis[$s]}" '
    { a[NR] = $1 } END {
      m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
      printf "  %s: %.2f s for %s APIs (%s lines of generated code), %.2f s per API\n", s, m, n, l, m / n
    }'
done
