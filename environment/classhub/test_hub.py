"""End-to-end test of the class hub on loopback: environment/hub test [--keep-dir] [--dir DIR]

1. installs the hub (once; later runs reuse DIR) and starts it with three generated students;
2. each student logs in through the hub's REST API (the first password becomes theirs; a wrong
   password and a name off the roster are refused), starts their server, finds their own copy of
   exercise sheet 00, fills in their answers, runs the sheet cell by cell on the course kernel
   through the kernel API (websocket) and saves it;
3. checks each server runs as its student, inside its memory/CPU cgroup, and that nothing the
   hub started listens beyond loopback; measures memory per student with the kernel running;
4. collects the sheets into SUBMISSIONS/<student>/, grades them with environment/grade (in its
   sandbox) and checks the scores (3, 0 and 1 automatic points), returns the feedback and checks
   each student can read theirs through their server;
5. stops the hub and checks every process it started is gone; removes the test accounts.

Prints the timings and the per-student memory, and a capacity estimate. Needs root.
"""
from __future__ import annotations

import argparse
import json
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import websocket

HERE = Path(__file__).resolve().parent
KIT = HERE.parent.parent
sys.path.insert(0, str(HERE))
import course  # noqa: E402
import hubctl  # noqa: E402

SHEET = "00-welcome.ipynb"
STUDENTS = ["lkhub-ada", "lkhub-bo", "lkhub-cy"]
# What each student answers: both tasks, none, the first only -> 3, 0, 1 automatic points.
ANSWERS = {"lkhub-ada": ["box-area", "total-area"], "lkhub-bo": [], "lkhub-cy": ["box-area"]}
EXPECTED_POINTS = {"lkhub-ada": 3.0, "lkhub-bo": 0.0, "lkhub-cy": 1.0}
LOOPBACK = {"127.0.0.1", "::1", "::ffff:127.0.0.1"}


class Failure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)
    print(f"  ok: {message}", flush=True)


def free_port_block() -> int:
    """A port P with P, P+1 and P+2 free on loopback (the proxy, the hub API, the proxy API)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port + 2 > 65535:
            continue
        try:
            for offset in (1, 2):
                with socket.socket() as other:
                    other.bind(("127.0.0.1", port + offset))
            return port
        except OSError:
            continue
    raise Failure("no three consecutive free ports")


def solution_sources() -> dict[str, str]:
    nb = json.loads((KIT / "solutions" / SHEET).read_text())
    answers = {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            source = "".join(cell["source"])
            answers[meta["grade_id"]] = re.sub(r"^\s*// (BEGIN|END) SOLUTION\s*\n", "", source, flags=re.M)
    return answers


class Student:
    def __init__(self, name: str, settings: dict):
        self.name = name
        self.password = secrets.token_urlsafe(12)
        self.settings = settings
        self.token = ""
        self.times: dict[str, float] = {}
        self.session = uuid.uuid4().hex

    def api(self, method, path, body=None, token=None, timeout=60):
        return hubctl.api(self.settings, method, path, token=token or self.token, body=body, timeout=timeout)

    def log_in(self):
        status, reply = hubctl.api(self.settings, "POST", f"/hub/api/users/{self.name}/tokens",
                                   body={"auth": {"username": self.name, "password": self.password},
                                         "note": "hub test"})
        check(status in (200, 201) and reply.get("token"), f"{self.name} logs in through the REST API (HTTP {status})")
        self.token = reply["token"]
        status, _ = hubctl.api(self.settings, "POST", f"/hub/api/users/{self.name}/tokens",
                               body={"auth": {"username": self.name, "password": self.password + "x"}})
        check(status == 403, f"{self.name}: a wrong password is refused (HTTP {status})")

    def start_server(self):
        began = time.monotonic()
        status, reply = self.api("POST", f"/hub/api/users/{self.name}/server")
        check(status in (201, 202), f"{self.name}'s server is requested (HTTP {status} {reply or ''})")
        while time.monotonic() - began < 180:
            status, user = self.api("GET", f"/hub/api/users/{self.name}")
            server = (user.get("servers") or {}).get("") if status == 200 else None
            if server and server.get("ready"):
                break
            time.sleep(0.25)
        else:
            raise Failure(f"{self.name}'s server was not ready within 180 s")
        self.times["server start (s)"] = time.monotonic() - began

    def server(self, method, path, body=None, timeout=60):
        return self.api(method, f"/user/{self.name}{path}", body=body, timeout=timeout)

    def work_on_sheet(self, answers: dict[str, str]):
        status, model = self.server("GET", f"/api/contents/exercises/{SHEET}")
        check(status == 200, f"{self.name} sees their own copy of exercises/{SHEET}")
        nb = model["content"]
        for cell in nb["cells"]:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in ANSWERS[self.name]:
                cell["source"] = answers[grade_id]
        began = time.monotonic()
        status, kernel = self.server("POST", "/api/kernels", body={"name": hubctl.KERNEL})
        check(status == 201, f"{self.name} starts the course kernel (HTTP {status})")
        url = (hubctl.hub_url(self.settings).replace("http", "ws", 1)
               + f"/user/{self.name}/api/kernels/{kernel['id']}/channels?session_id={self.session}")
        ws = websocket.create_connection(url, header=[f"Authorization: token {self.token}"], timeout=300)
        try:
            self.wait_for_kernel(ws)
            self.times["kernel start (s)"] = time.monotonic() - began
            began = time.monotonic()
            results = []
            for cell in nb["cells"]:
                if cell["cell_type"] != "code":
                    continue
                source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
                reply, outputs = self.request(ws, "execute_request",
                                              {"code": source, "silent": False, "store_history": True,
                                               "user_expressions": {}, "allow_stdin": False,
                                               "stop_on_error": False})
                cell["outputs"] = outputs
                cell["execution_count"] = reply.get("execution_count")
                grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
                results.append((grade_id, reply.get("status"), outputs))
            self.times["sheet run (s)"] = time.monotonic() - began
        finally:
            ws.close()
        self.kernel_id = kernel["id"]
        status, _ = self.server("PUT", f"/api/contents/exercises/{SHEET}",
                                body={"type": "notebook", "format": "json", "content": nb})
        check(status == 200, f"{self.name} saves the sheet through the contents API")
        return results

    def wait_for_kernel(self, ws, timeout=180):
        """Asks for kernel_info every 2 s until the kernel answers (as jupyter_client does: a
        request that reaches a kernel still starting may be lost)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg_id = self.send(ws, "kernel_info_request", {})
            ws.settimeout(2)
            try:
                while True:
                    msg = json.loads(ws.recv())
                    if msg.get("parent_header", {}).get("msg_type") == "kernel_info_request" \
                            and msg["channel"] == "shell":
                        ws.settimeout(300)
                        self.drain(ws)
                        return
            except websocket.WebSocketTimeoutException:
                continue
        raise Failure(f"{self.name}'s kernel did not answer kernel_info within {timeout} s")

    def drain(self, ws):
        """Reads what is still queued (late replies to repeated kernel_info requests)."""
        ws.settimeout(0.5)
        try:
            while True:
                ws.recv()
        except websocket.WebSocketTimeoutException:
            pass
        finally:
            ws.settimeout(300)

    def send(self, ws, msg_type, content):
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({"header": {"msg_id": msg_id, "username": self.name, "session": self.session,
                                       "msg_type": msg_type, "version": "5.3"},
                            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}))
        return msg_id

    def request(self, ws, msg_type, content):
        msg_id = self.send(ws, msg_type, content)
        outputs, reply, idle = [], None, False
        while reply is None or not idle:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if msg["channel"] == "shell":
                reply = msg["content"]
            elif kind == "status" and msg["content"].get("execution_state") == "idle":
                idle = True
            elif kind == "stream":
                outputs.append({"output_type": "stream", "name": msg["content"]["name"],
                                "text": msg["content"]["text"]})
            elif kind in ("execute_result", "display_data"):
                outputs.append({"output_type": kind, "data": msg["content"]["data"], "metadata": {},
                                **({"execution_count": msg["content"].get("execution_count")}
                                   if kind == "execute_result" else {})})
            elif kind == "error":
                outputs.append({"output_type": "error", **{k: msg["content"][k] for k in ("ename", "evalue", "traceback")}})
        return reply, outputs


def processes_of(name: str) -> list[psutil.Process]:
    uid = pwd.getpwnam(name).pw_uid
    return [p for p in psutil.process_iter(["uids"]) if p.info["uids"] and p.info["uids"].real == uid]


def tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def cgroup_of(pid: int) -> str:
    return Path(f"/proc/{pid}/cgroup").read_text()


def remove_accounts(names):
    for name in names:
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        for process in processes_of(name):
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass
        subprocess.run(["userdel", "-r", name], capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", default=str(KIT / "environment" / "build" / "hub-test"),
                        help="hub folder (kept between runs: the install is reused)")
    parser.add_argument("--memory-gib", type=float, default=2.0)
    parser.add_argument("--cpus", type=float, default=1.0)
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("hub test: needs root (it creates three Unix accounts and starts servers as them)", file=sys.stderr)
        return 1
    for name in STUDENTS:
        try:
            pwd.getpwnam(name)
            print(f"hub test: an account {name} already exists: remove it (userdel -r {name}) first", file=sys.stderr)
            return 1
        except KeyError:
            pass
    base = Path(args.dir).resolve()
    work = base / "run"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    roster = work / "students.txt"
    roster.write_text("# generated by environment/hub test\n" + "\n".join(STUDENTS) + "\n")
    hub = ["/usr/bin/python3", str(HERE / "hubctl.py"), "--dir", str(base)]
    passwords = course.PasswordStore(base / "state" / "passwords.json")
    for name in STUDENTS:   # new students: their first login sets their password again
        passwords.forget(name)
    began = time.monotonic()
    failures = 0
    hub_pid = 0
    try:
        t0 = time.monotonic()
        installed = base / "install.json"
        library = KIT / "environment" / "build" / "lib" / "logokit-lib.jar"
        if not installed.is_file() or not library.is_file() or library.stat().st_mtime > installed.stat().st_mtime:
            subprocess.run(hub + ["install"], check=True)
        else:
            print(f"hub test: reusing the install in {base} (the library is older than it)", flush=True)
        install_seconds = time.monotonic() - t0
        port = free_port_block()
        subprocess.run(hub + ["start", "--roster", str(roster), "--port", str(port), "--create-users",
                              "--memory-gib", str(args.memory_gib), "--cpus", str(args.cpus)], check=True)
        hub_pid = int((base / "state" / "hub.pid").read_text())
        settings = hubctl.load_settings(base)
        hub_start = json.loads((base / "state" / "last-start.json").read_text())["seconds"]
        status, _ = hubctl.api(settings, "POST", "/hub/api/users/nobody-here/tokens",
                               body={"auth": {"username": "nobody-here", "password": "whatever-long"}})
        check(status == 403, f"a name off the roster cannot log in (HTTP {status})")
        answers = solution_sources()
        students = [Student(name, settings) for name in STUDENTS]
        results = {}
        for student in students:
            student.log_in()
            student.start_server()
        for student in students:
            results[student.name] = student.work_on_sheet(answers)

        print("checks while every kernel runs:", flush=True)
        memory = {}
        for student in students:
            own = processes_of(student.name)
            check(any("jupyterhub.singleuser" in " ".join(p.cmdline()) for p in own)
                  and any(p.name() == "java" or "java" in p.cmdline()[0] for p in own),
                  f"{student.name}'s server and Java kernel run as {student.name}")
            server = next(p for p in own if "jupyterhub.singleuser" in " ".join(p.cmdline()))
            groups = cgroup_of(server.pid)
            check("logokit-hub/" + student.name in groups, f"{student.name}'s server is in its own cgroup")
            limit_file = Path(f"/sys/fs/cgroup/memory/logokit-hub/{student.name}/memory.limit_in_bytes")
            if not limit_file.exists():
                limit_file = Path(f"/sys/fs/cgroup/logokit-hub/{student.name}/memory.max")
            check(int(limit_file.read_text()) == int(args.memory_gib * 2**30),
                  f"{student.name}'s memory cap is {args.memory_gib:g} GiB")
            rss = sum(p.memory_info().rss for p in own)
            peak = Path(f"/sys/fs/cgroup/memory/logokit-hub/{student.name}/memory.max_usage_in_bytes")
            if not peak.exists():
                peak = Path(f"/sys/fs/cgroup/logokit-hub/{student.name}/memory.peak")
            memory[student.name] = {"rss_mib": rss / 2**20,
                                    "cgroup_peak_mib": int(peak.read_text()) / 2**20 if peak.exists() else None}
        started = set()
        for student in students:
            started.update(p.pid for p in processes_of(student.name))
        started.update(p.pid for p in tree(hub_pid))
        listening = [c for c in psutil.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN and c.pid in started]
        outside = [f"{c.laddr.ip}:{c.laddr.port} (pid {c.pid})" for c in listening if c.laddr.ip not in LOOPBACK]
        check(listening and not outside,
              f"all {len(listening)} listening sockets of the hub, proxy, servers and kernels are on loopback"
              + (f"; outside: {outside}" if outside else ""))
        hub_rss = sum(p.memory_info().rss for p in tree(hub_pid) if p.uids().real == 0) / 2**20

        print("what each student's run printed:", flush=True)
        for name, cells in results.items():
            passes = sum(1 for _, _, outs in cells for o in outs if o.get("output_type") == "stream" and "PASS" in o["text"])
            errors = [gid for gid, state, _ in cells if state != "ok"]
            print(f"  {name}: {passes} PASS lines, cells with errors: {errors or 'none'}")
        ada = results["lkhub-ada"]
        check(all(state == "ok" for _, state, _ in ada), "the full answers run without an error in the kernel")
        check(any(state != "ok" for gid, state, _ in results["lkhub-bo"] if gid.endswith("-test")),
              "the untouched sheet's checks fail in the kernel")
        for student in students:
            status, _ = student.server("DELETE", f"/api/kernels/{student.kernel_id}")
            check(status == 204, f"{student.name}'s kernel shuts down")

        print("collect, grade, return:", flush=True)
        submissions = work / "SUBMISSIONS"
        subprocess.run(hub + ["collect", "--out", str(submissions), "--sheet", SHEET], check=True)
        for name in STUDENTS:
            check((submissions / name / SHEET).is_file(), f"{name}'s sheet is in SUBMISSIONS/{name}/")
        gradebook = work / "gradebook"
        t0 = time.monotonic()
        subprocess.run([str(KIT / "environment" / "grade"), str(submissions), "--out", str(gradebook),
                        "--notebook", SHEET], check=True)
        grade_seconds = time.monotonic() - t0
        book = json.loads((gradebook / "gradebook.json").read_text())["students"]
        for name, points in EXPECTED_POINTS.items():
            sheet = book[name]["notebooks"][SHEET]
            check(sheet["graded"] and sheet["points"] == points and sheet["max_points"] == 3
                  and sheet["pending_points"] == 1,
                  f"{name} scores {points:g} / 3 automatic points, 1 pending (got {sheet['points']:g})")
        subprocess.run(hub + ["return", str(gradebook / "feedback")], check=True)
        for student in students:
            path = Path(pwd.getpwnam(student.name).pw_dir) / "logokit" / "feedback" / "00-welcome.md"
            check(path.is_file() and path.stat().st_uid == pwd.getpwnam(student.name).pw_uid,
                  f"{student.name}'s feedback is in ~/logokit/feedback/, owned by them")
            status, model = student.server("GET", "/api/contents/feedback/00-welcome.md")
            check(status == 200 and f"{EXPECTED_POINTS[student.name]:g} / 3 automatic points" in model["content"],
                  f"{student.name} reads their score in their own Jupyter")
        # A student cannot read another one's work.
        probe = subprocess.run(["runuser", "-u", "lkhub-bo", "--", "cat",
                                str(Path(pwd.getpwnam("lkhub-ada").pw_dir) / "logokit" / "exercises" / SHEET)],
                               capture_output=True)
        check(probe.returncode != 0, "one student cannot read another's sheet")
    except (Failure, subprocess.CalledProcessError, KeyError) as error:
        failures += 1
        print(f"FAIL: {error}", flush=True)
        log = base / "state" / "jupyterhub.log"
        if log.is_file():
            print("last lines of the hub's log:\n" + "\n".join(log.read_text(errors="replace").splitlines()[-30:]))
    finally:
        subprocess.run(hub + ["stop"])
        leftovers = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            leftovers = [p for name in STUDENTS if _exists(name) for p in processes_of(name)]
            leftovers += [p for p in tree(hub_pid)] if hub_pid else []
            if not leftovers:
                break
            time.sleep(0.5)
        remove_accounts(STUDENTS)
        for name in STUDENTS:
            passwords.forget(name)
        for name in STUDENTS:
            for base_cg in ("/sys/fs/cgroup/memory/logokit-hub", "/sys/fs/cgroup/cpu/logokit-hub", "/sys/fs/cgroup/logokit-hub"):
                group = Path(base_cg) / name
                for folder in (group, group.parent):   # the parent too, once no hub uses it
                    if folder.is_dir():
                        try:
                            folder.rmdir()
                        except OSError:
                            pass
    if failures == 0:
        try:
            check(not leftovers, "after stop no process of the hub, proxy, servers or kernels is left")
        except Failure as error:
            failures += 1
            print(f"FAIL: {error} ({[p.pid for p in leftovers]})")
    if failures == 0:
        total = psutil.virtual_memory().total / 2**30
        per = max(m["rss_mib"] for m in memory.values()) / 1024
        print("\nmeasured (load before: %s):" % " ".join(f"{x:.2f}" for x in os.getloadavg()))
        print(f"  install (reused when done): {install_seconds:.1f} s; hub start: {hub_start:.1f} s; hub + proxy RSS {hub_rss:.0f} MiB")
        for student in students:
            m = memory[student.name]
            times = ", ".join(f"{k} {v:.1f}" for k, v in student.times.items())
            peak = f", cgroup peak {m['cgroup_peak_mib']:.0f} MiB" if m["cgroup_peak_mib"] else ""
            print(f"  {student.name}: {times}; RSS with the kernel running {m['rss_mib']:.0f} MiB{peak}")
        print(f"  grading 3 sheets (+ the model solution) in the sandbox: {grade_seconds:.1f} s")
        print(f"  memory bound on this machine ({total:.1f} GiB, 2 GiB kept for the system and the hub): "
              f"{int((total - 2) / per)} students at {per:.2f} GiB each")
        print(f"\nhub test: 1 passed, 0 failed ({time.monotonic() - began:.0f} s)")
        return 0
    print(f"\nhub test: 0 passed, 1 failed ({time.monotonic() - began:.0f} s)")
    return 1


def _exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


if __name__ == "__main__":
    sys.exit(main())
