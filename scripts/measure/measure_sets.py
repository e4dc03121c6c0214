#!/usr/bin/env python3
"""Measure ground truth for the size estimator: real installs of whole requirement sets.

For every set in requirement-sets.in.json this runs a real `pip install --target <empty dir>` WITH
dependencies (pip resolves them; -c pip-lock.txt keeps the versions the pip table measured, and the
wheels measure_pip.py downloaded are reused through --find-links instead of downloading again), then
records the installed bytes and files, a gzip'd tar of the result (a registry's layer), and the
resolved packages.

It also measures:
  - cache_check: one set installed from PyPI with a fresh --cache-dir, to see what pip's cache keeps
    when a Dockerfile forgets --no-cache-dir;
  - composed: the inference example (inference-example/Dockerfile) built by hand into a directory:
    libgomp1's .deb unpacked with dpkg-deb, requirements.txt installed with pip --target, the code
    copied, and a model file of random bytes (weights compress about as badly). Only the base image
    cannot be measured here: it comes from base-images.json like the estimator's.

Writes crates/engine/data/requirement-sets.json. Run measure_pip.py first.
Usage: measure_sets.py [--only name,name]
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure_pip  # noqa: E402  (shares the scratch layout, size walk and gzip measure)

HERE = Path(__file__).resolve().parent
IN = HERE / "requirement-sets.in.json"
OUT = measure_pip.REPO / "crates" / "engine" / "data" / "requirement-sets.json"
SCRATCH = measure_pip.SCRATCH
COMPRESS_LIMIT = 1_500_000_000


def install(requirements, target, *extra):
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    report = SCRATCH / "set-report.json"
    measure_pip.pip(
        "install", "--quiet", "--ignore-installed", "--target", str(target), "--report", str(report),
        "-c", str(measure_pip.LOCK), *extra, *requirements,
    )
    resolved = json.loads(report.read_text())["install"]
    return sorted(f"{measure_pip.normalize(i['metadata']['name'])}=={i['metadata']['version']}" for i in resolved)


def measure_set(entry):
    target = SCRATCH / "set-target"
    offline = ["--no-index", "--find-links", str(measure_pip.WHEELS), "--no-cache-dir"]
    resolved = install(entry["requirements"], target, *offline)
    installed, files = measure_pip.tree_size(target)
    row = {
        "name": entry["name"],
        "requirements": entry["requirements"],
        "installed_bytes": installed,
        "installed_files": files,
        # gzip'ing several gigabytes takes minutes on a shared 2-core machine; the large sets keep only their
        # uncompressed ground truth (the per-package gzip sizes in pip-packages.json still cover them).
        "compressed_bytes": measure_pip.gzip_tar_size(target) if installed < COMPRESS_LIMIT else None,
        "resolved": resolved,
    }
    shutil.rmtree(target, ignore_errors=True)
    return row


def measure_cache(entry):
    cache = SCRATCH / "fresh-cache"
    target = SCRATCH / "cache-target"
    shutil.rmtree(cache, ignore_errors=True)
    # From PyPI itself, so that pip's HTTP cache fills exactly as it would in a docker build.
    install(entry["requirements"], target, "--cache-dir", str(cache))
    cache_bytes, cache_files = measure_pip.tree_size(cache)
    installed, _ = measure_pip.tree_size(target)
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True)
    row = {"set": entry["name"], "cache_bytes": cache_bytes, "cache_files": cache_files, "installed_bytes": installed}
    if cache_bytes == 0:
        row["note"] = (
            "pip's cache stayed empty: the PyPI mirror this machine reaches sends no Cache-Control, ETag or "
            "Last-Modified headers, so pip's HTTP cache stores nothing. pypi.org sends `Cache-Control: max-age=..., "
            "immutable`, and pip then keeps each downloaded wheel; the estimate assumes exactly that (the wheel sizes "
            "in pip-packages.json). Re-run where pypi.org itself is reachable to measure it."
        )
    return row


def measure_composed(spec):
    example = HERE / spec["example"]
    root = SCRATCH / "composed-root"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    layers = {}
    # RUN apt-get update && apt-get install libgomp1 && rm -rf /var/lib/apt/lists/*: the lists are gone in the
    # same layer, so only the package's files remain (libgcc-s1 and libc6 are already in the slim image).
    debs = SCRATCH / "composed-debs"
    shutil.rmtree(debs, ignore_errors=True)
    debs.mkdir()
    subprocess.run(["apt-get", "download", "libgomp1"], cwd=debs, check=True, capture_output=True)
    apt_root = root / "apt"
    for deb in debs.glob("*.deb"):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(apt_root)], check=True)
    layers["apt"] = measure_pip.tree_size(apt_root)[0]
    requirements = [l.strip() for l in (example / "requirements.txt").read_text().splitlines() if l.strip()]
    offline = ["--no-index", "--find-links", str(measure_pip.WHEELS), "--no-cache-dir"]
    resolved = install(requirements, root / "site-packages", *offline)
    layers["pip"] = measure_pip.tree_size(root / "site-packages")[0]
    layers["requirements_txt"] = (example / "requirements.txt").stat().st_size
    shutil.copytree(example / "app", root / "app" / "app")
    layers["code"] = measure_pip.tree_size(root / "app" / "app")[0]
    model = root / "app" / spec["model_file"]
    model.parent.mkdir(parents=True)
    with open(model, "wb") as out:
        remaining = spec["model_bytes"]
        while remaining:
            chunk = os.urandom(min(remaining, 1 << 20))
            out.write(chunk)
            remaining -= len(chunk)
    layers["model"] = model.stat().st_size
    total = sum(layers.values())
    compressed = measure_pip.gzip_tar_size(root)
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(debs, ignore_errors=True)
    return {
        **spec,
        "layers_bytes": layers,
        "above_base_bytes": total,
        "above_base_compressed_bytes": compressed,
        "resolved": resolved,
        "how": "libgomp1's .deb unpacked with dpkg-deb -x; requirements.txt installed with pip install --target "
        "(no cache); app/ and requirements.txt copied; the model file written as random bytes; every file's "
        "apparent size summed; compressed is a gzip -6 tar of the whole tree. The base image is not measured.",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    spec = json.loads(IN.read_text())
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    today = datetime.date.today().isoformat()
    table = {
        "about": "Ground truth: requirement sets really installed with their dependencies by pip into an empty "
        "--target directory, versions held to pip-lock.txt; the sum of file sizes is what the estimator must "
        "come within 10% of. Regenerate with scripts/measure/measure_sets.py.",
        "source": "PyPI wheels, installed and measured on this project's machine",
        "measured": today,
        "python": f"CPython {platform.python_version()}",
        "pip": measure_pip.pip_version(),
        "sets": {s["name"]: s for s in old.get("sets", [])},
        "cache_check": old.get("cache_check"),
        "composed": old.get("composed"),
    }
    only = {n for n in args.only.split(",") if n}
    for entry in spec["sets"]:
        if only and entry["name"] not in only:
            continue
        print(f"set {entry['name']}", flush=True)
        row = measure_set(entry)
        row["measured"] = today
        table["sets"][entry["name"]] = row
        write(table, spec)
    if not only or "cache_check" in only:
        print("cache check", flush=True)
        check = next(s for s in spec["sets"] if s["name"] == spec["cache_check"]["set"])
        table["cache_check"] = {**measure_cache(check), "measured": today}
    if not only or "composed" in only:
        print("composed example", flush=True)
        table["composed"] = {**measure_composed(spec["composed"]), "measured": today}
    write(table, spec)


def write(table, spec):
    order = [s["name"] for s in spec["sets"]]
    out = dict(table)
    out["sets"] = [table["sets"][n] for n in order if n in table["sets"]]
    OUT.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
