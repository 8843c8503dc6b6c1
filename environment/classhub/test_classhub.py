"""Fast tests of the class hub's pieces that need neither root nor a running hub (seconds):
the password store, the roster, the sheet reader's refusals, the kernelspec relocation, the
Kubernetes configuration's syntax and its agreement with the local hub, and the image's course
copy script. The end-to-end test is test_hub.py (`environment/hub test`, root, minutes)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
KIT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import course  # noqa: E402
import hubctl  # noqa: E402

K8S = HERE / "kubernetes"
DOCKERFILE_KEYWORDS = {"FROM", "ARG", "ENV", "RUN", "COPY", "ADD", "WORKDIR", "USER", "EXPOSE", "ENTRYPOINT",
                       "CMD", "LABEL", "VOLUME", "SHELL", "HEALTHCHECK", "STOPSIGNAL", "ONBUILD"}


class PasswordsAndRoster(unittest.TestCase):
    def test_first_password_sticks_and_others_are_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            store = course.PasswordStore(Path(tmp) / "passwords.json")
            self.assertFalse(store.has("ada"))
            store.set("ada", "correct horse")
            self.assertTrue(store.check("ada", "correct horse"))
            self.assertFalse(store.check("ada", "correct hors"))
            self.assertFalse(store.check("bo", "correct horse"), "an unknown student never matches")
            self.assertEqual(0o600, (Path(tmp) / "passwords.json").stat().st_mode & 0o777)
            self.assertNotIn("correct horse", (Path(tmp) / "passwords.json").read_text(), "only a hash is stored")
            self.assertTrue(store.forget("ada"))
            self.assertFalse(store.has("ada"))

    def test_roster_skips_comments_and_blank_lines(self):
        with tempfile.TemporaryDirectory() as tmp:
            roster = Path(tmp) / "r.txt"
            roster.write_text("# class of 2027\nada\n\n  bo  # late joiner\n#cy\n")
            self.assertEqual(["ada", "bo"], course.read_roster(roster))


class StudentFilesAreReadSafely(unittest.TestCase):
    def test_links_oversized_files_and_folders_are_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            secret = tmp / "secret"
            secret.write_text("instructor only")
            (tmp / "sheet.ipynb").write_text("{}")
            (tmp / "link.ipynb").symlink_to(secret)
            (tmp / "dir.ipynb").mkdir()
            with open(tmp / "big.ipynb", "wb") as big:
                big.truncate(hubctl.MAX_SHEET_BYTES + 1)
            self.assertEqual(b"{}", hubctl.read_sheet(tmp / "sheet.ipynb"))
            with self.assertRaises(OSError):
                hubctl.read_sheet(tmp / "link.ipynb")
            with self.assertRaises((OSError, ValueError)):
                hubctl.read_sheet(tmp / "dir.ipynb")
            with self.assertRaises(ValueError):
                hubctl.read_sheet(tmp / "big.ipynb")
            self.assertFalse(hubctl._safe_dir(tmp / "link.ipynb"))

    def test_private_kernel_files_are_copied_where_students_can_read_them(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            private = tmp / "private"
            private.mkdir(mode=0o700)
            os.chmod(private, 0o700)
            (private / "a.jar").write_bytes(b"jar a")
            public = tmp / "public"
            spec = tmp / "kernel.json"
            spec.write_text(json.dumps({"argv": ["/usr/bin/env", "-cp", f"{private}/a.jar:/usr/bin/env"],
                                        "env": {"RJK_CLASSPATH": f"{private}/a.jar;/usr/bin/env"}}))
            os.chmod(tmp, 0o755)
            self.assertEqual(1, hubctl.relocate_private_files(spec, public))
            rewritten = json.loads(spec.read_text())
            copy = f"{public}{private}/a.jar"
            self.assertEqual(f"{copy}:/usr/bin/env", rewritten["argv"][2])
            self.assertEqual(f"{copy};/usr/bin/env", rewritten["env"]["RJK_CLASSPATH"])
            self.assertEqual(b"jar a", Path(copy).read_bytes())
            self.assertEqual(0o644, Path(copy).stat().st_mode & 0o777)


class KubernetesConfiguration(unittest.TestCase):
    values = yaml.safe_load((K8S / "values.yaml").read_text())

    def test_values_parse_and_mirror_the_local_hub(self):
        parser_defaults = {a.dest: a.default for a in self._start_parser()._actions}
        single = self.values["singleuser"]
        self.assertEqual(f"{parser_defaults['memory_gib']:g}G", single["memory"]["limit"])
        self.assertEqual(parser_defaults["cpus"], single["cpu"]["limit"])
        expected = course.server_args("/home/jovyan/logokit", int(parser_defaults["kernel_idle_minutes"] * 60),
                                      int(parser_defaults["server_idle_minutes"] * 60))
        self.assertEqual(expected, self.values["hub"]["config"]["Spawner"]["args"])
        self.assertEqual(parser_defaults["server_idle_minutes"] * 60, self.values["cull"]["timeout"])
        self.assertEqual("firstuseauthenticator", self.values["hub"]["config"]["JupyterHub"]["authenticator_class"])
        self.assertEqual(course.MIN_PASSWORD, self.values["hub"]["config"]["FirstUseAuthenticator"]["min_password_length"])
        script = single["cmd"][0].replace("/opt/logokit", str(KIT))
        self.assertTrue(os.access(script, os.X_OK), f"{script} is the image's start command")

    @staticmethod
    def _start_parser():
        import argparse
        captured = {}
        original = argparse.ArgumentParser.parse_args

        def grab(self, args=None, namespace=None):
            captured["parser"] = self
            raise SystemExit(0)
        argparse.ArgumentParser.parse_args = grab
        try:
            hubctl.main(["start", "--roster", "x"])
        except SystemExit:
            pass
        finally:
            argparse.ArgumentParser.parse_args = original
        sub = next(a for a in captured["parser"]._actions if isinstance(a, argparse._SubParsersAction))
        return sub.choices["start"]

    def test_dockerfile_uses_known_instructions_and_existing_paths(self):
        lines = (K8S / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
        instructions = [l.split()[0] for l in lines if l.strip() and not l.lstrip().startswith("#")]
        self.assertEqual("FROM", instructions[0])
        self.assertTrue(set(instructions) <= DOCKERFILE_KEYWORDS, set(instructions) - DOCKERFILE_KEYWORDS)
        text = (K8S / "Dockerfile").read_text()
        for path in re.findall(r"(environment/[\w./-]+)", text):
            self.assertTrue((KIT / path).exists(), f"the Dockerfile names {path}, which exists")
        for line in lines:
            if line.startswith(("CMD", "ENTRYPOINT")):
                json.loads(line.split(None, 1)[1])   # exec form: valid JSON

    def test_the_course_copy_keeps_student_work_and_adds_new_sheets(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            kit, home = tmp / "kit", tmp / "home"
            for folder in ("notebooks", "exercises", "solutions"):
                (kit / folder).mkdir(parents=True)
                (kit / folder / "01.ipynb").write_text(f"kit {folder}")
            home.mkdir()
            env = dict(os.environ, HOME=str(home), LOGOKIT_KIT=str(kit))
            script = str(K8S / "copy-course")
            subprocess.run([script], env=env, check=True)
            (home / "logokit/exercises/01.ipynb").write_text("my answers")
            (kit / "exercises" / "02.ipynb").write_text("new sheet")
            done = subprocess.run([script, "echo", "server starts"], env=env, check=True, capture_output=True, text=True)
            self.assertEqual("server starts\n", done.stdout)
            self.assertEqual("my answers", (home / "logokit/exercises/01.ipynb").read_text())
            self.assertEqual("new sheet", (home / "logokit/exercises/02.ipynb").read_text())
            self.assertFalse((home / "logokit/solutions").exists(), "students never get solutions/")


if __name__ == "__main__":
    unittest.main()
