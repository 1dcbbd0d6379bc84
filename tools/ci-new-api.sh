#!/usr/bin/env bash
# Adding an API is data: copy the repository, add the fixture APIs of
# tests/new-api/ (a notification, notifyDispute, and a request/response pair,
# inquireVaulting; documented Alipay APIs that spec/ does not have) by following the README's "Adding an API" checklist step by step,
# and run the whole suite. No test source is edited; the script fails if one
# would have to be, if the new APIs are not covered, or if adding them changes
# a generated file other than the new ones and the indexes that list APIs.
#
# The copy builds in its own target directory, target/new-api/target: its
# workspace crates have the same cargo hashes as the original's (cargo hashes
# path packages by their path inside the workspace), so sharing one target
# directory would let each side take the other's artifacts for fresh. To keep
# the time reasonable, that directory is seeded once from this repository's
# target/debug with the artifacts of the dependencies only (hard links for
# deps/, copies of build/ and .fingerprint/); the workspace crates of the copy
# are always built from its own sources.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
fixture="$root/tests/new-api"
work="$root/target/new-api/repo"
main_target="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TARGET_DIR="$root/target/new-api/target"
# Snapshot changes must be accepted explicitly (as in CI), never by default.
export CI=true
unset INSTA_UPDATE || true

# Each step prints the elapsed time of this script when it starts.
start=$SECONDS
say() { printf '\n--- [%dm%02ds] %s\n' $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)) "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ -d "$main_target/debug/deps" ] && [ ! -d "$CARGO_TARGET_DIR/debug/deps" ]; then
  say "seed $CARGO_TARGET_DIR with the dependencies built in $main_target"
  python3 tools/seed_target.py Cargo.lock "$main_target/debug" "$CARGO_TARGET_DIR/debug"
fi

say "copy the repository (tracked and new files, without target/) to $work"
rm -rf "$work"
mkdir -p "$work"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf - | tar -xmf - -C "$work"
# The tests' scratch crates (target/rust-fixtures/target) build the same
# registry crates with the same Cargo.lock: seed the copy's scratch target
# directory with them, so that only the copy's own crates build.
if [ -d "$root/target/rust-fixtures/target/debug" ]; then
  python3 tools/seed_target.py Cargo.lock "$root/target/rust-fixtures/target/debug" "$work/target/rust-fixtures/target/debug"
fi
cd "$work"
git init -q
git add -A
git -c user.name=ci -c user.email=ci@localhost commit -qm "before the new APIs"

# ---- The README's checklist, step by step ----

say "1. the document: an entry in spec/sources.yaml"
[ -z "$(tail -c1 spec/sources.yaml)" ] || echo >> spec/sources.yaml
cat "$fixture/source.yaml" >> spec/sources.yaml

say "2. the spec: spec/apis/<name>.yaml"
# The fixture's names are read from its files, and must be new to spec/.
apis=()
for f in "$fixture"/spec/apis/*.yaml; do
  name=$(basename "$f" .yaml)
  [ ! -e "spec/apis/$name.yaml" ] || fail "the fixture API $name is already in spec/apis: rename the fixture (tests/new-api/README.md)"
  apis+=("$name")
done
[ "${#apis[@]}" -ge 2 ] || fail "the fixture has fewer than two APIs"
notifications=()
for name in "${apis[@]}"; do
  grep -q '^direction: notification' "$fixture/spec/apis/$name.yaml" && notifications+=("$name")
done
[ "${#notifications[@]}" -ge 1 ] || fail "the fixture has no notification"
[ "${#notifications[@]}" -lt "${#apis[@]}" ] || fail "the fixture has no request/response API"
echo "fixture APIs: ${apis[*]} (notifications: ${notifications[*]})"
for name in "${apis[@]}"; do
  for part in request response; do
    [ ! -e "tests/payloads/$name.$part" ] || fail "tests/payloads/$name.$part already exists"
  done
done
cp "$fixture"/spec/apis/*.yaml spec/apis/

say "3. payload cases: tests/payloads/<api>.<message>/{valid,invalid}/*.json"
cp -r "$fixture"/payloads/. tests/payloads/

say "4. lint"
cargo run -q --locked -p alipay-codegen -- lint --spec spec

say "5. generate"
cargo run -q --locked -p alipay-codegen -- generate

say "   the generated diff: new files for the new APIs, and only the indexes changed"
changed=$(git status --porcelain -- generated | awk '$1 == "M" {print $2}' | sort)
expected=$(printf '%s\n' generated/.alipay-codegen-manifest generated/docs/index.md \
  generated/openapi.yaml generated/src/catalog.rs generated/src/lib.rs \
  generated/src/notification.rs | sort)
unexpected=$(comm -23 <(echo "$changed") <(echo "$expected"))
[ -z "$unexpected" ] || fail "adding APIs changed files that do not list APIs:
$unexpected"
snake() { python3 -c 'import re,sys; print(re.sub(r"(?<!^)(?=[A-Z])", "_", sys.argv[1]).lower())' "$1"; }
for name in "${apis[@]}"; do
  for f in "generated/src/$(snake "$name").rs" "generated/schema/$name.request.schema.json" \
           "generated/schema/$name.response.schema.json" "generated/docs/$name.md"; do
    [ -f "$f" ] || fail "generate did not write $f"
    [ -n "$(git status --porcelain -- "$f")" ] || fail "$f is not new"
  done
done
echo "ok: modified only $(echo $changed)"

say "6. accept the snapshots: INSTA_UPDATE=always cargo test -p alipay-codegen --test '*_snapshots' --test spec_model"
# The same test targets as the README's command (only the generator has
# them), selected with --workspace: features resolve as for step 7's
# `cargo test --workspace`, which then reuses this build instead of building
# the generator and its test binaries a second time with other features.
INSTA_UPDATE=always cargo test -q --locked --workspace --test '*_snapshots' --test spec_model

say "   review: what the snapshot update wrote"
git status --porcelain -- '*.snap' '*.snap.new'
[ -z "$(git ls-files --others --exclude-standard -- '*.snap.new')" ] || fail "pending .snap.new files"

say "7. the whole suite, as CI runs it: cargo test --workspace"
# Every test but random_specs' one: its spec trees come from seeds and
# tests/random-specs/, never from spec/, tests/payloads or generated/, and the
# copy's generator sources are the original's (checked below: no source
# outside generated/ changes), so it cannot see the new APIs; the original's
# suite has run it.
cargo test -q --workspace --locked -- --skip whatever_lint_accepts_compiles_and_whatever_it_refuses_is_located
say "   the schemars feature, check --full, clippy of alipay-models"
cargo test -q --locked -p alipay-models --features schemars --test schemars_feature
cargo run -q --locked -p alipay-codegen -- check --full --spec spec --out generated
cargo clippy -q --locked -p alipay-models --all-targets -- -D warnings

say "   no test source was edited, and the new APIs are covered"
edited=$(git status --porcelain --untracked-files=all | awk '{print $2}' \
  | grep -E '\.(rs|py|sh|mjs)$' | grep -v '^generated/src/' | grep -v '^generated/examples/' || true)
[ -z "$edited" ] || fail "sources other than generated code changed: $edited"
listed=$(cargo run -q --locked -p alipay-models --example validate -- --list | awk '{print $1 "." $2}')
for name in "${apis[@]}"; do
  for part in request response; do
    grep -qx "$name.$part" <<<"$listed" || fail "the catalog does not list $name.$part"
  done
  git status --porcelain --untracked-files=all -- generator/tests/snapshots | grep -q "api_$name" \
    || fail "no model snapshot was written for $name"
done
for name in "${notifications[@]}"; do
  grep -q "\"$name\")" generated/src/notification.rs \
    || fail "the Notification dispatcher does not route to $name"
done

say "done"
echo "ok: two new APIs added as data; every test passes with no test source edited"
