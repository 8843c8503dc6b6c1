#!/usr/bin/env python3
"""Writes the course kernelspec "logokit-java" into a venv (called by environment/setup).

One kernel.json per supported Java kernel, all with the library and its dependencies on the
classpath, the course's startup imports, logging to stdout at WARN (nbgrader scores a cell with
any stderr output as zero), a headless JVM, and the course launcher folder first on the JVM's
classpath: its classes apply LOGOKIT_ENGINE, LOGOKIT_LOG and LOGOKIT_KERNEL_LOG before the kernel
starts (environment/kernel/launcher), so the settings mean the same under every kernel.

Every argv starts with environment/kernel/run-java, which sets the engines' thread counts
(LOGOKIT_THREADS, default all cores) before it starts java.

  rapaio  java <opts> -cp <launcher>:<rapaio jar> org.logokit.kernellauncher.RapaioLauncher {connection_file}
          RJK_CLASSPATH (';'-separated), RJK_INIT_SCRIPT
  ijava   java <opts> -cp <launcher>:<ijava jar> org.logokit.kernellauncher.KernelMain <its Main-Class> {connection_file}
          IJAVA_CLASSPATH (path-separated), IJAVA_STARTUP_SCRIPTS_PATH
  jjava   java <opts> --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED -cp <launcher>:<jjava.jar>
               org.logokit.kernellauncher.KernelMain <its Main-Class> {connection_file}
          JJAVA_CLASSPATH (path-separated), JJAVA_STARTUP_SCRIPTS_PATH

JJava's own kernelspec runs jjava-launcher.jar, which starts a second JVM from the first `java` on
PATH with that --add-opens; the course starts the kernel jar (kernel.jar from kernel_dist.py)
directly, with the Java that setup checked.
"""
import argparse
import json
import os
import pathlib
import sys

import kernel_dist

KERNEL_NAME = "logokit-java"
DISPLAY_NAME = "Java (logokit)"
LAUNCHER_MAIN = {"rapaio": "org.logokit.kernellauncher.RapaioLauncher"}
KERNEL_MAIN = "org.logokit.kernellauncher.KernelMain"
#: JVM options a kernel needs (JJava's launcher adds this one: JJava reaches into JShell's internals).
KERNEL_JVM_OPTIONS = {"jjava": ["--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED"]}


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


def build_spec(args):
    root = pathlib.Path(args.root).resolve()
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
    if not args.kernel_jar or not pathlib.Path(args.kernel_jar).is_file():
        how = {"rapaio": "environment/setup --kernel rapaio",
               "ijava": "environment/setup --kernel ijava --ijava-zip PATH",
               "jjava": "environment/setup --kernel jjava [--jjava PATH]"}[args.kernel]
        raise SystemExit(f"make_kernelspec: the {args.kernel} kernel jar is missing ({args.kernel_jar}): run {how}")
    if not args.launcher or not pathlib.Path(args.launcher).is_dir():
        raise SystemExit(f"make_kernelspec: the compiled course launcher folder is missing ({args.launcher}):"
                         " run environment/setup")
    if args.kernel == "rapaio":
        main = [LAUNCHER_MAIN["rapaio"]]
    else:
        kernel_main = kernel_dist.main_class(args.kernel_jar)
        if not kernel_main:
            raise SystemExit(f"make_kernelspec: {args.kernel_jar} has no Main-Class: not a kernel jar")
        main = [KERNEL_MAIN, kernel_main]
    # run-java sizes the engines' thread pools before the JVM starts (environment/threads.sh)
    run_java = str(root / "environment" / "kernel" / "run-java")
    argv = ([run_java, args.java] + jvm_options(args.native_access == "yes") + KERNEL_JVM_OPTIONS.get(args.kernel, [])
            + ["-cp", os.pathsep.join([args.launcher, args.kernel_jar])] + main + ["{connection_file}"])
    if args.kernel == "rapaio":
        env["RJK_CLASSPATH"] = ";".join(classpath)
        env["RJK_INIT_SCRIPT"] = startup
    elif args.kernel == "ijava":
        env["IJAVA_CLASSPATH"] = os.pathsep.join(classpath)
        env["IJAVA_STARTUP_SCRIPTS_PATH"] = startup
    else:
        env["JJAVA_CLASSPATH"] = os.pathsep.join(classpath)
        env["JJAVA_STARTUP_SCRIPTS_PATH"] = startup
    metadata = {"kernel": args.kernel, "engine": args.engine}
    if args.kernel_version:
        metadata["kernel_version"] = args.kernel_version
    return {
        "argv": argv,
        "display_name": DISPLAY_NAME,
        "language": "java",
        "interrupt_mode": "message",
        "env": env,
        "metadata": {"logokit": metadata},
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
    parser.add_argument("--kernel-jar", help="the kernel's jar (rapaio's, or kernel.jar from kernel_dist.py)")
    parser.add_argument("--kernel-version", help="recorded in the spec's metadata (doctor shows it)")
    parser.add_argument("--launcher", help="folder with the compiled course launcher classes")
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
