"""Seed a cargo target profile directory with another's registry-crate artifacts.

usage: seed_target.py CARGO_LOCK SRC_PROFILE_DIR DST_PROFILE_DIR

Only units of packages that Cargo.lock takes from a registry are seeded:
hard links for deps/ (the large files), copies of build/ and .fingerprint/
(cargo rewrites files there). Path packages (this workspace's crates, the
tests' scratch crates, the runtime named by path) are never seeded: cargo
hashes a path package by its name and its path inside its own workspace, so
an artifact of another checkout would look fresh for this one while its
dependency information points at the other checkout's sources, and this
checkout's crate would never be compiled.

Called by tools/ci-new-api.sh and tools/ci-shared-target.sh; an existing
destination is left as it is (nothing is overwritten).
"""

import os
import re
import shutil
import sys
import tomllib

lock_path, src, dst = sys.argv[1:4]
with open(lock_path, "rb") as f:
    lock = tomllib.load(f)
registry = {p["name"] for p in lock.get("package", []) if p.get("source", "").startswith("registry+")}
crates = {n.replace("-", "_") for n in registry}
UNIT = re.compile(r"^(?:lib)?(.+)-[0-9a-f]{16}(?:\..*)?$")


def seeded(name, names):
    m = UNIT.match(name)
    return bool(m) and m.group(1) in names


count = 0
for sub, names, link in (("deps", crates, True), ("build", registry, False), (".fingerprint", registry, False)):
    s, d = os.path.join(src, sub), os.path.join(dst, sub)
    if not os.path.isdir(s):
        continue
    os.makedirs(d, exist_ok=True)
    for name in os.listdir(s):
        a, b = os.path.join(s, name), os.path.join(d, name)
        if not seeded(name, names) or os.path.lexists(b):
            continue
        if os.path.isdir(a):
            shutil.copytree(a, b, symlinks=True)
        elif link:
            os.link(a, b)
        else:
            shutil.copy2(a, b)
        count += 1
print(f"seeded {count} registry units from {src} into {dst}")
