#!/usr/bin/env python3
"""Unpacks the IJava release zip (github.com/SpencerPark/IJava/releases) for environment/setup.

usage: unpack_ijava.py IJAVA_ZIP DEST_DIR

Writes DEST_DIR/kernel.jar (the IJava kernel jar), DEST_DIR/upstream-kernel.json (IJava's own
kernelspec, kept for reference) and DEST_DIR/source.txt. Exits 1 with a message when the zip is not
an IJava release (it must hold a kernel.json with an argv and an ijava*.jar).
"""
import json
import pathlib
import shutil
import sys
import zipfile


def unpack(zip_path, dest):
    dest = pathlib.Path(dest)
    try:
        archive = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as e:
        raise ValueError(f"{zip_path} is not a readable zip file ({e})")
    with archive:
        names = archive.namelist()
        specs = [n for n in names if n.rsplit("/", 1)[-1] == "kernel.json"]
        jars = sorted(n for n in names
                      if n.endswith(".jar") and n.rsplit("/", 1)[-1].lower().startswith("ijava"))
        if not specs or not jars:
            raise ValueError(f"{zip_path} is not an IJava release zip: it should hold java/kernel.json and "
                             f"java/ijava-<version>.jar (found {len(names)} entries, no "
                             f"{'kernel.json' if not specs else 'ijava jar'})")
        try:
            spec = json.loads(archive.read(specs[0]))
        except ValueError as e:
            raise ValueError(f"{specs[0]} in {zip_path} is not valid JSON ({e})")
        if not isinstance(spec, dict) or "argv" not in spec:
            raise ValueError(f"{specs[0]} in {zip_path} has no argv: not a kernelspec")
        dest.mkdir(parents=True, exist_ok=True)
        with archive.open(jars[0]) as src, open(dest / "kernel.jar", "wb") as out:
            shutil.copyfileobj(src, out)
    (dest / "upstream-kernel.json").write_text(json.dumps(spec, indent=2) + "\n")
    (dest / "source.txt").write_text(f"{zip_path} : {jars[0]}\n")
    return dest / "kernel.jar"


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        jar = unpack(argv[0], argv[1])
    except ValueError as e:
        print(f"unpack_ijava: {e}", file=sys.stderr)
        return 1
    print(f"    unpacked {jar} from {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
