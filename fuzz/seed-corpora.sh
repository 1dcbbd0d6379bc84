#!/usr/bin/env bash
# Writes the seed inputs of the fuzz corpora from the repository's own data:
# every payload of tests/payloads (from_json: `<api>.<message>\n<json>`;
# notification: the bodies of requests that carry a notifyType) and every
# spec file and bad-spec file (spec_loader: `<path>\n<yaml>`). Seeds are named seed-*; inputs
# that fuzzing found worth keeping (new coverage, regressions) sit beside them
# under other names and are not touched. Run again when the corpus grows.
set -euo pipefail
cd "$(dirname "$0")/.."
c=fuzz/corpus
mkdir -p "$c/from_json" "$c/notification" "$c/spec_loader" "$c/spec_emit"
rm -f "$c"/from_json/seed-* "$c"/notification/seed-* "$c"/spec_loader/seed-* "$c"/spec_emit/seed-*
for dir in tests/payloads/*.*/; do
  msg=$(basename "$dir")
  for f in "$dir"valid/*.json "$dir"invalid/*.json; do
    [ -e "$f" ] || continue
    kind=$(basename "$(dirname "$f")")
    name=seed-$msg-$kind-$(basename "$f" .json)
    { printf '%s\n' "$msg"; cat "$f"; } > "$c/from_json/$name"
    if grep -q '"notifyType"' "$f"; then cp "$f" "$c/notification/$name"; fi
  done
done
(cd spec && find . -name '*.yaml' | sed 's|^\./||' | sort) | while read -r rel; do
  { printf '%s\n' "$rel"; cat "spec/$rel"; } > "$c/spec_loader/seed-$(echo "$rel" | tr '/' '-')"
done
# The broken file of each bad spec (tests/bad-specs), in place of or beside the real ones.
for case in tests/bad-specs/*/; do
  (cd "$case" && find . -name '*.yaml' -o -name '*.yml' | sed 's|^\./||' | sort) | while read -r rel; do
    # Only the file the case breaks: the others are copies of the minimal fixture.
    if cmp -s "$case$rel" "tests/fixtures/minimal/$rel"; then continue; fi
    { printf '%s\n' "$rel"; cat "$case$rel"; } \
      > "$c/spec_loader/seed-bad-$(basename "$case")-$(echo "$rel" | tr '/' '-')"
  done
done
# spec_emit starts from the same inputs as spec_loader.
cp "$c"/spec_loader/seed-* "$c/spec_emit/"
for t in from_json notification spec_loader spec_emit; do
  echo "$t: $(ls "$c/$t" | wc -l) inputs"
done
