#!/usr/bin/env bash
# Cross-check of spec/ with the model classes of Alipay's official Python SDK; .ci/run calls it.
#
# Installs the pinned requirements.txt (global-open-sdk-python and PyYAML among them) into
# target/ci-schema/venv (shared with tools/ci-schema.sh and tools/ci-interop.sh), then:
#   1. runs tools/sdk_crosscheck.py on spec/: every difference between a spec message (and
#      its shared types) and the SDK model must be recorded in tests/sdk-crosscheck/known.yaml;
#   2. proves the check can fail: on a copy of spec/ where every shared type gains a field
#      the SDK does not have, the tool must exit 1 and name that field; and with a copy of
#      known.yaml recording a difference that does not exist, it must exit 1 and call it stale.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/ci-schema/venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt
py="$venv/bin/python"

"$py" tools/sdk_crosscheck.py --spec spec

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
cp -r spec "$probe/spec"
"$py" - "$probe/spec" <<'PY'
import pathlib, sys, yaml
for path in pathlib.Path(sys.argv[1], "types").glob("*.yaml"):
    t = yaml.safe_load(path.read_text(encoding="utf-8"))
    t["fields"].append({"name": "crosscheckProbe", "type": "string", "description": "probe", "sources": []})
    path.write_text(yaml.safe_dump(t), encoding="utf-8")
PY
set +e
"$py" tools/sdk_crosscheck.py --spec "$probe/spec" > "$probe/out.txt"
rc=$?
set -e
if [ "$rc" -ne 1 ] || ! grep -q "UNRECORDED: types\..*crosscheckProbe only in spec" "$probe/out.txt"; then
    cat "$probe/out.txt"
    echo "error: the cross-check did not fail on a field the SDK does not have (exit $rc)" >&2
    exit 1
fi

"$py" - tests/sdk-crosscheck/known.yaml "$probe/known.yaml" <<'PY'
import sys, yaml
known = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
entry = dict(known["known"][0])
entry.pop("only_in_spec", None)
entry["only_in_sdk"] = ["crosscheckNoSuchField"]
known["known"].append(entry)
yaml.safe_dump(known, open(sys.argv[2], "w", encoding="utf-8"))
PY
set +e
"$py" tools/sdk_crosscheck.py --spec spec --known "$probe/known.yaml" > "$probe/out2.txt"
rc=$?
set -e
if [ "$rc" -ne 1 ] || ! grep -q "STALE: .*crosscheckNoSuchField" "$probe/out2.txt"; then
    cat "$probe/out2.txt"
    echo "error: the cross-check did not fail on a recorded difference that does not exist (exit $rc)" >&2
    exit 1
fi
echo "the cross-check fails on an unrecorded and on a stale difference, as it must"
