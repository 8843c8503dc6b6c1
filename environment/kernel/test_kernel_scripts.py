"""Tests of the kernelspec writer and the IJava zip unpacker (stdlib only).

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

import make_kernelspec
import unpack_ijava


class KernelspecTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)
        self.root = self.dir / "repo"
        self.venv = self.dir / "venv"
        self.venv.mkdir()
        self.jars = [str(self.dir / "a.jar"), str(self.dir / "b c.jar")]
        self.cp_file = self.dir / "classpath.txt"
        self.cp_file.write_text(os.pathsep.join(self.jars) + "\n")
        self.kernel_jar = self.dir / "kernel.jar"
        self.kernel_jar.write_bytes(b"PK")

    def tearDown(self):
        self.tmp.cleanup()

    def spec(self, kernel, **extra):
        args = ["--kernel", kernel, "--root", str(self.root), "--venv", str(self.venv), "--java", "/jdk/bin/java",
                "--engine", extra.get("engine", "MXNet"), "--offline", "true",
                "--native-access", extra.get("native", "no"), "--classpath-file", str(self.cp_file)]
        if kernel == "rapaio":
            args += ["--library", "/snapshot/logokit-lib.jar"]
        if kernel in ("rapaio", "ijava"):
            args += ["--kernel-jar", str(self.kernel_jar)]
        if kernel == "rapaio":
            args += ["--launcher", "/launcher"]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            make_kernelspec.main(args + ["--print"])
        return json.loads(out.getvalue())

    def test_rapaio_spec_starts_the_launcher_with_the_library_on_a_semicolon_classpath(self):
        spec = self.spec("rapaio")
        self.assertEqual(spec["display_name"], "Java (logokit)")
        self.assertEqual(spec["language"], "java")
        argv = spec["argv"]
        self.assertEqual(argv[:2], [str(self.root / "environment" / "kernel" / "run-java"), "/jdk/bin/java"])
        self.assertEqual(argv[-2:], ["org.logokit.kernellauncher.RapaioLauncher", "{connection_file}"])
        self.assertEqual(argv[argv.index("-cp") + 1], os.pathsep.join(["/launcher", str(self.kernel_jar)]))
        for option in ("-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.logFile=System.out",
                       "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"):
            self.assertIn(option, argv)
        self.assertNotIn("--enable-native-access=ALL-UNNAMED", argv)
        env = spec["env"]
        self.assertEqual(env["RJK_CLASSPATH"].split(";"), ["/snapshot/logokit-lib.jar"] + self.jars)
        self.assertEqual(env["RJK_INIT_SCRIPT"], str(self.root / "environment" / "kernel" / "startup.jshell"))
        self.assertEqual(env["LOGOKIT_HOME"], str(self.root))
        self.assertEqual(env["DJL_DEFAULT_ENGINE"], "MXNet")
        self.assertEqual(env["DJL_OFFLINE"], "true")

    def test_native_access_flag_and_engine_are_passed_through(self):
        spec = self.spec("rapaio", native="yes", engine="PyTorch")
        self.assertIn("--enable-native-access=ALL-UNNAMED", spec["argv"])
        self.assertLess(spec["argv"].index("--enable-native-access=ALL-UNNAMED"), spec["argv"].index("-cp"))
        self.assertEqual(spec["env"]["DJL_DEFAULT_ENGINE"], "PyTorch")

    def test_ijava_spec_runs_the_jar_with_a_path_separated_classpath(self):
        spec = self.spec("ijava")
        argv = spec["argv"]
        self.assertEqual(argv[argv.index("-jar") + 1], str(self.kernel_jar))
        self.assertEqual(spec["env"]["IJAVA_CLASSPATH"].split(os.pathsep),
                         [str(self.root / "lib" / "target" / "classes")] + self.jars)
        self.assertTrue(spec["env"]["IJAVA_STARTUP_SCRIPTS_PATH"].endswith("startup.jshell"))
        self.assertNotIn("RJK_CLASSPATH", spec["env"])

    def test_jjava_spec_uses_the_jar_that_pip_installed(self):
        installed = self.venv / "share" / "jupyter" / "kernels" / "java"
        installed.mkdir(parents=True)
        (installed / "jjava-1.0-a5.jar").write_bytes(b"PK")
        (installed / "kernel.json").write_text(json.dumps(
            {"argv": ["java", "-jar", "{resource_dir}/jjava-1.0-a5.jar", "{connection_file}"]}))
        spec = self.spec("jjava")
        self.assertEqual(spec["argv"][spec["argv"].index("-jar") + 1], str(installed / "jjava-1.0-a5.jar"))
        self.assertIn("JJAVA_CLASSPATH", spec["env"])
        self.assertIn("JJAVA_STARTUP_SCRIPTS_PATH", spec["env"])

    def test_jjava_without_its_jar_fails_clearly(self):
        with self.assertRaises(SystemExit) as raised:
            self.spec("jjava")
        self.assertIn("pip install jjava", str(raised.exception.code))

    def test_empty_classpath_file_fails_clearly(self):
        self.cp_file.write_text("\n")
        with self.assertRaises(SystemExit) as raised:
            self.spec("rapaio")
        self.assertIn("empty", str(raised.exception.code))

    def test_install_writes_the_spec_into_the_venv_only(self):
        args = ["--kernel", "rapaio", "--root", str(self.root), "--venv", str(self.venv), "--java", "/jdk/bin/java",
                "--classpath-file", str(self.cp_file), "--kernel-jar", str(self.kernel_jar), "--launcher", "/l"]
        with contextlib.redirect_stdout(io.StringIO()):
            make_kernelspec.main(args)
        written = self.venv / "share" / "jupyter" / "kernels" / "logokit-java" / "kernel.json"
        self.assertEqual(json.loads(written.read_text())["display_name"], "Java (logokit)")


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


class UnpackIJavaTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def make_zip(self, entries):
        path = self.dir / "ijava.zip"
        with zipfile.ZipFile(path, "w") as z:
            for name, data in entries.items():
                z.writestr(name, data)
        return path

    def test_release_layout_is_unpacked(self):
        spec = {"argv": ["java", "-jar", "{resource_dir}/ijava-1.3.0.jar", "{connection_file}"],
                "display_name": "Java", "language": "java"}
        zip_path = self.make_zip({"install.py": "", "java/kernel.json": json.dumps(spec),
                                  "java/ijava-1.3.0.jar": b"PK-jar-bytes"})
        jar = unpack_ijava.unpack(zip_path, self.dir / "out")
        self.assertEqual(jar.read_bytes(), b"PK-jar-bytes")
        self.assertEqual(json.loads((self.dir / "out" / "upstream-kernel.json").read_text())["argv"], spec["argv"])

    def test_a_zip_without_the_jar_is_rejected_with_a_message(self):
        zip_path = self.make_zip({"java/kernel.json": json.dumps({"argv": []})})
        with self.assertRaises(ValueError) as raised:
            unpack_ijava.unpack(zip_path, self.dir / "out")
        self.assertIn("not an IJava release zip", str(raised.exception))
        self.assertFalse((self.dir / "out").exists())

    def test_a_file_that_is_not_a_zip_is_rejected(self):
        bad = self.dir / "ijava.zip"
        bad.write_text("not a zip")
        with self.assertRaises(ValueError) as raised:
            unpack_ijava.unpack(bad, self.dir / "out")
        self.assertIn("not a readable zip", str(raised.exception))
        self.assertEqual(unpack_ijava.main([str(bad), str(self.dir / "out")]), 1)


if __name__ == "__main__":
    unittest.main()
