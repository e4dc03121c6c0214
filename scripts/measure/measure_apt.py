#!/usr/bin/env python3
"""Build the size estimator's apt table from Debian's package metadata.

Reads the package lists apt already has (`apt-cache dumpavail`; run `apt-get update` first) for
Debian 12 bookworm (main, bookworm-updates, bookworm-security), picks apt's candidate version of
each package, and writes crates/engine/data/apt-packages.json with:

  - for every package reachable from apt-seeds.txt (Depends, Pre-Depends and Recommends, since
    `apt-get install` follows Recommends unless told --no-install-recommends): its version,
    Installed-Size (KiB, as the package declares it), the .deb's size, and its dependency groups
    with alternatives and virtual packages resolved to real package names;
  - the package sets that base images already contain, so the estimator counts only what a RUN adds:
    debian:bookworm (Priority: required, Essential and apt, with their dependencies, which is what
    debuerreotype's minbase variant installs), python:*-slim-bookworm and buildpack-deps:bookworm
    (the package lists in their Dockerfiles at docker-library, added to debian:bookworm);
  - apt-get update's lists as stored on disk on a Debian image, measured here after `apt-get update`
    with the debian image's own apt settings (GzipIndexes, no translations);
  - the gzip-to-.deb size ratio, measured by unpacking a sample of .debs, for compressed layer sizes.

Usage: measure_apt.py   (stdlib only; needs apt-cache, apt-get download and dpkg-deb)
"""

import datetime
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT = REPO / "crates" / "engine" / "data" / "apt-packages.json"
SEEDS = HERE / "apt-seeds.txt"

# docker-library/python's slim Dockerfile keeps these at run time (its ca-certificates/netbase/tzdata
# line, plus the shared libraries its build links against, which it marks manual before purging).
PYTHON_SLIM_EXTRA = [
    "ca-certificates", "netbase", "tzdata", "libbz2-1.0", "libexpat1", "libffi8", "libgdbm6", "libgdbm-compat4",
    "liblzma5", "libncursesw6", "libnsl2", "libreadline8", "libsqlite3-0", "libssl3", "libtirpc3", "libuuid1",
    "zlib1g",
]
# docker-library/buildpack-deps bookworm: curl, scm and the full image's package lines (--no-install-recommends).
BUILDPACK_DEPS_EXTRA = """
ca-certificates curl gnupg netbase sq wget
git mercurial openssh-client subversion procps
autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick libbz2-dev libc6-dev
libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev libgmp-dev libjpeg-dev
libkrb5-dev liblzma-dev libmagickcore-dev libmagickwand-dev libmaxminddb-dev libncurses5-dev libncursesw5-dev
libpng-dev libpq-dev libreadline-dev libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev libxslt-dev
libyaml-dev make patch unzip xz-utils zlib1g-dev
""".split()


def version_key(version):
    """Debian version ordering (epoch, upstream, revision with the ~ rule), enough to pick a candidate."""

    def order(char):
        if char == "~":
            return -1
        if char.isalpha():
            return ord(char)
        return ord(char) + 256

    def part_key(text):
        key = []
        while text:
            alpha = re.match(r"^[^0-9]*", text).group(0)
            text = text[len(alpha):]
            key.append(tuple(order(c) for c in alpha) + (0,))
            digits = re.match(r"^[0-9]*", text).group(0)
            text = text[len(digits):]
            key.append((int(digits) if digits else 0,))
        return key

    epoch, _, rest = version.rpartition(":") if ":" in version else ("0", "", version)
    upstream, _, revision = rest.rpartition("-") if "-" in rest else (rest, "", "0")
    return (int(epoch or 0), part_key(upstream), part_key(revision))


def read_records():
    text = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=True).stdout
    records = {}
    for block in text.split("\n\n"):
        fields, last = {}, None
        for line in block.splitlines():
            if line.startswith((" ", "\t")) and last:
                fields[last] += "\n" + line
            elif ":" in line:
                last, _, value = line.partition(":")
                fields[last] = value.strip()
        name = fields.get("Package")
        if not name or fields.get("Architecture") not in ("amd64", "all"):
            continue
        old = records.get(name)
        if old is None or version_key(fields["Version"]) > version_key(old["Version"]):
            records[name] = fields
    return records


def providers(records):
    provided = {}
    for name, fields in sorted(records.items()):
        for item in fields.get("Provides", "").split(","):
            virtual = item.strip().split(" ")[0]
            if virtual:
                provided.setdefault(virtual, []).append(name)
    return provided


def groups(field, records, provided):
    """A Depends-style field as groups of real package names (alternatives in order)."""
    out = []
    for group in filter(None, (g.strip() for g in field.split(","))):
        names = []
        for alternative in group.split("|"):
            name = alternative.strip().split(" ")[0].split(":")[0]
            for real in [name] if name in records else provided.get(name, []):
                if real not in names:
                    names.append(real)
        if names:
            out.append(names)
    return out


def closure(roots, records, provided, base=frozenset(), recommends=False):
    """Packages apt would install for `roots` on top of `base`: first alternative unless one is present."""
    have = set(base)
    todo = [r for r in roots if r in records]
    while todo:
        name = todo.pop()
        if name in have:
            continue
        have.add(name)
        fields = records[name]
        wanted = groups(fields.get("Pre-Depends", ""), records, provided)
        wanted += groups(fields.get("Depends", ""), records, provided)
        if recommends:
            wanted += groups(fields.get("Recommends", ""), records, provided)
        for group in wanted:
            if not any(alternative in have for alternative in group):
                todo.append(group[0])
    return have


def lists_bytes():
    total = 0
    for path in Path("/var/lib/apt/lists").iterdir():
        # appstream's dep11 metadata is fetched only where the appstream package is installed, which
        # Debian's container images do not have.
        if path.is_file() and ("_Packages" in path.name or path.name.endswith("InRelease")):
            total += path.stat().st_size
    return total


def deb_gzip_ratio(names):
    """Unpack a few real .debs and compare a gzip'd tar of their files with the .deb sizes."""
    deb_total = gzip_total = installed_total = declared_total = 0
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(["apt-get", "download", *names], cwd=scratch, check=True, capture_output=True)
        for deb in sorted(Path(scratch).glob("*.deb")):
            root = Path(scratch) / (deb.stem + ".d")
            subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
            size = subprocess.run(
                f"tar -C '{root}' -cf - . | gzip -6 -c | wc -c", shell=True, check=True, capture_output=True, text=True
            )
            deb_total += deb.stat().st_size
            gzip_total += int(size.stdout)
            declared = subprocess.run(["dpkg-deb", "-f", str(deb), "Installed-Size"], capture_output=True, text=True)
            declared_total += int(declared.stdout.strip()) * 1024
            for dirpath, _dirs, files in os.walk(root):
                installed_total += sum(os.lstat(os.path.join(dirpath, f)).st_size for f in files)
    return {
        "sample": names,
        "deb_bytes": deb_total,
        "gzip_tar_bytes": gzip_total,
        "gzip_over_deb": round(gzip_total / deb_total, 3),
        "file_bytes": installed_total,
        "declared_installed_bytes": declared_total,
        "files_over_declared": round(installed_total / declared_total, 3),
    }


def main():
    records = read_records()
    provided = providers(records)
    seeds = [w for line in SEEDS.read_text().splitlines() if not line.startswith("#") for w in line.split()]
    minbase_roots = [n for n, f in records.items() if f.get("Priority") == "required" or f.get("Essential") == "yes"]
    debian = closure(minbase_roots + ["apt"], records, provided)
    python_slim = closure(PYTHON_SLIM_EXTRA, records, provided, base=debian)
    buildpack = closure(BUILDPACK_DEPS_EXTRA, records, provided, base=debian)
    wanted = closure(seeds, records, provided, base=debian, recommends=True)
    wanted |= python_slim | buildpack
    wanted -= debian
    packages = {}
    for name in sorted(wanted):
        fields = records[name]
        packages[name] = {
            "version": fields["Version"],
            "installed_kib": int(fields.get("Installed-Size", "0")),
            "deb_bytes": int(fields.get("Size", "0")),
            "depends": groups(fields.get("Pre-Depends", "") + "," + fields.get("Depends", ""), records, provided),
            "recommends": groups(fields.get("Recommends", ""), records, provided),
        }
    missing = [s for s in seeds if s not in records and s not in provided]
    today = datetime.date.today().isoformat()
    table = {
        "about": "Debian 12 (bookworm) packages: Installed-Size and .deb size from the archive's package metadata, "
        "with dependency groups, and the package sets base images already hold. Regenerate with "
        "scripts/measure/measure_apt.py.",
        "source": "Debian archive package lists (deb.debian.org bookworm, bookworm-updates, bookworm-security; main)",
        "retrieved": today,
        "seeds": seeds,
        "not_in_bookworm": missing,
        "apt_lists": {
            "bytes": lists_bytes(),
            "measured": today,
            "how": "sum of /var/lib/apt/lists Packages and InRelease files after apt-get update with Debian's "
            "container apt settings (docker-gzip-indexes, no translations)",
        },
        "deb_sample": deb_gzip_ratio(["libgomp1", "git", "libglib2.0-0", "curl", "libgl1", "python3.11-minimal"]),
        "base_sets": {
            "debian-bookworm": sorted(debian),
            "python-slim-bookworm": sorted(python_slim - debian),
            "buildpack-deps-bookworm": sorted(buildpack - debian),
        },
        "base_sets_about": "python-slim-bookworm and buildpack-deps-bookworm list only what they add to debian-bookworm.",
        "packages": packages,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(table, indent=1) + "\n")
    print(f"{len(packages)} packages, base debian {len(debian)}, missing seeds: {missing}")


if __name__ == "__main__":
    main()
