#!/usr/bin/env bash
# Signature interop with Alipay's official Python SDK; .ci/run calls it.
#
# Installs the pinned requirements.txt (global-open-sdk-python among them) into
# target/ci-schema/venv (shared with tools/ci-schema.sh), builds the `verify` and `sign`
# examples of alipay-models, and runs tools/interop_sdk.py: the SDK signs and ours
# verifies, ours signs and the SDK verifies, on keys generated in the run. Then
# every request API through the client (alipay-models, feature `client`) against
# tools/mock_alipay.py, a loopback gateway that verifies each request and signs
# each answer with the SDK (generated/tests/client_interop.rs, ignored otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/ci-schema/venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt

cargo build -q --locked -p alipay-models --example verify --example sign
target_dir=$(cargo metadata --format-version 1 --no-deps | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
"$venv/bin/python" tools/interop_sdk.py "$target_dir/debug/examples/verify" "$target_dir/debug/examples/sign"

ALIPAY_INTEROP_PYTHON="$PWD/$venv/bin/python" \
    cargo test -q --locked -p alipay-models --features client --test client_interop -- --ignored --nocapture
