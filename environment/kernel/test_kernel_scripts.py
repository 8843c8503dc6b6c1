"""Tests of the kernelspec writer and the IJava / JJava unpacker (stdlib only).

The IJava and JJava fixtures have the layouts users download: IJava's release zip (install.py,
java/kernel.json, java/ijava-1.3.0.jar) and JJava's wheel (jjava-<v>.data/data/share/jupyter/
kernels/java/ with kernel.json, jjava-launcher.jar and jjava.jar), its kernelspec zip and the folder
`pip install jjava` writes, with JJava's own kernel.json and jar manifests.

Run: python3 -m unittest discover -s environment/kernel -p 'test_*.py'
"""
import contextlib
import io
import json
import os
import pathlib
import sys
import tempfile
import unittest
import zipfile

import kernel_dist
import make_kernelspec
import shadowed_kernel

IJAVA_MAIN = "io.github.spencerpark.ijava.IJava"
JJAVA_MAIN = "org.dflib.jjava.distro.JJava"
JJAVA_LAUNCHER_MAIN = "org.dflib.jjava.launcher.KernelLauncher"
# The kernelspec every pip-era JJava ships (kernelspec/java/kernel.json in its repository).
JJAVA_KERNEL_JSON = {
    "argv": ["java", "-jar", "{resource_dir}/jjava-launcher.jar", "{resource_dir}/jjava.jar", "{connection_file}"],
    "display_name": "Java (jjava)", "language": "java", "interrupt_mode": "message", "env": {}, "metadata": {}}
IJAVA_KERNEL_JSON = {
    "argv": ["java", "-jar", "@KERNEL_INSTALL_DIRECTORY@/ijava-1.3.0.jar", "{connection_file}"],
    "display_name": "Java", "language": "java", "interrupt_mode": "message", "env": {}}


def jar_bytes(main_class, entries=None):
    """A jar (zip) with a manifest naming ``main_class`` and the given extra entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as jar:
        manifest = "Manifest-Version: 1.0\r\nCreated-By: test\r\n"
        if main_class:
            manifest += f"Main-Class: {main_class}\r\n"
        jar.writestr("META-INF/MANIFEST.MF", manifest + "\r\n")
        for name, data in (entries or {}).items():
            jar.writestr(name, data)
    return buffer.getvalue()


def jjava_jar(version="1.0-a7"):
    return jar_bytes(JJAVA_MAIN, {"META-INF/maven/org.dflib.jjava/jjava-distro/pom.properties":
                                  f"artifactId=jjava-distro\nversion={version}\n"})


def ijava_jar(version="1.3.0"):
    return jar_bytes(IJAVA_MAIN, {"ijava-kernel-metadata.json": json.dumps({"version": version, "project": "ijava"})})


def write_zip(path, entries):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


def jjava_files(prefix=""):
    """JJava's kernelspec folder content; the launcher sorts before the kernel jar, as in reality."""
    return {prefix + "kernel.json": json.dumps(JJAVA_KERNEL_JSON),
            prefix + "jjava-launcher.jar": jar_bytes(JJAVA_LAUNCHER_MAIN),
            prefix + "jjava.jar": jjava_jar()}


class Fixture(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def jjava_wheel(self):
        return write_zip(self.dir / "jjava-1.0a7-py3-none-any.whl", {
            "jjava/__init__.py": "", "jjava-1.0a7.dist-info/WHEEL": "Wheel-Version: 1.0\n",
            **jjava_files("jjava-1.0a7.data/data/share/jupyter/kernels/java/")})

    def ijava_zip(self):
        return write_zip(self.dir / "ijava-1.3.0.zip", {
            "install.py": "# installer\n", "java/kernel.json": json.dumps(IJAVA_KERNEL_JSON),
            "java/ijava-1.3.0.jar": ijava_jar()})


class KernelspecTest(Fixture):
    def setUp(self):
        super().setUp()
        self.root = self.dir / "repo"
        self.venv = self.dir / "venv"
        self.venv.mkdir()
        self.launcher = self.dir / "launcher"
        self.launcher.mkdir()
        self.jars = [str(self.dir / "a.jar"), str(self.dir / "b c.jar")]
        self.cp_file = self.dir / "classpath.txt"
        self.cp_file.write_text(os.pathsep.join(self.jars) + "\n")
        self.rapaio_jar = self.dir / "rapaio-jupyter-kernel-3.0.1.jar"
        self.rapaio_jar.write_bytes(jar_bytes("org.rapaio.jupyter.kernel.MainApp"))

    def spec(self, kernel, kernel_jar, **extra):
        args = ["--kernel", kernel, "--root", str(self.root), "--venv", str(self.venv), "--java", "/jdk/bin/java",
                "--engine", extra.get("engine", "MXNet"), "--offline", "true",
                "--native-access", extra.get("native", "no"), "--classpath-file", str(self.cp_file),
                "--library", "/snapshot/logokit-lib.jar", "--kernel-jar", str(kernel_jar),
                "--launcher", str(self.launcher)]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            make_kernelspec.main(args + ["--print"])
        return json.loads(out.getvalue())

    def unpacked(self, kind, source):
        kernel_dist.unpack(kind, source, self.dir / kind)
        return self.dir / kind / "kernel.jar"

    def assert_course_options(self, argv):
        self.assertEqual(argv[:2], [str(self.root / "environment" / "kernel" / "run-java"), "/jdk/bin/java"])
        for option in ("-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.logFile=System.out",
                       "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"):
            self.assertIn(option, argv)
            self.assertLess(argv.index(option), argv.index("-cp"))
        self.assertEqual(argv[-1], "{connection_file}")

    def test_rapaio_spec_starts_the_launcher_with_the_library_on_a_semicolon_classpath(self):
        spec = self.spec("rapaio", self.rapaio_jar)
        self.assertEqual(spec["display_name"], "Java (logokit)")
        self.assertEqual(spec["language"], "java")
        argv = spec["argv"]
        self.assert_course_options(argv)
        self.assertEqual(argv[-2:], ["org.logokit.kernellauncher.RapaioLauncher", "{connection_file}"])
        self.assertEqual(argv[argv.index("-cp") + 1], os.pathsep.join([str(self.launcher), str(self.rapaio_jar)]))
        self.assertNotIn("--enable-native-access=ALL-UNNAMED", argv)
        env = spec["env"]
        self.assertEqual(env["RJK_CLASSPATH"].split(";"), ["/snapshot/logokit-lib.jar"] + self.jars)
        self.assertEqual(env["RJK_INIT_SCRIPT"], str(self.root / "environment" / "kernel" / "startup.jshell"))
        self.assertEqual(env["LOGOKIT_HOME"], str(self.root))
        self.assertEqual(env["DJL_DEFAULT_ENGINE"], "MXNet")
        self.assertEqual(env["DJL_OFFLINE"], "true")

    def test_native_access_flag_and_engine_are_passed_through(self):
        spec = self.spec("rapaio", self.rapaio_jar, native="yes", engine="PyTorch")
        self.assertIn("--enable-native-access=ALL-UNNAMED", spec["argv"])
        self.assertLess(spec["argv"].index("--enable-native-access=ALL-UNNAMED"), spec["argv"].index("-cp"))
        self.assertEqual(spec["env"]["DJL_DEFAULT_ENGINE"], "PyTorch")

    def test_ijava_spec_starts_the_release_jar_through_the_course_launcher(self):
        jar = self.unpacked("ijava", self.ijava_zip())
        spec = self.spec("ijava", jar)
        argv = spec["argv"]
        self.assert_course_options(argv)
        self.assertEqual(argv[argv.index("-cp") + 1], os.pathsep.join([str(self.launcher), str(jar)]))
        self.assertEqual(argv[-3:], ["org.logokit.kernellauncher.KernelMain", IJAVA_MAIN, "{connection_file}"])
        self.assertNotIn("-jar", argv)
        self.assertEqual(spec["env"]["IJAVA_CLASSPATH"].split(os.pathsep), ["/snapshot/logokit-lib.jar"] + self.jars)
        self.assertTrue(spec["env"]["IJAVA_STARTUP_SCRIPTS_PATH"].endswith("startup.jshell"))
        self.assertNotIn("RJK_CLASSPATH", spec["env"])

    def test_jjava_spec_from_the_wheel_starts_the_kernel_jar_not_the_launcher(self):
        jar = self.unpacked("jjava", self.jjava_wheel())
        spec = self.spec("jjava", jar)
        argv = spec["argv"]
        self.assert_course_options(argv)
        # The JVM option JJava's launcher would have added, before the main class.
        opens = argv.index("--add-opens")
        self.assertEqual(argv[opens + 1], "jdk.jshell/jdk.jshell=ALL-UNNAMED")
        self.assertLess(opens, argv.index("-cp"))
        self.assertEqual(argv[argv.index("-cp") + 1], os.pathsep.join([str(self.launcher), str(jar)]))
        self.assertEqual(argv[-3:], ["org.logokit.kernellauncher.KernelMain", JJAVA_MAIN, "{connection_file}"])
        self.assertFalse(any("launcher.jar" in a for a in argv), argv)
        self.assertEqual(spec["env"]["JJAVA_CLASSPATH"].split(os.pathsep), ["/snapshot/logokit-lib.jar"] + self.jars)
        self.assertTrue(spec["env"]["JJAVA_STARTUP_SCRIPTS_PATH"].endswith("startup.jshell"))
        self.assertEqual(kernel_dist.main_class(jar), JJAVA_MAIN)

    def test_missing_kernel_jar_fails_with_the_setup_command(self):
        with self.assertRaises(SystemExit) as raised:
            self.spec("jjava", self.dir / "jjava" / "kernel.jar")
        self.assertIn("environment/setup --kernel jjava", str(raised.exception.code))

    def test_empty_classpath_file_fails_clearly(self):
        self.cp_file.write_text("\n")
        with self.assertRaises(SystemExit) as raised:
            self.spec("rapaio", self.rapaio_jar)
        self.assertIn("empty", str(raised.exception.code))

    def test_kernel_version_goes_into_the_metadata(self):
        args = ["--kernel", "rapaio", "--root", str(self.root), "--venv", str(self.venv), "--java", "/jdk/bin/java",
                "--classpath-file", str(self.cp_file), "--kernel-jar", str(self.rapaio_jar),
                "--launcher", str(self.launcher), "--kernel-version", "3.0.1"]
        with contextlib.redirect_stdout(io.StringIO()):
            make_kernelspec.main(args)
        written = self.venv / "share" / "jupyter" / "kernels" / "logokit-java" / "kernel.json"
        spec = json.loads(written.read_text())
        self.assertEqual(spec["display_name"], "Java (logokit)")
        self.assertEqual(spec["metadata"]["logokit"], {"kernel": "rapaio", "engine": "MXNet", "kernel_version": "3.0.1"})


class RunJavaTest(unittest.TestCase):
    """environment/kernel/run-java with a stand-in "java" that prints its arguments and environment."""
    SCRIPT = pathlib.Path(__file__).resolve().parent / "run-java"

    def run_java(self, **env):
        import subprocess
        full = {k: v for k, v in os.environ.items()
                if k not in ("LOGOKIT_THREADS", "OMP_NUM_THREADS", "MXNET_CPU_WORKER_NTHREADS")}
        full.update(env)
        with tempfile.TemporaryDirectory() as tmp:
            fake_java = pathlib.Path(tmp) / "java"
            fake_java.write_text(f"#!{sys.executable}\nimport json, os, sys\n"
                                 "print(json.dumps({'args': sys.argv[1:], 'env': dict(os.environ)}))\n")
            fake_java.chmod(0o755)
            out = subprocess.run([str(self.SCRIPT), str(fake_java), "MainClass"],
                                 env=full, capture_output=True, text=True, check=True)
        self.assertEqual(out.stderr, "")
        return json.loads(out.stdout)

    def test_default_is_every_core_for_both_engines(self):
        cores = str(len(os.sched_getaffinity(0)))
        seen = self.run_java()
        self.assertEqual(seen["env"]["OMP_NUM_THREADS"], cores)
        self.assertEqual(seen["env"]["LOGOKIT_THREADS"], cores)
        self.assertEqual(seen["env"]["MXNET_CPU_WORKER_NTHREADS"], "1")
        self.assertEqual(seen["args"][:3], ["-Dai.djl.pytorch.num_threads=" + cores,
                                            "-Dai.djl.pytorch.num_interop_threads=" + cores,
                                            "-Dlogokit.threads=" + cores])
        self.assertEqual(seen["args"][-1], "MainClass")

    def test_logokit_threads_wins_over_omp_num_threads(self):
        seen = self.run_java(LOGOKIT_THREADS="1", OMP_NUM_THREADS="7")
        self.assertEqual(seen["env"]["OMP_NUM_THREADS"], "1")
        self.assertIn("-Dai.djl.pytorch.num_threads=1", seen["args"])

    def test_omp_num_threads_alone_is_respected(self):
        seen = self.run_java(OMP_NUM_THREADS="3")
        self.assertEqual(seen["env"]["LOGOKIT_THREADS"], "3")

    def test_a_bad_value_falls_back_to_every_core_and_says_why(self):
        cores = str(len(os.sched_getaffinity(0)))
        seen = self.run_java(LOGOKIT_THREADS="many")
        self.assertEqual(seen["env"]["OMP_NUM_THREADS"], cores)
        self.assertIn("not a whole number", seen["env"]["LOGOKIT_THREADS_PROBLEM"])


class KernelDistTest(Fixture):
    def test_ijava_release_zip_is_unpacked_with_its_version(self):
        info = kernel_dist.unpack("ijava", self.ijava_zip(), self.dir / "out")
        self.assertEqual((self.dir / "out" / "kernel.jar").read_bytes(), ijava_jar())
        self.assertEqual(info["version"], "1.3.0")
        self.assertEqual(info["main_class"], IJAVA_MAIN)
        upstream = json.loads((self.dir / "out" / "upstream-kernel.json").read_text())
        self.assertEqual(upstream["argv"], IJAVA_KERNEL_JSON["argv"])
        self.assertEqual(kernel_dist.read_info(self.dir / "out")["version"], "1.3.0")

    def test_ijava_folder_unzipped_by_the_user_works_too(self):
        folder = self.dir / "ijava-1.3.0"
        with zipfile.ZipFile(self.ijava_zip()) as z:
            z.extractall(folder)
        info = kernel_dist.unpack("ijava", folder, self.dir / "out")
        self.assertEqual(info["version"], "1.3.0")

    def test_jjava_wheel_kernelspec_zip_and_pip_folder_give_the_same_kernel_jar(self):
        wheel = self.jjava_wheel()
        kernelspec_zip = write_zip(self.dir / "jjava-1.0-a7-kernelspec.zip", jjava_files())
        pip_folder = self.dir / "venv" / "share" / "jupyter" / "kernels" / "java"
        pip_folder.mkdir(parents=True)
        for name, data in jjava_files().items():
            (pip_folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
        for source in (wheel, kernelspec_zip, pip_folder):
            with self.subTest(source=source.name):
                info = kernel_dist.unpack("jjava", source, self.dir / "out")
                self.assertEqual((self.dir / "out" / "kernel.jar").read_bytes(), jjava_jar())
                self.assertEqual(info["main_class"], JJAVA_MAIN)
                self.assertEqual(info["version"], "1.0-a7")

    def test_a_launcher_only_jjava_folder_is_rejected(self):
        files = jjava_files()
        del files["jjava.jar"]
        with self.assertRaises(kernel_dist.NotADistribution) as raised:
            kernel_dist.unpack("jjava", write_zip(self.dir / "k.zip", files), self.dir / "out")
        self.assertIn("not a JJava distribution", str(raised.exception))
        self.assertFalse((self.dir / "out").exists())

    def test_the_wrong_kind_is_rejected_with_a_message(self):
        with self.assertRaises(kernel_dist.NotADistribution) as raised:
            kernel_dist.unpack("jjava", self.ijava_zip(), self.dir / "out")
        self.assertIn("not a JJava distribution", str(raised.exception))
        with self.assertRaises(kernel_dist.NotADistribution) as raised:
            kernel_dist.unpack("ijava", self.jjava_wheel(), self.dir / "out")
        self.assertIn("not an IJava release", str(raised.exception))

    def test_an_ijava_named_jar_of_another_program_is_rejected(self):
        zip_path = write_zip(self.dir / "ijava.zip", {"java/kernel.json": json.dumps(IJAVA_KERNEL_JSON),
                                                      "java/ijava-1.3.0.jar": jar_bytes("com.example.Other")})
        with self.assertRaises(kernel_dist.NotADistribution) as raised:
            kernel_dist.unpack("ijava", zip_path, self.dir / "out")
        self.assertIn("com.example.Other", str(raised.exception))

    def test_a_zip_without_the_jar_is_rejected_and_nothing_is_written(self):
        zip_path = write_zip(self.dir / "ijava.zip", {"java/kernel.json": json.dumps({"argv": []})})
        with self.assertRaises(kernel_dist.NotADistribution) as raised:
            kernel_dist.unpack("ijava", zip_path, self.dir / "out")
        self.assertIn("not an IJava release", str(raised.exception))
        self.assertFalse((self.dir / "out").exists())

    def test_a_file_that_is_not_a_zip_is_rejected(self):
        bad = self.dir / "ijava.zip"
        bad.write_text("not a zip")
        with self.assertRaises(kernel_dist.NotADistribution) as raised:
            kernel_dist.unpack("ijava", bad, self.dir / "out")
        self.assertIn("not a readable zip", str(raised.exception))
        with contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(kernel_dist.main(["ijava", str(bad), str(self.dir / "out")]), 1)

    def test_manifest_continuation_lines_are_joined(self):
        jar = io.BytesIO()
        with zipfile.ZipFile(jar, "w") as z:
            z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nMain-Class: org.dflib.jjava.dis\r\n"
                                               " tro.JJava\r\n\r\nName: x\r\nMain-Class: nope\r\n")
        self.assertEqual(kernel_dist.jar_manifest(jar.getvalue())["Main-Class"], JJAVA_MAIN)


class ShadowedKernelTest(Fixture):
    def test_the_listed_libraries_go_first_on_the_jvm_classpath_and_nothing_else_changes(self):
        spec = {"argv": ["/jdk/bin/java", "-Dx=1", "-cp", "/launcher:/k.jar", "org.logokit.kernellauncher.KernelMain",
                         IJAVA_MAIN, "{connection_file}"],
                "display_name": "Java (logokit)", "env": {"IJAVA_CLASSPATH": "/lib.jar"}, "metadata": {}}
        shadowed = shadowed_kernel.shadowed_spec(spec, [pathlib.Path("/old/gson-2.8.5.jar"), pathlib.Path("/old/c.jar")])
        cp = shadowed["argv"][shadowed["argv"].index("-cp") + 1].split(os.pathsep)
        self.assertEqual(cp, ["/old/gson-2.8.5.jar", "/old/c.jar", "/launcher", "/k.jar"])
        at = spec["argv"].index("-cp") + 1
        self.assertEqual(shadowed["argv"][:at] + shadowed["argv"][at + 1:], spec["argv"][:at] + spec["argv"][at + 1:])
        self.assertEqual(shadowed["env"], spec["env"])
        self.assertIn("IJava's libraries first", shadowed["display_name"])
        self.assertEqual(spec["argv"][3], "/launcher:/k.jar")  # the installed spec is not modified

    def test_a_spec_without_a_classpath_is_refused(self):
        with self.assertRaises(SystemExit):
            shadowed_kernel.shadowed_spec({"argv": ["java", "-jar", "k.jar", "{connection_file}"]}, [])

    def test_the_libraries_file_lists_ijavas_gson_and_bad_lines_are_refused(self):
        coordinates = shadowed_kernel.read_coordinates(shadowed_kernel.HERE / "ijava-bundled-libraries.txt")
        self.assertIn("com.google.code.gson:gson:2.8.5", coordinates)
        self.assertIn("org.apache.commons:commons-lang3:3.8.1", coordinates)
        bad = self.dir / "libs.txt"
        bad.write_text("# comment\ncom.google.code.gson:gson\n")
        with self.assertRaises(SystemExit) as raised:
            shadowed_kernel.read_coordinates(bad)
        self.assertIn("group:artifact:version", str(raised.exception.code))


if __name__ == "__main__":
    unittest.main()
