"""Tests of environment/libtorch_folder.py (stdlib only).

Run: python3 -m unittest discover -s environment -p 'test_libtorch_folder.py'
"""
import contextlib
import io
import pathlib
import subprocess
import tempfile
import unittest
import zipfile

import libtorch_folder


class LibtorchFolderTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = pathlib.Path(self.tmp.name)
        self.jar = self.dir / "pytorch-jni.jar"
        with zipfile.ZipFile(self.jar, "w") as z:
            for flavor in ("cpu", "cu128"):
                z.writestr(f"jnilib/linux-x86_64/{flavor}/libdjl_torch.so", b"")
            z.writestr("jnilib/linux-aarch64/cu124/libdjl_torch.so", b"")

    def tearDown(self):
        self.tmp.cleanup()

    def libtorch(self, name, version_file=None, version_py=None, cuda=False):
        lib = self.dir / name / "lib"
        lib.mkdir(parents=True)
        for so in libtorch_folder.LIBS + (("libtorch_cuda.so",) if cuda else ()):
            (lib / so).write_bytes(b"")
        if version_file:
            (lib.parent / "build-version").write_text(version_file + "\n")
        if version_py:
            (lib.parent / "version.py").write_text(f"__version__ = '{version_py}'\ncuda = '12.8'\n")
        return lib

    def test_a_libtorch_zip_folder_gives_djls_three_settings(self):
        lib = self.libtorch("libtorch", version_file="2.7.1+cu128", cuda=True)
        settings, problem = libtorch_folder.inspect(lib.parent, self.jar)
        self.assertIsNone(problem)
        self.assertEqual(settings, {"PYTORCH_LIBRARY_PATH": str(lib.resolve()), "PYTORCH_VERSION": "2.7.1",
                                    "PYTORCH_FLAVOR": "cu128"})

    def test_a_pip_wheel_torch_lib_folder_reads_torch_version_py(self):
        lib = self.libtorch("torch", version_py="2.7.1+cpu")
        settings, problem = libtorch_folder.inspect(lib, self.jar)
        self.assertIsNone(problem)
        self.assertEqual(settings["PYTORCH_FLAVOR"], "cpu")

    def test_another_version_is_refused_with_what_to_install(self):
        lib = self.libtorch("torch", version_py="2.11.0+cu130", cuda=True)
        settings, problem = libtorch_folder.inspect(lib, self.jar)
        self.assertIsNone(settings)
        self.assertIn("needs exactly 2.7.1", problem)
        self.assertIn("pip install torch==2.7.1", problem)

    def test_a_flavor_without_a_jni_build_and_a_cuda_flavor_without_cuda_libraries_are_refused(self):
        lib = self.libtorch("libtorch", version_file="2.7.1+cu126", cuda=True)
        self.assertIn("cpu, cu128 only", libtorch_folder.inspect(lib, self.jar)[1])
        cpu_only = self.libtorch("other", version_file="2.7.1")
        self.assertIn("no libtorch_cuda.so", libtorch_folder.inspect(cpu_only, self.jar, flavor="cu128")[1])

    def test_folders_without_libtorch_or_a_version_say_what_to_do(self):
        empty = self.dir / "empty"
        empty.mkdir()
        self.assertIn("holds no libtorch.so", libtorch_folder.inspect(empty)[1])
        lib = self.libtorch("unknown")
        self.assertIn("set PYTORCH_VERSION=2.7.1", libtorch_folder.inspect(lib)[1])
        self.assertEqual(libtorch_folder.inspect(lib, version="2.7.1")[0]["PYTORCH_VERSION"], "2.7.1")

    def test_the_env_file_is_sourceable_even_with_spaces_in_the_path(self):
        lib = self.libtorch("with space", version_file="2.7.1+cpu")
        env_file = self.dir / "build" / "libtorch.env"
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(libtorch_folder.main([str(lib), "--jni-jar", str(self.jar), "--env-file", str(env_file)]), 0)
        script = 'source "$1"; echo "$PYTORCH_LIBRARY_PATH|$PYTORCH_FLAVOR"'
        out = subprocess.run(["bash", "-c", script, "bash", str(env_file)],
                             capture_output=True, text=True, check=True).stdout.strip()
        self.assertEqual(out, f"{lib.resolve()}|cpu")


if __name__ == "__main__":
    unittest.main()
