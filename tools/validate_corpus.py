#!/usr/bin/env python3
"""Checks the emitted schemas with Python's jsonschema and the OpenAPI document with
openapi-spec-validator (pinned in requirements.txt). Exits 1 on any failure.

- every generated/schema/*.schema.json passes the draft 2020-12 metaschema
  (Draft202012Validator.check_schema);
- every payload under tests/payloads/<api>.<part>/{valid,invalid}/ gets the verdict its
  folder names, with format checking on (FORMAT_CHECKER; `jsonschema[format]` installs
  rfc3339-validator, which `date-time` needs);
- generated/openapi.yaml is a valid OpenAPI 3.1 document (OpenAPIV31SpecValidator).

Usage: python3 tools/validate_corpus.py [generated-dir] [corpus-dir]
"""

import importlib.metadata
import json
import pathlib
import sys

import jsonschema
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator
from openapi_spec_validator.readers import read_from_filename

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main(argv):
    generated = ROOT / (argv[1] if len(argv) > 1 else "generated")
    corpus = ROOT / (argv[2] if len(argv) > 2 else "tests/payloads")
    failures = []
    schema_dir = generated / "schema"
    schema_files = sorted(schema_dir.glob("*.schema.json"))
    if not schema_files:
        print(f"no *.schema.json in {schema_dir}: run `cargo run -p alipay-codegen -- generate` first", file=sys.stderr)
        return 1

    # Format checks must actually run: fail early when the format extra is missing.
    if "date-time" not in Draft202012Validator.FORMAT_CHECKER.checkers:
        print("jsonschema cannot check date-time: install `jsonschema[format]` (requirements.txt)", file=sys.stderr)
        return 1

    cases = 0
    messages = set()
    for file in schema_files:
        message = file.name[: -len(".schema.json")]
        messages.add(message)
        schema = json.loads(file.read_text(encoding="utf-8"))
        try:
            Draft202012Validator.check_schema(schema)
        except jsonschema.exceptions.SchemaError as e:
            failures.append(f"{file.name}: fails the 2020-12 metaschema: {e.message} at {list(e.absolute_path)}")
            continue
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        for verdict, expect_valid in (("valid", True), ("invalid", False)):
            case_dir = corpus / message / verdict
            files = sorted(case_dir.glob("*.json"))
            if not files:
                failures.append(f"{case_dir.relative_to(ROOT)}: no cases")
            for case in files:
                cases += 1
                rel = case.relative_to(ROOT)
                try:
                    instance = json.loads(case.read_text(encoding="utf-8"))
                except ValueError as e:
                    failures.append(f"{rel}: not JSON: {e}")
                    continue
                errors = [f"{e.message} at /{'/'.join(map(str, e.absolute_path))}" for e in validator.iter_errors(instance)]
                if (not errors) != expect_valid:
                    got = "valid" if not errors else "; ".join(errors)
                    failures.append(f"{rel}: expected {verdict}, got {got}")
    for d in sorted(p for p in corpus.iterdir() if p.is_dir()):
        if d.name not in messages:
            failures.append(f"tests/payloads/{d.name}: no schema {d.name}.schema.json")

    openapi = generated / "openapi.yaml"
    try:
        spec_dict, base_uri = read_from_filename(str(openapi))
        errors = list(OpenAPIV31SpecValidator(spec_dict, base_uri=base_uri).iter_errors())
        for e in errors:
            failures.append(f"openapi.yaml: {e.message} at {list(getattr(e, 'absolute_path', []))}")
        if spec_dict.get("openapi", "")[:4] != "3.1.":
            failures.append(f"openapi.yaml: openapi is {spec_dict.get('openapi')!r}, expected 3.1.x")
    except Exception as e:  # a missing or unreadable file
        failures.append(f"openapi.yaml: {e}")

    if failures:
        print(f"python: {len(failures)} failure(s):", file=sys.stderr)
        for f in failures:
            print(f"  {f}", file=sys.stderr)
        return 1
    print(
        f"python jsonschema {importlib.metadata.version('jsonschema')}: "
        f"{len(schema_files)} schemas pass the 2020-12 metaschema; {cases} corpus cases get their verdict (formats checked); "
        "openapi-spec-validator: generated/openapi.yaml is valid OpenAPI 3.1"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
