"""The grading sandbox, for real: a shell inside it must not see or change what it must not."""
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

from nbtools import sandbox

AVAILABLE, WHY = sandbox.probe()


def fake_kit(root: Path) -> None:
    for path, text in {"lib/pom.xml": "<project/>", "notebooks/01.ipynb": "{}",
                       "solutions/01.ipynb": "BEGIN SOLUTION secret",
                       "environment/build/executed/solutions/01.ipynb": "secret output",
                       "environment/build/lib/kit.jar": "jar", "data/ds/images.txt": "img",
                       "data/big.bin": "b", "notebooks/submissions/bob/01.ipynb": "bob's"}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


@unittest.skipUnless(AVAILABLE or os.environ.get("CI") == "true", f"no sandbox here: {WHY}")
class SandboxTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not AVAILABLE:
            raise AssertionError(f"CI must have a working sandbox: {WHY}")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name) / "kit"
        os.makedirs(cls.root)
        os.chmod(cls.tmp.name, 0o755)
        fake_kit(cls.root)
        spec = {"argv": ["/bin/true", str(cls.root / "environment/build/lib/kit.jar"),
                         "{connection_file}"], "env": {"LOGOKIT_HOME": str(cls.root)}}
        cls.box = sandbox.Sandbox(spec, root=cls.root, data_dir=cls.root / "data",
                                  hidden=[cls.root / "notebooks" / "submissions"],
                                  limits=sandbox.Limits(scratch_bytes=4 << 20),
                                  work=Path(cls.tmp.name) / "work")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def shell(self, script: str) -> subprocess.CompletedProcess:
        return subprocess.run(self.box.command(["/bin/sh", "-c", script]), capture_output=True,
                              text=True, timeout=60, cwd=self.tmp.name)

    def ok(self, script: str) -> str:
        done = self.shell(script)
        self.assertEqual(done.returncode, 0, f"{script}: {done.stderr}")
        return done.stdout

    def fails(self, script: str) -> None:
        done = self.shell(script)
        self.assertNotEqual(done.returncode, 0, f"{script} should fail: {done.stdout}")

    def test_the_kit_is_visible_and_read_only(self):
        root = self.root
        self.assertEqual(self.ok(f"cat {root}/notebooks/01.ipynb"), "{}")
        self.fails(f"echo x > {root}/notebooks/01.ipynb")
        self.fails(f"rm {root}/lib/pom.xml")
        self.assertEqual((root / "lib/pom.xml").read_text(), "<project/>")

    def test_solutions_executed_copies_and_other_submissions_are_invisible(self):
        root = self.root
        self.fails(f"cat {root}/solutions/01.ipynb")
        self.fails(f"cat {root}/notebooks/submissions/bob/01.ipynb")
        self.assertEqual(self.ok(f"ls {root}/environment/build"), "lib\n")
        self.assertEqual(self.ok(f"cat {root}/environment/build/lib/kit.jar"), "jar")
        self.assertEqual(self.ok(f"grep -rl secret {root} /tmp 2>/dev/null || true"), "")

    def test_data_is_readable_and_new_data_lands_in_the_scratch(self):
        data = self.root / "data"
        self.assertEqual(self.ok(f"cat {data}/ds/images.txt"), "img")
        self.fails(f"echo x > {data}/ds/images.txt")
        self.ok(f"echo new > {data}/ds/new.txt && cat {data}/ds/new.txt && echo y > /tmp/t"
                " && echo z > $HOME/z")
        self.assertFalse((data / "ds" / "new.txt").exists(), "the real data folder is unchanged")

    def test_the_scratch_is_bounded_and_there_is_no_network(self):
        self.fails("dd if=/dev/zero of=/tmp/big bs=1M count=8 2>/dev/null")
        interfaces = self.ok("tail -n +3 /proc/net/dev | cut -d: -f1")
        self.assertEqual(interfaces.split(), ["lo"])
        self.assertEqual(self.ok("ls /proc | grep -c '^[0-9]'").strip() in ("2", "3", "4"), True)

    def test_no_privileges_inside(self):
        status = self.ok("grep -E '^(NoNewPrivs|CapEff)' /proc/self/status")
        self.assertIn("NoNewPrivs:\t1", status)
        self.assertIn("CapEff:\t0000000000000000", status)


class ProbeTest(unittest.TestCase):

    def test_without_bwrap_the_message_says_how_to_install_it(self):
        original = sandbox.bwrap_path
        sandbox.bwrap_path = lambda: None
        try:
            ok, why = sandbox.probe()
        finally:
            sandbox.bwrap_path = original
        self.assertFalse(ok)
        self.assertIn("apt-get install bubblewrap", why)


if __name__ == "__main__":
    unittest.main()
