#!/usr/bin/env python3
"""Checks a local libtorch folder for DJL's PyTorch engine and prints the settings that use it.

DJL 0.35.1's PyTorch engine runs libtorch 2.7.1 through its JNI library; on a GPU machine it would
download a CUDA build of libtorch on first use, which an offline machine cannot. DJL's documented
settings point it at a folder instead:

  PYTORCH_LIBRARY_PATH  the folder holding libtorch.so (libtorch_cpu.so, libc10.so, and for CUDA
                        libtorch_cuda.so, libc10_cuda.so ...)
  PYTORCH_VERSION       the libtorch version (2.7.1)
  PYTORCH_FLAVOR        which JNI build DJL loads: cpu or cu128 (those are in the pytorch-jni jar)

Folders that work: the lib/ folder of a libtorch zip from pytorch.org (it has a build-version file),
or torch/lib of a pip install of torch 2.7.1 (torch/version.py beside it; a CUDA wheel also needs
its nvidia-* packages next to torch in site-packages).

  libtorch_folder.py DIR [--jni-jar JAR] [--env-file FILE]

prints `KEY=VALUE` lines (and writes them to FILE); exits 1 with the reason when the folder cannot
be used.
"""
import argparse
import os
import shlex
import pathlib
import re
import sys
import zipfile

REQUIRED_VERSION = "2.7.1"
LIBS = ("libtorch.so", "libtorch_cpu.so", "libc10.so")


def find_lib_dir(folder):
    folder = pathlib.Path(folder).expanduser().resolve()
    for candidate in (folder, folder / "lib", folder / "libtorch" / "lib", folder / "torch" / "lib"):
        if (candidate / "libtorch.so").is_file():
            return candidate
    return None


def read_version(lib_dir):
    """(version, local suffix) from a libtorch zip's build-version or a wheel's torch/version.py."""
    for build_version in (lib_dir.parent / "build-version", lib_dir / "build-version"):
        if build_version.is_file():
            text = build_version.read_text().strip()
            return split_version(text)
    version_py = lib_dir.parent / "version.py"
    if version_py.is_file():
        match = re.search(r"__version__\s*=\s*['\"]([^'\"]+)['\"]", version_py.read_text())
        if match:
            return split_version(match.group(1))
    return None, None


def split_version(text):
    base, _, local = text.partition("+")
    return base.strip(), local.strip()


def jni_flavors(jni_jar):
    """The flavors the pytorch-jni jar has a linux-x86_64 JNI library for (e.g. cpu, cu128)."""
    with zipfile.ZipFile(jni_jar) as jar:
        flavors = set()
        for name in jar.namelist():
            match = re.match(r"jnilib/linux-x86_64/([^/]+)/libdjl_torch\.so$", name)
            if match:
                flavors.add(match.group(1))
        return flavors


def inspect(folder, jni_jar=None, flavor=None, version=None):
    """Returns (settings dict, None) or (None, problem)."""
    lib_dir = find_lib_dir(folder)
    if lib_dir is None:
        return None, (f"{folder} holds no libtorch.so (nor does its lib/, libtorch/lib/ or torch/lib/). "
                      "Point --libtorch at the lib folder of a libtorch 2.7.1 zip or at torch/lib of a "
                      "pip install of torch==2.7.1")
    missing = [name for name in LIBS if not (lib_dir / name).exists()]
    if missing:
        return None, f"{lib_dir} lacks {', '.join(missing)}: not a complete libtorch folder"
    found_version, local = read_version(lib_dir)
    version = version or found_version
    if version is None:
        return None, (f"cannot tell the libtorch version of {lib_dir} (no build-version file, no "
                      "torch/version.py): set PYTORCH_VERSION=2.7.1 if you know it is 2.7.1")
    if version != REQUIRED_VERSION:
        return None, (f"{lib_dir} is libtorch {version}, but DJL 0.35.1's PyTorch JNI needs exactly "
                      f"{REQUIRED_VERSION} (pip install torch=={REQUIRED_VERSION} "
                      "--index-url https://download.pytorch.org/whl/cu128, or the libtorch 2.7.1 zip)")
    has_cuda = (lib_dir / "libtorch_cuda.so").exists()
    if flavor is None:
        if re.fullmatch(r"cpu|cu\d+", local or ""):
            flavor = local
        else:
            flavor = "cu128" if has_cuda else "cpu"
    if flavor.startswith("cu") and not has_cuda:
        return None, f"{lib_dir} has no libtorch_cuda.so, so it is not a CUDA build (flavor {flavor})"
    if jni_jar:
        flavors = jni_flavors(jni_jar)
        if flavor not in flavors:
            return None, (f"DJL's pytorch-jni jar has JNI builds for {', '.join(sorted(flavors))} only, "
                          f"not {flavor}: use a libtorch 2.7.1 build of one of those")
    return {
        "PYTORCH_LIBRARY_PATH": str(lib_dir),
        "PYTORCH_VERSION": version,
        "PYTORCH_FLAVOR": flavor,
    }, None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--jni-jar", help="DJL's pytorch-jni jar, to check a JNI build exists for the flavor")
    parser.add_argument("--env-file", help="also write the settings to this file (sourced by the kit's launchers)")
    args = parser.parse_args(argv)
    settings, problem = inspect(args.folder, args.jni_jar, os.environ.get("PYTORCH_FLAVOR") or None,
                                os.environ.get("PYTORCH_VERSION") or None)
    if problem:
        print(f"libtorch folder: {problem}", file=sys.stderr)
        return 1
    lines = [f"{key}={value}" for key, value in settings.items()]
    if args.env_file:
        path = pathlib.Path(args.env_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# written by environment/setup --libtorch; remove with --libtorch none\n"
                        + "".join(f"export {key}={shlex.quote(value)}\n" for key, value in settings.items()))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
