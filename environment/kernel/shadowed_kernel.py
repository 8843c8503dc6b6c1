#!/usr/bin/env python3
"""Makes a copy of the course kernel with IJava's bundled libraries first on its classpath.

usage: shadowed_kernel.py --venv VENV --out DIR [--name logokit-java-ijava-libs] [--libraries FILE]

IJava 1.3.0's jar carries Gson 2.8.5, commons-lang3 3.8.1, maven-model 3.6.0, ... without
relocating them, and user code's class loader asks the kernel's class loader first, so under IJava
the library and its dependencies run on those older copies. This script reproduces that under
whichever kernel is installed: it fetches the jars listed in ijava-bundled-libraries.txt with
environment/maven (the local cache first, Maven Central when missing), and writes
DIR/kernels/NAME/kernel.json: the installed "logokit-java" spec with those jars first on the JVM's
-cp (the class loader every kernel's user code delegates to first). environment/test runs the
notebooks on it with JUPYTER_PATH=DIR.

With --verify it then starts that kernel once and checks that notebook code really sees the old
Gson (so a notebook run on it cannot pass without testing anything). Exits 1 with a message when
Maven cannot fetch the jars or the check fails.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
KERNEL_NAME = "logokit-java"
DEFAULT_NAME = "logokit-java-ijava-libs"


def read_coordinates(path):
    """The 'group:artifact:version' lines of the libraries file, in order."""
    coordinates = []
    for line in pathlib.Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            if line.count(":") != 2:
                raise SystemExit(f"shadowed_kernel: {path}: '{line}' is not group:artifact:version")
            coordinates.append(line)
    return coordinates


def fetch_jars(coordinates, work):
    """Copies the jars (no transitive dependencies) into work/jars with Maven; returns their paths in order."""
    work = pathlib.Path(work).resolve()
    jars_dir = work / "jars"
    wanted = [jars_dir / f"{c.split(':')[1]}-{c.split(':')[2]}.jar" for c in coordinates]
    if all(j.is_file() for j in wanted):
        return wanted
    work.mkdir(parents=True, exist_ok=True)
    dependencies = "".join(
        f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>"
        for g, a, v in (c.split(":") for c in coordinates))
    (work / "pom.xml").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        "<groupId>org.logokit.test</groupId><artifactId>ijava-bundled-libraries</artifactId>"
        f"<version>1</version><packaging>pom</packaging><dependencies>{dependencies}</dependencies></project>\n")
    # environment/maven: the mvn on PATH, else the kit's pinned Maven.
    command = [str(HERE.parent / "maven"), "-q", "-B", "-f", str(work / "pom.xml"), "dependency:copy-dependencies",
               "-DexcludeTransitive=true", f"-DoutputDirectory={jars_dir}"]
    log = work / "mvn.log"
    for offline in (True, False):  # the local cache first; Maven Central when something is missing
        with open(log, "w") as out:
            done = subprocess.run(command[:1] + (["-o"] if offline else []) + command[1:],
                                  stdout=out, stderr=subprocess.STDOUT).returncode == 0
        if done and all(j.is_file() for j in wanted):
            return wanted
    tail = log.read_text().strip().splitlines()[-5:]
    raise SystemExit("shadowed_kernel: Maven could not fetch IJava's libraries (" + ", ".join(coordinates)
                     + ") from the local cache or Maven Central:\n  " + "\n  ".join(tail) + f"\n  (log: {log})")


def shadowed_spec(spec, jars):
    """``spec`` (a kernel.json dict) with ``jars`` first on its JVM classpath."""
    argv = list(spec["argv"])
    if "-cp" not in argv:
        raise SystemExit("shadowed_kernel: the course kernelspec has no -cp: run environment/setup again")
    at = argv.index("-cp") + 1
    argv[at] = os.pathsep.join([str(j) for j in jars] + [argv[at]])
    shadowed = dict(spec, argv=argv, display_name=spec.get("display_name", "Java (logokit)") + ", IJava's libraries first")
    return shadowed


def main(argv=None):
    parser = argparse.ArgumentParser(prog="shadowed_kernel.py", description=__doc__.splitlines()[0])
    parser.add_argument("--venv", required=True)
    parser.add_argument("--out", required=True, help="folder to put on JUPYTER_PATH (gets kernels/NAME/)")
    parser.add_argument("--name", default=DEFAULT_NAME)
    parser.add_argument("--libraries", default=str(HERE / "ijava-bundled-libraries.txt"))
    parser.add_argument("--verify", action="store_true",
                        help="start the kernel and check that notebook code sees the listed Gson")
    args = parser.parse_args(argv)
    installed = pathlib.Path(args.venv) / "share" / "jupyter" / "kernels" / KERNEL_NAME / "kernel.json"
    if not installed.is_file():
        raise SystemExit(f"shadowed_kernel: no course kernelspec at {installed}: run environment/setup")
    out = pathlib.Path(args.out)
    jars = fetch_jars(read_coordinates(args.libraries), out / "ijava-libraries")
    spec = shadowed_spec(json.loads(installed.read_text()), jars)
    target = out / "kernels" / args.name
    target.mkdir(parents=True, exist_ok=True)
    (target / "kernel.json").write_text(json.dumps(spec, indent=2) + "\n")
    kind = spec.get("metadata", {}).get("logokit", {}).get("kernel", "?")
    print(f"    kernel {args.name} ({kind}) with {len(jars)} jars first on its classpath: "
          + ", ".join(j.name for j in jars))
    return verify(args.name, out, jars) if args.verify else 0


def verify(name, out, jars):
    """Starts the shadowed kernel and checks which Gson jar notebook code gets."""
    import kernel_probe  # needs jupyter_client: only here, so the rest runs on any Python
    gson = next((j.name for j in jars if j.name.startswith("gson-")), None)
    if gson is None:
        return 0
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(out), os.environ.get("JUPYTER_PATH")) if p)
    code = ('System.out.println("gson=" + com.google.gson.Gson.class.getProtectionDomain().getCodeSource()'
            '.getLocation().getPath().replaceAll(".*/", ""));')
    result = kernel_probe.probe(code, name)
    seen = kernel_probe.read_values(result.stdout).get("gson")
    if not result.ok or seen != gson:
        print(f"FAIL  notebook code in {name} sees {seen or 'no Gson'} instead of {gson}"
              + (f": {result.problem}" if result.problem else "")
              + "".join(f"\n        kernel: {line}" for line in result.kernel_log))
        return 1
    print(f"    checked: notebook code in {name} gets com.google.gson from {gson}"
          f" (kernel started in {result.start_seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
