#!/usr/bin/env bash
# Instructions per call of validation against the serde floor, for every
# message of alipay_models::catalog (generated/benches/every_message.rs), by
# callgrind: each function run N times and 0 times, the difference over N.
# Repeatable on a shared, noisy machine where wall clock is not. Manual (not a
# CI step): prints one line per message, "<message> <case> floor generated ratio".
#
# Usage: tools/bench-every-message.sh [N]   (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
cargo bench -q --locked -p alipay-models --bench every_message --no-run 2>/dev/null
bin=$(ls -t target/release/deps/every_message-* | grep -v '\.d$' | head -1)
messages=$(cargo run -q --locked -p alipay-models --example validate -- --list | awk '{print $1 "." $2}')
count() { # $1 message, $2 function, $3 iterations -> instructions
  local out; out=$(mktemp)
  EVERY_MESSAGE_ITERS="$1/$2=$3" valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" >/dev/null 2>&1
  awk '/^summary:/ {print $2}' "$out"; rm -f "$out"
}
printf '%-28s %-56s %10s %10s %6s\n' message case floor generated ratio
for m in $messages; do
  case=$(EVERY_MESSAGE_ITERS="$m/floor=0" "$bin" 2>&1 >/dev/null | sed -n 's/^case: //p')
  base=$(count "$m" floor 0)
  f=$(( ($(count "$m" floor "$n") - base) / n ))
  g=$(( ($(count "$m" generated "$n") - base) / n ))
  printf '%-28s %-56s %10d %10d %6.3f\n' "$m" "$case" "$f" "$g" "$(awk -v a="$g" -v b="$f" 'BEGIN { print a / b }')"
done
