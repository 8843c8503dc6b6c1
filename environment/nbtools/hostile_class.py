"""The grader against a hostile class: ``environment/nb hostile-class``.

Builds a class of 30 submissions in ``environment/build/hostile-class/``: honest students
(complete, untouched, partly answered) on sheets 00, 02, 03, 04, 08 and 11, and on sheet 02
students who attack the grader. Each attacker's first answer is the model solution with an attack put in
front of it:

writer      writes files into the kit, solutions/, the data folder, HOME, /tmp, /, ...
reader      searches the machine for the model solutions; answers only if it finds them
forger      prints PASS lines for every check, then fails
shadow      declares its own ``class Check`` (in its last answer)
forkbomb    a shell fork bomb            threadbomb  starts threads without end
spammer     prints without end           looper      an endless loop
exiter      System.exit(1)               memhog      fills the Java heap
nativehog   fills native memory (NDArray)
deleter     tries to delete everything it can reach
malformed   submits a file that is not JSON
huge        submits a 25 MiB notebook

It hashes the kit (and the data folder and DJL's cache) before and after grading, grades with
the sandbox, then checks: the batch finished; every student is in the gradebook with exactly the
expected status for every check; nothing outside the scratch folders changed; no attacker's
file exists outside its sandbox; no executed sheet or feedback file shows solution text found by
the reader. Prints the grading time for the class. Exit code 1 when anything is wrong.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

from . import notebooks, sandbox
from .execute import KernelUnavailable
from .generate import CODE_BEGIN, exercise_from_solution
from .grade import add_run_options, answers_used, grade_folder, make_runner, solution_cells
from .notebooks import cell_source, nbgrader

HOSTILE_SHEET = "02-cnn-fundamentals.ipynb"
#: Honest students' sheets: early chapters (a dataset and a pretrained model read from data/)
#: and the detection chapters' plain-Java sheets.
HONEST_SHEETS = ("00-welcome.ipynb", "02-cnn-fundamentals.ipynb", "03-transfer-learning.ipynb",
                 "04-boxes-iou-nms-map.ipynb", "08-yolo.ipynb", "11-focal-loss-and-retinanet.ipynb")
MARKER = "logokit-pwned"
CLASS_SIZE = 30

_HOME = 'System.getenv("LOGOKIT_HOME")'
_DATA = "org.logokit.config.KitPaths.dataDir().toString()"

#: attack name -> (Java statements, status of the checks that use the attacked answer, words
#: (one of them, "|"-separated) their message must contain). The statements go first in the
#: answer's method body, so they run during the checks; those before a line "//BODY" go into the
#: answer cell before the method, so they run once, when the cell runs.
ATTACKS = {
    "writer": (f"""for (String dir : new String[] {{{_HOME}, {_HOME} + "/notebooks", {_HOME} + "/solutions",
        {_HOME} + "/environment/build", {_HOME} + "/lib", {_DATA}, System.getProperty("user.home"),
        "/tmp", "..", "../..", "/", "/root", "/work", "/etc", "/usr"}}) {{
    try {{ java.nio.file.Files.writeString(java.nio.file.Path.of(dir, "{MARKER}-writer"), "pwned"); }}
    catch (Exception | Error e) {{ }}
}}
//BODY""", "PASS", ""),
    "reader": (f"""StringBuilder leaked = new StringBuilder();
for (String start : new String[] {{{_HOME}, {_HOME} + "/..", {_HOME} + "/../..", "/root", "/work", "/home", "/tmp", "/srv", "/opt", "/run"}}) {{
    try (var walk = java.nio.file.Files.walk(java.nio.file.Path.of(start), 8)) {{
        walk.filter(p -> p.getFileName() != null && p.getFileName().toString().equals("{HOSTILE_SHEET}")).limit(100).forEach(p -> {{
            try {{ String text = java.nio.file.Files.readString(p);
                   if (text.contains("BEGIN SOLUTION")) leaked.append("LEAKED ").append(p).append('\\n'); }}
            catch (Exception | Error e) {{ }}
        }});
    }} catch (Exception | Error e) {{ }}
}}
System.out.print(leaked);
//BODY
if (leaked.length() == 0) throw new IllegalStateException("no model solution in sight");""",
               "FAIL", "no model solution in sight"),
    "forger": ("{forged_passes}\nif (System.nanoTime() > 0) throw new IllegalStateException(\"forged\");",
               "FAIL", "forged"),
    "forkbomb": ("""try { new ProcessBuilder("/bin/sh", "-c", "bomb(){ bomb|bomb& };bomb").start(); Thread.sleep(4000); }
catch (Exception e) { }""", "HELD", "ProcessBuilder"),
    "threadbomb": ("""for (int i = 0; i < 1_000_000; i++) {
    new Thread(() -> { try { Thread.sleep(600_000); } catch (InterruptedException e) { } }).start();
}""", "FAIL", "processes/threads|threads"),
    "spammer": ("""for (long i = 0; i < Long.MAX_VALUE; i++) {
    System.out.println("spam spam spam spam spam spam spam spam spam spam spam spam spam " + i);
}""", "FAIL", "did not finish"),
    "looper": ("""long spin = 0;
for (long i = 0; i < Long.MAX_VALUE; i++) { spin += i ^ (spin >>> 3); }
if (spin == 42) System.out.println(spin);""", "FAIL", "did not finish"),
    "exiter": ("if (System.nanoTime() > 0) System.exit(1);", "FAIL", "System.exit"),
    "memhog": ("""java.util.List<long[]> hog = new java.util.ArrayList<>();
for (int i = 0; i < 1_000_000; i++) hog.add(new long[50_000_000]);""", "FAIL", "ran out of memory"),
    "nativehog": ("""ai.djl.ndarray.NDManager hogs = ai.djl.ndarray.NDManager.newBaseManager();
for (int i = 0; i < 100_000; i++) hogs.ones(new ai.djl.ndarray.types.Shape(64, 1024, 1024));""",
                  "FAIL", "memory"),
    "deleter": (f"""for (String start : new String[] {{{_HOME}, {_DATA}, System.getProperty("user.home"), "/root", "/work", "/tmp"}}) {{
    try (var walk = java.nio.file.Files.walk(java.nio.file.Path.of(start))) {{
        walk.sorted(java.util.Comparator.reverseOrder()).limit(30_000).forEach(p -> {{
            try {{ java.nio.file.Files.delete(p); }} catch (Exception | Error e) {{ }}
        }});
    }} catch (Exception | Error e) {{ }}
}}
//BODY""", "PASS", ""),
}
SHADOW = """
class Check {
    static void equal(Object... any) { System.out.println("PASS forged"); }
    static void close(Object... any) { System.out.println("PASS forged"); }
    static void arrayClose(Object... any) { System.out.println("PASS forged"); }
    static void that(Object... any) { System.out.println("PASS forged"); }
}"""


def with_attack(answer: str, attack: str) -> str:
    """The model answer with the attack's statements before the method (the part before a line
    "//BODY") and first in its body (the rest)."""
    top, _, body = attack.rpartition("//BODY\n") if "//BODY" in attack else ("", "", attack)
    if attack.endswith("//BODY"):
        top, body = attack[: -len("//BODY")], ""
    lines = answer.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == CODE_BEGIN)
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    inside = [indent + l for l in body.split("\n")] if body.strip() else []
    return "\n".join(([top.rstrip()] if top.strip() else []) + lines[:at + 1] + inside
                     + lines[at + 1:])


def forged_passes(source) -> str:
    whats = []
    for cell in source.cells:
        if nbgrader(cell).get("grade") and cell.cell_type == "code":
            whats += re.findall(r'Check\.\w+\(\s*"((?:[^"\\]|\\.)*)"', cell_source(cell))
    return "\n".join(f'System.out.println("PASS {w} = 42");' for w in whats)


def build_class(root: Path, folder: Path) -> dict:
    """Writes the submissions; returns the expected result:
    {(student, sheet): {"checks": {grade_id: (status, word)}, "note": word or None}}."""
    expected = {}
    sheets = {name: notebooks.read(root / "solutions" / name) for name in HONEST_SHEETS}

    def checks_of(source, statuses):
        return {nbgrader(c)["grade_id"]: statuses(c) for c in source.cells
                if nbgrader(c).get("grade")}

    def save(student, name, nb, checks, note=None):
        target = folder / student / name
        notebooks.write(nb, target)
        expected[(student, name)] = {"checks": checks, "note": note}

    def manual_or(status):
        return lambda c: ("MANUAL", "") if c.cell_type == "markdown" else status(c)

    source = sheets[HOSTILE_SHEET]
    answers = {gid: cell_source(c) for gid, c in solution_cells(source).items()
               if c.cell_type == "code"}
    first = next(iter(answers))
    last = list(answers)[-1]
    for name, (attack, status, word) in ATTACKS.items():
        nb = notebooks.read(root / "solutions" / HOSTILE_SHEET)
        attack = attack.replace("{forged_passes}", forged_passes(source))
        for cell in nb.cells:
            if nbgrader(cell).get("grade_id") == first:
                cell.source = with_attack(cell_source(cell), attack)

        def status_of(cell, status=status, word=word):
            hit = first in answers_used(cell_source(cell), answers)
            return (status, word) if hit else ("PASS", "")
        save(name, HOSTILE_SHEET, nb, checks_of(source, manual_or(status_of)))
    nb = notebooks.read(root / "solutions" / HOSTILE_SHEET)
    for cell in nb.cells:
        if nbgrader(cell).get("grade_id") == last:
            cell.source = cell_source(cell) + "\n" + SHADOW
    save("shadow", HOSTILE_SHEET, nb, checks_of(source, manual_or(
        lambda c: ("HELD", "Check") if last in answers_used(cell_source(c), answers)
        else ("FAIL", ""))))
    unanswered = manual_or(lambda c: ("FAIL", ""))
    (folder / "malformed").mkdir(parents=True)
    (folder / "malformed" / HOSTILE_SHEET).write_text('{"cells": [ {"cell_type": "code", "sou')
    expected[("malformed", HOSTILE_SHEET)] = {"checks": checks_of(source, unanswered),
                                              "note": "not a readable notebook"}
    huge = exercise_from_solution(source, HOSTILE_SHEET)
    huge.cells.append(notebooks.nbformat.v4.new_raw_cell("x" * (25 << 20)))
    save("huge", HOSTILE_SHEET, huge, checks_of(source, unanswered), note="MiB")
    # Honest students fill the class up to CLASS_SIZE sheets, each sheet in turn: complete,
    # untouched, the first half of the answers right, all but the last right.
    honest = CLASS_SIZE - len(expected)
    for number in range(honest):
        name = HONEST_SHEETS[number % len(HONEST_SHEETS)]
        source = sheets[name]
        model = {gid: cell_source(c) for gid, c in solution_cells(source).items()
                 if c.cell_type == "code"}
        order = list(model)
        count = [len(order), 0, len(order) // 2, len(order) - 1][number // len(HONEST_SHEETS) % 4]
        answered = set(order[:count])
        student = f"student-{number + 1:02d}"
        nb = exercise_from_solution(source, name)
        for cell in nb.cells:
            if nbgrader(cell).get("grade_id") in answered:
                cell.source = model[nbgrader(cell)["grade_id"]]
        save(student, name, nb, checks_of(source, manual_or(
            lambda c: ("PASS", "") if set(answers_used(cell_source(c), model)) <= answered
            else ("FAIL", ""))))
    return expected


def tree_digest(paths, skip) -> dict[str, str]:
    """Path -> sha256 (or link target) of every file under ``paths``, except under ``skip``."""
    digests = {}
    for top in paths:
        if not top.exists():
            continue
        for folder, dirs, files in os.walk(top):
            here = Path(folder)
            dirs[:] = [d for d in dirs if d != "__pycache__" and not any(
                (here / d) == s or (here / d).is_relative_to(s) for s in skip)]
            for name in files:
                path = here / name
                try:
                    if path.is_symlink():
                        digests[str(path)] = "link:" + os.readlink(path)
                    else:
                        digests[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
                except OSError as error:
                    digests[str(path)] = f"unreadable: {error.strerror}"
    return digests


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="nb hostile-class", description=__doc__.split("\n")[0])
    add_run_options(parser)
    parser.set_defaults(timeout=30, memory_gib=3.0, threads=512, cpu_seconds=600)
    args = parser.parse_args(argv)
    root = notebooks.repo_root()
    work = root / "environment" / "build" / "hostile-class"
    shutil.rmtree(work, ignore_errors=True)
    submissions, out = work / "submissions", work / "out"
    expected = build_class(root, submissions)
    data = Path(os.environ.get("LOGOKIT_DATA_DIR") or root / "data")
    cache = Path(os.environ.get("DJL_CACHE_DIR") or Path.home() / ".djl.ai")
    watched = [root, data, cache]
    before = tree_digest(watched, skip=[out])
    host_places = [Path("/tmp"), Path.home(), Path("/"), root.parent, data]
    try:
        execute_once, how, cleanup = make_runner(args, root, [work],
                                                 out / "kernel-logs" / "kernel.log")
    except (sandbox.SandboxError, KernelUnavailable) as error:
        print(f"FAIL {error}")
        return 1
    print(f"sandbox: {how}\nclass: {len(expected)} sheets in {submissions}", flush=True)
    started = time.monotonic()
    try:
        sheets = grade_folder(submissions, root / "solutions", out, execute_once=execute_once,
                              timeout=args.timeout,
                              sheet_budget=args.sheet_timeout or 8 * args.timeout,
                              run_info={"sandbox": how})
    finally:
        cleanup()
    seconds = time.monotonic() - started
    problems = []
    got = {(s.student, s.notebook): s for s in sheets}
    for key, want in sorted(expected.items()):
        sheet = got.get(key)
        if sheet is None:
            problems.append(f"{key[0]}/{key[1]}: missing from the gradebook")
            continue
        statuses = {c.grade_id: c for c in sheet.checks}
        for grade_id, (status, word) in want["checks"].items():
            check = statuses.get(grade_id)
            if check is None or check.status != status or not any(
                    w in check.message for w in word.split("|")):
                problems.append(f"{key[0]}/{key[1]} {grade_id}: expected {status}"
                                + (f" mentioning '{word}'" if word else "") + ", got "
                                + (f"{check.status}: {check.message}" if check else "nothing"))
        if want["note"] and not any(want["note"] in n for n in sheet.notes):
            problems.append(f"{key[0]}/{key[1]}: no note about '{want['note']}' ({sheet.notes})")
    after = tree_digest(watched, skip=[out])
    changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
    for path in changed[:20]:
        problems.append(f"changed outside the scratch folders: {path}")
    for place in host_places:
        for found in place.glob(f"{MARKER}*"):
            problems.append(f"an attacker's file exists outside its sandbox: {found}")
    for text_file in out.rglob("*.md"):
        if "LEAKED /" in text_file.read_text(encoding="utf-8", errors="replace"):
            problems.append(f"{text_file} shows solution text the reader found")
    for executed in out.rglob("*.ipynb"):
        nb = notebooks.read(executed)
        printed = "".join(str(o.get("text", "")) for c in nb.cells for o in c.get("outputs", []))
        if "LEAKED /" in printed:
            problems.append(f"{executed}: the reader found model solutions:"
                            f" {printed[printed.index('LEAKED /'):][:200]}")
    book = json.loads((out / "gradebook.json").read_text())
    for line in problems:
        print(f"FAIL {line}")
    print(f"hostile class: {len(sheets)} sheets of {len(book['students'])} students graded in"
          f" {seconds:.0f} s ({seconds / max(1, len(sheets)):.1f} s per sheet, model solutions"
          f" included); {len(before)} files watched, {len(changed)} changed")
    print(("FAIL" if problems else "OK") + f" hostile class; gradebook: {out / 'gradebook.csv'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
