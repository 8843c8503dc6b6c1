#!/usr/bin/env python3
"""Unpacks a downloaded IJava or JJava distribution for environment/setup.

usage: kernel_dist.py ijava|jjava SOURCE DEST

  ijava  SOURCE is IJava's release zip (ijava-1.3.0.zip from github.com/SpencerPark/IJava/releases:
         install.py + java/kernel.json + java/ijava-1.3.0.jar) or the folder it unzips to.
  jjava  SOURCE is a JJava wheel (jjava-1.0a7-py3-none-any.whl, from PyPI or `pip download jjava`),
         JJava's kernelspec zip (jjava-1.0-a7-kernelspec.zip from github.com/dflib/jjava/releases),
         or a folder holding its jars (an unzipped kernelspec zip, or the share/jupyter/kernels/java
         folder that `pip install jjava` writes).

Every JJava distribution since the pip packages holds two jars: jjava-launcher.jar, a small
program that starts a second JVM (the first `java` on PATH) on jjava.jar, the kernel itself. The
course kernelspec starts the kernel jar directly, with the Java that setup checked, so DEST gets:

  DEST/kernel.jar             the kernel jar (the one whose Main-Class is not the launcher)
  DEST/upstream-kernel.json   the distribution's own kernelspec, kept for reference
  DEST/dist.json              {"kernel", "version", "main_class", "source"}

Exits 1 with a message when SOURCE is not such a distribution.
"""
import io
import json
import pathlib
import shutil
import sys
import zipfile

KINDS = ("ijava", "jjava")
#: The package every main class of a kind's kernel jar lives in.
MAIN_PACKAGES = {"ijava": "io.github.spencerpark.ijava.", "jjava": "org.dflib.jjava."}


class NotADistribution(ValueError):
    """SOURCE is not the kind of distribution asked for; the message says what was expected."""


class Entries:
    """The files of a zip, a wheel or a folder, by '/'-separated relative name."""

    def __init__(self, source):
        self.source = pathlib.Path(source)
        if self.source.is_dir():
            self.zip = None
            self.names = sorted(p.relative_to(self.source).as_posix()
                                for p in self.source.rglob("*") if p.is_file())
        elif self.source.is_file():
            try:
                self.zip = zipfile.ZipFile(self.source)
            except (OSError, zipfile.BadZipFile) as e:
                raise NotADistribution(f"{self.source} is not a readable zip file ({e})")
            self.names = sorted(n for n in self.zip.namelist() if not n.endswith("/"))
        else:
            raise NotADistribution(f"{self.source}: no such file or folder")

    def read(self, name):
        if self.zip is not None:
            return self.zip.read(name)
        return (self.source / name).read_bytes()


def jar_manifest(jar_bytes):
    """The main attributes of a jar's META-INF/MANIFEST.MF as a dict ({} when there is none)."""
    try:
        with zipfile.ZipFile(io.BytesIO(jar_bytes)) as jar:
            text = jar.read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        return {}
    attributes, key = {}, None
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            break  # the main section ends at the first empty line
        if line.startswith(" ") and key:
            attributes[key] += line[1:]  # continuation line
        elif ":" in line:
            key, value = line.split(":", 1)
            attributes[key.strip()] = value.strip()
    return attributes


def main_class(jar):
    """The Main-Class of a jar file (a path), or None."""
    return jar_manifest(pathlib.Path(jar).read_bytes()).get("Main-Class")


def _jar_text(jar_bytes, suffix):
    """The text of the first entry of a jar whose name ends with ``suffix``, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(jar_bytes)) as jar:
            for name in jar.namelist():
                if name.endswith(suffix):
                    return jar.read(name).decode("utf-8", "replace")
    except zipfile.BadZipFile:
        pass
    return None


def ijava_version(jar_bytes):
    text = _jar_text(jar_bytes, "ijava-kernel-metadata.json")
    try:
        return json.loads(text).get("version") if text else None
    except ValueError:
        return None


def jjava_version(jar_bytes):
    text = _jar_text(jar_bytes, "jjava-distro/pom.properties") or _jar_text(jar_bytes, "/jjava/pom.properties")
    for line in (text or "").splitlines():
        if line.startswith("version="):
            return line.split("=", 1)[1].strip()
    return None


def _kernelspecs(entries):
    """kernel.json entries that hold an argv, as {folder: spec}."""
    specs = {}
    for name in entries.names:
        if name.rsplit("/", 1)[-1] != "kernel.json":
            continue
        try:
            spec = json.loads(entries.read(name))
        except ValueError as e:
            raise NotADistribution(f"{name} in {entries.source} is not valid JSON ({e})")
        if isinstance(spec, dict) and isinstance(spec.get("argv"), list):
            specs[name.rsplit("/", 1)[0] if "/" in name else ""] = spec
    return specs


def _in_folder(name, folder):
    parent = name.rsplit("/", 1)[0] if "/" in name else ""
    return parent == folder


def find_ijava(entries):
    """(jar name, kernelspec) of an IJava release zip or folder."""
    for folder, spec in _kernelspecs(entries).items():
        jars = [n for n in entries.names if _in_folder(n, folder) and n.endswith(".jar")
                and n.rsplit("/", 1)[-1].lower().startswith("ijava")]
        if jars:
            return jars[0], spec
    raise NotADistribution(
        f"{entries.source} is not an IJava release: it should hold java/kernel.json and "
        f"java/ijava-<version>.jar (download ijava-<version>.zip from "
        f"https://github.com/SpencerPark/IJava/releases)")


def is_launcher(name, main):
    """JJava's launcher jar: it only starts a second JVM on the kernel jar."""
    return (main or "").endswith("KernelLauncher") or "launcher" in name.rsplit("/", 1)[-1].lower()


def find_jjava(entries):
    """(kernel jar name, kernelspec) of a JJava wheel, kernelspec zip or folder."""
    for folder, spec in _kernelspecs(entries).items():
        jars = [n for n in entries.names if _in_folder(n, folder) and n.endswith(".jar")]
        kernels = []
        for name in jars:
            main = jar_manifest(entries.read(name)).get("Main-Class") or ""
            if main.startswith(MAIN_PACKAGES["jjava"]) and not is_launcher(name, main):
                kernels.append(name)
        if len(kernels) > 1:
            # Prefer the jar the distribution's own argv names.
            named = [n for n in kernels if any(str(a).endswith("/" + n.rsplit("/", 1)[-1]) for a in spec["argv"])]
            kernels = named or kernels
        if kernels:
            return kernels[0], spec
    raise NotADistribution(
        f"{entries.source} is not a JJava distribution: expected a kernel.json beside jjava.jar"
        f" (and jjava-launcher.jar), as in the jjava wheel or jjava-<version>-kernelspec.zip"
        f" (https://github.com/dflib/jjava/releases)")


def unpack(kind, source, dest):
    """Unpacks ``source`` (see the module doc) into ``dest``; returns the dist.json content."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    entries = Entries(source)
    jar_name, spec = (find_ijava if kind == "ijava" else find_jjava)(entries)
    jar_bytes = entries.read(jar_name)
    main = jar_manifest(jar_bytes).get("Main-Class")
    if not main or not main.startswith(MAIN_PACKAGES[kind]):
        raise NotADistribution(f"{jar_name} in {source} is not a {kind} kernel jar: its Main-Class is"
                               f" {main or 'missing'}, expected one in {MAIN_PACKAGES[kind]}*")
    version = (ijava_version if kind == "ijava" else jjava_version)(jar_bytes)
    dest = pathlib.Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    (dest / "kernel.jar").write_bytes(jar_bytes)
    (dest / "upstream-kernel.json").write_text(json.dumps(spec, indent=2) + "\n")
    info = {"kernel": kind, "version": version, "main_class": main,
            "source": f"{pathlib.Path(source).resolve()} : {jar_name}"}
    (dest / "dist.json").write_text(json.dumps(info, indent=2) + "\n")
    return info


def read_info(dest):
    """dist.json of an unpacked distribution, or {} when there is none."""
    try:
        return json.loads((pathlib.Path(dest) / "dist.json").read_text())
    except (OSError, ValueError):
        return {}


def main(argv):
    if len(argv) != 3 or argv[0] not in KINDS:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        info = unpack(*argv)
    except NotADistribution as e:
        print(f"kernel_dist: {e}", file=sys.stderr)
        return 1
    print(f"    {argv[0]} {info['version'] or '(version unknown)'}: {info['source']}"
          f" -> {pathlib.Path(argv[2]) / 'kernel.jar'} (main class {info['main_class']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
