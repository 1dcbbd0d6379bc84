#!/usr/bin/env python3
"""Cross-check spec/ against the model classes of Alipay's official Python SDK.

For every API in spec/apis, find the SDK's request class by the path the SDK
itself declares (`AlipayRequest.path`, e.g. "/ams/api/v1/payments/capture",
compared without its "/ams/api" prefix to the spec's `http.path`); the
response class is the SDK's module of the same name under `response/`. A
notification has no path, and the SDK's notification classes declare neither
a path nor a notifyType, so which class parses which notification is data:
tests/sdk-crosscheck/map.yaml (which also picks one class where several SDK
classes declare the same path).

For each matched message, the field names of the spec message are compared
with the wire names the SDK model reads or writes (`to_ams_dict`,
`parse_rsp_body`, `parse_notify_body`), and, where the spec field is a shared
type (`ref:`) and the SDK attribute a model class, recursively the shared
type's fields with the model's. A shared type is compared once per SDK class
and reported under `types.<Name>`.

Every difference is printed. Each must be recorded in
tests/sdk-crosscheck/known.yaml with its reason and source; the tool exits 1
on a difference that is not recorded, on a recorded difference that no longer
exists (stale), and on a spec message with no SDK class that known.yaml does
not list under `no_sdk_class`. Exit 2 on usage or setup errors.

Usage: sdk_crosscheck.py [--spec DIR] [--known FILE] [--map FILE]
Run it with a Python that has the pinned global-open-sdk-python and PyYAML
(tools/ci-sdk-crosscheck.sh sets that up).
"""

import argparse
import ast
import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover - setup error
    print("error: PyYAML is not installed (run tools/ci-sdk-crosscheck.sh)", file=sys.stderr)
    sys.exit(2)

try:
    import com.alipay.ams.api.request as sdk_request_pkg
    from com.alipay.ams.api.request.alipay_request import AlipayRequest
except ImportError:  # pragma: no cover - setup error
    print("error: global-open-sdk-python is not installed (run tools/ci-sdk-crosscheck.sh)", file=sys.stderr)
    sys.exit(2)

SDK_PATH_PREFIX = "/ams/api"
MODEL_PKG = "com.alipay.ams.api.model."
PARSE_METHODS = re.compile(r"^(to_ams_dict|_?_?\w*parse\w*)$")


# ---------------------------------------------------------------- the SDK side


class SdkModel:
    """The wire names an SDK class reads or writes, and the model class of each."""

    def __init__(self, cls):
        self.cls = cls
        self.name = cls.__name__
        self.qualname = f"{cls.__module__}.{cls.__name__}"
        self.fields = {}  # wire name -> nested SDK class (or None)
        for klass in reversed(cls.__mro__):
            if klass is object or not klass.__module__.startswith("com.alipay.ams.api"):
                continue
            self._read(klass)

    def _read(self, klass):
        module = sys.modules[klass.__module__]
        try:
            source = inspect.getsource(module)
        except (OSError, TypeError):
            return
        tree = ast.parse(source)
        imports = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    imports[alias.asname or alias.name] = node.module
        # `self.__attr = None  # type: T` gives the type of an attribute.
        types = dict(re.findall(r"self\.__(\w+)\s*=\s*None\s*#\s*type:\s*([\w\[\], .]+)", source))
        classdef = next(
            (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == klass.__name__), None
        )
        if classdef is None:
            return
        for fn in classdef.body:
            if not isinstance(fn, ast.FunctionDef) or not PARSE_METHODS.match(fn.name):
                continue
            for node in ast.walk(fn):
                # `if 'wireName' in body: self.__x = Model(); ...`
                if isinstance(node, ast.If) and isinstance(node.test, ast.Compare):
                    test = node.test
                    if (
                        isinstance(test.left, ast.Constant)
                        and isinstance(test.left.value, str)
                        and len(test.ops) == 1
                        and isinstance(test.ops[0], ast.In)
                    ):
                        key = test.left.value
                        nested = None
                        for inner in node.body:
                            for call in ast.walk(inner):
                                if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
                                    nested = nested or self._model_class(call.func.id, imports)
                        self._add(key, nested)
                # `params['wireName'] = self.attr`
                if isinstance(node, ast.Assign) and len(node.targets) == 1:
                    target = node.targets[0]
                    if (
                        isinstance(target, ast.Subscript)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "params"
                        and isinstance(target.slice, ast.Constant)
                        and isinstance(target.slice.value, str)
                    ):
                        key = target.slice.value
                        nested = None
                        if isinstance(node.value, ast.Attribute):
                            for word in re.findall(r"[A-Z]\w*", types.get(node.value.attr, "")):
                                nested = nested or self._model_class(word, imports)
                        self._add(key, nested)

    def _add(self, key, nested):
        if key not in self.fields or (self.fields[key] is None and nested is not None):
            self.fields[key] = nested

    @staticmethod
    def _model_class(name, imports):
        module = imports.get(name)
        if not module or not module.startswith(MODEL_PKG):
            return None
        try:
            cls = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            return None
        if not inspect.isclass(cls) or not (
            hasattr(cls, "to_ams_dict") or hasattr(cls, "parse_rsp_body")
        ):
            return None  # an enum or a helper: a leaf
        return cls


def sdk_request_classes():
    """Every SDK request class that declares a path, by path without the /ams/api prefix."""
    by_path = {}
    for info in pkgutil.walk_packages(sdk_request_pkg.__path__, sdk_request_pkg.__name__ + "."):
        if "-" in info.name:
            continue  # not an importable name (the SDK ships `..._exchange-rate_request` beside `..._exchange_rate_request`)
        try:
            module = importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - a broken SDK module is not ours to fix
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, AlipayRequest):
                continue
            try:
                path = cls().path
            except Exception:  # noqa: BLE001 - needs constructor arguments
                continue
            if hasattr(path, "value"):
                path = path.value
            if not isinstance(path, str):
                continue
            if path.startswith(SDK_PATH_PREFIX):
                path = path[len(SDK_PATH_PREFIX):]
            path = "/" + path.lstrip("/")
            classes = by_path.setdefault(path, [])
            # One class per name (a module may import another's request class).
            if all(c.__name__ != cls.__name__ for c in classes):
                classes.append(cls)
    return by_path


def sdk_response_class(request_cls):
    """The response class named like the request class (request/x/foo_request -> response/x/foo_*response)."""
    module = request_cls.__module__
    parts = module.split(".")
    if "request" not in parts:
        return None
    i = parts.index("request")
    stem = parts[-1]
    if stem.endswith("_request"):
        stem = stem[: -len("_request")]
    package = ".".join(parts[:i] + ["response"] + parts[i + 1 : -1])
    try:
        pkg = importlib.import_module(package)
    except ImportError:
        return None
    modules = [info.name for info in pkgutil.iter_modules(pkg.__path__)]
    # The module of the same name, or the SDK's generated form (`..._post_request`
    # answered by `..._post200_response`).
    names = sorted(m for m in modules if re.fullmatch(re.escape(stem) + r"(\d{3})?_response", m))
    for name in names:
        mod = importlib.import_module(package + "." + name)
        classes = [c for _, c in inspect.getmembers(mod, inspect.isclass) if c.__module__ == mod.__name__]
        if classes:
            return classes[0]
    return None


def import_class(qualname):
    module, _, name = qualname.rpartition(".")
    return getattr(importlib.import_module(module), name)


# --------------------------------------------------------------- the spec side


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def spec_fields(fields):
    """name -> shared type name (ref of an object or of an array's items) or None."""
    out = {}
    for field in fields or []:
        ref = field.get("ref")
        if ref is None and isinstance(field.get("items"), dict):
            ref = field["items"].get("ref")
        out[field["name"]] = ref
    return out


# ------------------------------------------------------------------- compare


class Report:
    def __init__(self):
        self.diffs = []  # (where, sdk class name, side, field)
        self.notes = []  # things that are not differences
        self.no_class = []  # (where, why)

    def diff(self, where, sdk, side, field):
        self.diffs.append((where, sdk, side, field))


def compare(report, where, fields, model, types, seen):
    sdk = model.fields
    for name in sorted(set(fields) - set(sdk)):
        report.diff(where, model.name, "only_in_spec", name)
    for name in sorted(set(sdk) - set(fields)):
        report.diff(where, model.name, "only_in_sdk", name)
    for name in sorted(set(fields) & set(sdk)):
        ref, nested = fields[name], sdk[name]
        if ref is None:
            continue
        if nested is None:
            report.notes.append(
                f"{where}.{name}: the SDK keeps {ref} as raw JSON, so its fields are not compared there"
            )
            continue
        key = (ref, nested.__module__ + "." + nested.__name__)
        if key in seen or ref not in types:
            continue
        seen.add(key)
        compare(report, f"types.{ref}", spec_fields(types[ref].get("fields")), SdkModel(nested), types, seen)


def main():
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", default=str(root / "spec"))
    parser.add_argument("--known", default=str(root / "tests/sdk-crosscheck/known.yaml"))
    parser.add_argument("--map", default=str(root / "tests/sdk-crosscheck/map.yaml"))
    args = parser.parse_args()

    spec = Path(args.spec)
    if not (spec / "apis").is_dir():
        print(f"error: {spec}/apis not found (pass --spec)", file=sys.stderr)
        return 2
    mapping = load_yaml(args.map) or {}
    known = load_yaml(args.known) or {}
    notifications = mapping.get("notifications") or {}
    same_path = mapping.get("same_path") or {}

    types = {}
    for path in sorted((spec / "types").glob("*.yaml")):
        t = load_yaml(path)
        types[t["name"]] = t
    apis = [load_yaml(p) for p in sorted((spec / "apis").glob("*.yaml"))]

    by_path = sdk_request_classes()
    report = Report()
    seen = set()
    for api in apis:
        name = api["name"]
        if api.get("direction") == "notification":
            qualname = notifications.get(name)
            if qualname is None:
                report.no_class.append((f"{name}.request", "no SDK class in map.yaml `notifications`"))
                report.no_class.append((f"{name}.response", "no SDK class in map.yaml `notifications`"))
                continue
            try:
                request_cls, response_cls = import_class(qualname), None
            except (ImportError, AttributeError, ValueError) as e:
                print(f"error: map.yaml names {qualname} for {name}, which the SDK does not have ({e})")
                return 1
        else:
            path = (api.get("http") or {}).get("path")
            candidates = by_path.get(path, [])
            if len(candidates) > 1:
                chosen = same_path.get(path)
                picked = [c for c in candidates if c.__name__ == chosen]
                if len(picked) != 1:
                    names = ", ".join(sorted(c.__name__ for c in candidates))
                    print(f"error: several SDK classes declare {path} ({names}); name one in map.yaml `same_path`")
                    return 1
                candidates = picked
            if not candidates:
                why = f"no SDK request class declares the path {path}"
                report.no_class.append((f"{name}.request", why))
                report.no_class.append((f"{name}.response", why))
                continue
            request_cls = candidates[0]
            response_cls = sdk_response_class(request_cls)
        for part, cls in (("request", request_cls), ("response", response_cls)):
            where = f"{name}.{part}"
            if cls is None:
                report.no_class.append((where, "the SDK has no model class for this message"))
                continue
            model = SdkModel(cls)
            print(f"{where}: {model.qualname} ({len(model.fields)} SDK fields)")
            compare(report, where, spec_fields(api[part].get("fields")), model, types, seen)

    # Shared types that no message led to (the SDK keeps the field as raw JSON, or
    # no message of ours uses it yet): compared with the SDK model of the same name.
    compared = {ref for ref, _ in seen}
    for name in sorted(set(types) - compared):
        module = MODEL_PKG + re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
        try:
            cls = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            report.notes.append(f"types.{name}: the SDK has no model class {name}, not compared")
            continue
        seen.add((name, cls.__module__ + "." + cls.__name__))
        model = SdkModel(cls)
        print(f"types.{name}: {model.qualname} ({len(model.fields)} SDK fields)")
        compare(report, f"types.{name}", spec_fields(types[name].get("fields")), model, types, seen)

    # ------------------------------------------------------------ verdict
    recorded = {}
    for entry in known.get("known") or []:
        for side in ("only_in_spec", "only_in_sdk"):
            for field in entry.get(side) or []:
                recorded[(entry["where"], entry["sdk"], side, field)] = entry
        for key in ("reason", "source"):
            if not entry.get(key):
                print(f"error: known.yaml entry {entry.get('where')} / {entry.get('sdk')} has no {key}")
                return 1
    recorded_no_class = {e["where"]: e for e in known.get("no_sdk_class") or []}
    for e in recorded_no_class.values():
        if not e.get("reason"):
            print(f"error: known.yaml no_sdk_class entry {e['where']} has no reason")
            return 1

    failures = 0
    for note in report.notes:
        print(f"note: {note}")
    for where, why in report.no_class:
        if where in recorded_no_class:
            print(f"no SDK class (known): {where}: {why}")
        else:
            print(f"UNRECORDED no SDK class: {where}: {why}")
            failures += 1
    found = set(report.diffs)
    for where, sdk, side, field in sorted(found):
        tag = "known" if (where, sdk, side, field) in recorded else "UNRECORDED"
        if tag == "UNRECORDED":
            failures += 1
        print(f"{tag}: {where} ({sdk}): {field} {side.replace('_', ' ')}")
    present_apis = {api["name"] for api in apis}
    for key in sorted(set(recorded) - found):
        where = key[0]
        if where.split(".")[0] in present_apis or where.startswith("types."):
            print(f"STALE: {where} ({key[1]}): {key[3]} {key[2].replace('_', ' ')} is recorded but no longer differs")
            failures += 1
    no_class_found = {w for w, _ in report.no_class}
    for where in sorted(set(recorded_no_class) - no_class_found):
        if where.split(".")[0] in present_apis:
            print(f"STALE: no_sdk_class {where} is recorded but an SDK class now matches")
            failures += 1

    print(
        f"{len(found)} differences ({len(found) - sum(1 for d in found if d not in recorded)} recorded), "
        f"{len(report.no_class)} messages without an SDK class, {failures} failures"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
