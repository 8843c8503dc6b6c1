#!/usr/bin/env python3
"""Writes the course kernelspec "logokit-java" into a venv (called by environment/setup).

One kernel.json per supported Java kernel, all with the library and its dependencies on the
classpath, the course's startup imports, logging to stdout at WARN (nbgrader scores a cell with
any stderr output as zero) and a headless JVM:

Every argv starts with environment/kernel/run-java, which sets the engines' thread counts
(LOGOKIT_THREADS, default all cores) before it starts java.

  rapaio  java <opts> -cp <launcher>:<rapaio jar> org.logokit.kernellauncher.RapaioLauncher {connection_file}
          RJK_CLASSPATH (';'-separated), RJK_INIT_SCRIPT
  ijava   java <opts> -jar <ijava jar> {connection_file}
          IJAVA_CLASSPATH (path-separated), IJAVA_STARTUP_SCRIPTS_PATH
  jjava   java <opts> -jar <jjava jar> {connection_file}   (jar found in the kernelspec pip installed)
          JJAVA_CLASSPATH (path-separated), JJAVA_STARTUP_SCRIPTS_PATH
"""
import argparse
import json
import os
import pathlib
import sys

KERNEL_NAME = "logokit-java"
DISPLAY_NAME = "Java (logokit)"


def jvm_options(native_access):
    options = [
        "-Djava.awt.headless=true",
        "-Dorg.slf4j.simpleLogger.logFile=System.out",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        # CudaUtils warns once per probe on machines with a CUDA runtime but no driver.
        "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error",
    ]
    if native_access:
        options.append("--enable-native-access=ALL-UNNAMED")
    return options


def find_jjava_jar(venv):
    """Returns the jar that `pip install jjava` put in the venv, from the kernelspec it installed."""
    for spec in sorted((venv / "share" / "jupyter" / "kernels").glob("*/kernel.json")):
        if spec.parent.name == KERNEL_NAME:
            continue
        try:
            argv = json.loads(spec.read_text()).get("argv", [])
        except (OSError, ValueError):
            continue
        for arg in argv:
            if arg.endswith(".jar") and "jjava" in pathlib.Path(arg).name.lower():
                jar = pathlib.Path(arg.replace("{resource_dir}", str(spec.parent)))
                if jar.is_file():
                    return jar
    for jar in sorted(venv.rglob("*.jar")):
        if "jjava" in jar.name.lower() and "jupyter" not in jar.name.lower():
            return jar
    return None


def build_spec(args):
    root = pathlib.Path(args.root).resolve()
    venv = pathlib.Path(args.venv).resolve()
    jars = [p for p in pathlib.Path(args.classpath_file).read_text().strip().split(os.pathsep) if p]
    if not jars:
        raise SystemExit(f"make_kernelspec: {args.classpath_file} is empty: build the library first")
    library = args.library or str(root / "lib" / "target" / "classes")
    classpath = [library] + jars
    startup = str(root / "environment" / "kernel" / "startup.jshell")
    env = {
        "LOGOKIT_HOME": str(root),
        "DJL_DEFAULT_ENGINE": args.engine,
        "DJL_OFFLINE": args.offline,
        "LOGOKIT_KERNEL": args.kernel,
    }
    # run-java sizes the engines' thread pools before the JVM starts (environment/threads.sh)
    run_java = str(root / "environment" / "kernel" / "run-java")
    java = [run_java, args.java] + jvm_options(args.native_access == "yes")
    if args.kernel == "rapaio":
        if not args.kernel_jar or not pathlib.Path(args.kernel_jar).is_file():
            raise SystemExit("make_kernelspec: the rapaio kernel jar is missing")
        argv = java + ["-cp", os.pathsep.join([args.launcher, args.kernel_jar]),
                       "org.logokit.kernellauncher.RapaioLauncher", "{connection_file}"]
        env["RJK_CLASSPATH"] = ";".join(classpath)
        env["RJK_INIT_SCRIPT"] = startup
    elif args.kernel == "ijava":
        if not args.kernel_jar or not pathlib.Path(args.kernel_jar).is_file():
            raise SystemExit("make_kernelspec: the IJava jar is missing: run environment/setup --kernel ijava --ijava-zip PATH")
        argv = java + ["-jar", args.kernel_jar, "{connection_file}"]
        env["IJAVA_CLASSPATH"] = os.pathsep.join(classpath)
        env["IJAVA_STARTUP_SCRIPTS_PATH"] = startup
    else:
        jar = find_jjava_jar(venv)
        if jar is None:
            raise SystemExit("make_kernelspec: `pip install jjava` left no jjava jar in the venv; "
                             "reinstall it or use --kernel rapaio")
        argv = java + ["-jar", str(jar), "{connection_file}"]
        env["JJAVA_CLASSPATH"] = os.pathsep.join(classpath)
        env["JJAVA_STARTUP_SCRIPTS_PATH"] = startup
    return {
        "argv": argv,
        "display_name": DISPLAY_NAME,
        "language": "java",
        "interrupt_mode": "message",
        "env": env,
        "metadata": {"logokit": {"kernel": args.kernel, "engine": args.engine}},
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernel", choices=["rapaio", "ijava", "jjava"], required=True)
    parser.add_argument("--root", required=True, help="the repository root")
    parser.add_argument("--venv", required=True)
    parser.add_argument("--java", required=True, help="absolute path of the java binary")
    parser.add_argument("--engine", choices=["MXNet", "PyTorch"], default="MXNet")
    parser.add_argument("--offline", choices=["true", "false"], default="true")
    parser.add_argument("--native-access", choices=["yes", "no"], default="no")
    parser.add_argument("--classpath-file", required=True)
    parser.add_argument("--library", help="the library jar or classes folder (default: <root>/lib/target/classes)")
    parser.add_argument("--kernel-jar")
    parser.add_argument("--launcher", help="folder with the compiled RapaioLauncher")
    parser.add_argument("--print", action="store_true", help="print the spec instead of installing it")
    args = parser.parse_args(argv)
    spec = build_spec(args)
    if args.print:
        json.dump(spec, sys.stdout, indent=2)
        return 0
    target = pathlib.Path(args.venv) / "share" / "jupyter" / "kernels" / KERNEL_NAME
    target.mkdir(parents=True, exist_ok=True)
    (target / "kernel.json").write_text(json.dumps(spec, indent=2) + "\n")
    print(f"    wrote {target / 'kernel.json'} ({args.kernel}, engine {args.engine}, DJL offline {args.offline})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
