#!/usr/bin/env bash
# External checks of the emitted JSON Schemas and OpenAPI document; .ci/run calls it.
#
# Needs node >= 20 with npm, and python 3.11 with pip and venv; the registries must be
# reachable. Installs exactly the locked versions (npm ci from package-lock.json; pip from
# the pinned requirements.txt into target/ci-schema/venv), then runs:
#   - ajv (draft 2020-12, strict, allErrors, ajv-formats): metaschema + every corpus verdict;
#   - python jsonschema (Draft202012Validator, FORMAT_CHECKER): metaschema + every corpus verdict,
#     and openapi-spec-validator (API) on generated/openapi.yaml;
#   - the openapi-spec-validator command line on generated/openapi.yaml (OpenAPI 3.1);
#   - redocly lint (@redocly/cli, its default rules, the `recommended` ruleset) on
#     generated/openapi.yaml: errors fail the step. One warning is expected:
#     operation-4xx-response on the capture operation, because Alipay documents no 4XX
#     response (errors come back as HTTP 200 with result.resultStatus F or U).
# It reads generated/ as checked in (`cargo run -p alipay-codegen -- check` says whether it is
# fresh; `-- generate` rewrites it). Runs every check, then exits 1 if any failed.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }

for f in generated/openapi.yaml generated/schema; do
    if [ ! -e "$f" ]; then
        echo "$f is missing: run \`cargo run -p alipay-codegen -- generate\` first" >&2
        exit 1
    fi
done

step "toolchains"
node --version
npm --version
python3 --version

step "npm ci"
npm ci --no-audit --no-fund

step "pip install -r requirements.txt (venv: target/ci-schema/venv)"
venv=target/ci-schema/venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt

failed=()
run() {
    step "$*"
    if ! "$@"; then
        failed+=("$*")
    fi
}

run node tools/validate-corpus.mjs
run "$venv/bin/python" tools/validate_corpus.py
run "$venv/bin/openapi-spec-validator" --schema 3.1 generated/openapi.yaml
run env REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    node_modules/.bin/redocly lint generated/openapi.yaml

echo
if [ "${#failed[@]}" -gt 0 ]; then
    echo "schema checks FAILED:"
    printf '  %s\n' "${failed[@]}"
    exit 1
fi
echo "schema checks passed"
