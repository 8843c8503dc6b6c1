"""environment/hub: a JupyterHub for a whole class on one server (see README.md beside this file).

    environment/hub install [--dir DIR]                  class venv, course kernel, proxy, natives
    environment/hub start   [--dir DIR] --roster FILE    [--auth firstuse|pam] [--ip 127.0.0.1]
                            [--port 8000] [--memory-gib 3] [--cpus 1] [--kernel-idle-minutes 60]
                            [--server-idle-minutes 120] [--create-users] [--admin NAME]
    environment/hub status  [--dir DIR]                  who is logged in, whose server runs
    environment/hub stop    [--dir DIR]                  stops the hub and every student's server
    environment/hub collect [--dir DIR] --out SUBMISSIONS [--sheet NN-name.ipynb ...]
    environment/hub return  [--dir DIR] FEEDBACK_DIR     (environment/grade's feedback/ folder)

Runs as root (the hub starts each server as its student's Unix user). DIR defaults to
/srv/logokit-hub (LOGOKIT_HUB_DIR).
"""
from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
KIT = HERE.parent.parent
sys.path.insert(0, str(HERE))
from course import COURSE_FOLDER, KERNEL, read_roster  # noqa: E402

DEBIAN_HUB = Path("/usr/lib/python3/dist-packages/jupyterhub")
PROXY_PACKAGE = "configurable-http-proxy@5"
MAX_SHEET_BYTES = 20 << 20


class HubError(Exception):
    """A problem the instructor can fix; the message says how."""


def say(message: str) -> None:
    print(f"hub: {message}", flush=True)


def hub_dir(args) -> Path:
    return Path(args.dir or os.environ.get("LOGOKIT_HUB_DIR") or "/srv/logokit-hub").resolve()


def need_root() -> None:
    if os.geteuid() != 0:
        raise HubError("run this as root (sudo): the hub starts each student's server as their own "
                       "Unix user and reads their folders when collecting")


def world_readable_path(path: Path) -> bool:
    """True when any user can reach and read ``path`` (every folder above it has o+x)."""
    path = path.resolve()
    for folder in [path, *path.parents] if path.is_dir() else list(path.parents):
        if not folder.stat().st_mode & stat.S_IXOTH:
            return False
    return path.is_dir() or bool(path.stat().st_mode & stat.S_IROTH)


# ------------------------------------------------------------------------------------------
# install

def find_proxy(folder: Path) -> str:
    """configurable-http-proxy that runs: Debian's when it works, else npm's 5.x in ``folder``."""
    for candidate in (shutil.which("configurable-http-proxy"), str(folder / "node_modules/.bin/configurable-http-proxy")):
        if candidate and Path(candidate).exists():
            probe = subprocess.run([candidate, "--version"], capture_output=True, text=True, timeout=60)
            if probe.returncode == 0:
                return candidate
    return ""


def install_proxy(folder: Path) -> str:
    proxy = find_proxy(folder)
    if proxy:
        return proxy
    if not shutil.which("npm"):
        raise HubError("configurable-http-proxy is missing and npm is not installed: "
                       "apt-get install npm (or nodejs), then re-run install")
    folder.mkdir(parents=True, exist_ok=True)
    say(f"npm install {PROXY_PACKAGE} into {folder} (Debian's node-configurable-http-proxy does not run on every Node)")
    run = subprocess.run(["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund",
                          "--loglevel=error", PROXY_PACKAGE], capture_output=True, text=True, timeout=600)
    proxy = find_proxy(folder)
    if run.returncode != 0 or not proxy:
        raise HubError(f"npm could not install {PROXY_PACKAGE}: {run.stderr.strip()[-400:]}")
    return proxy


def install_debian_hub() -> None:
    if DEBIAN_HUB.is_dir():
        return
    if not shutil.which("apt-get"):
        raise HubError("JupyterHub is not installed: install Debian/Ubuntu's `jupyterhub` package "
                       "(or pip install jupyterhub into /usr/bin/python3's site-packages)")
    say("apt-get install jupyterhub (Debian's JupyterHub 3.0)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "--no-install-recommends", "jupyterhub"]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise HubError(f"{' '.join(cmd)} failed: {done.stderr.strip()[-400:]}")


def bridge_hub_into(venv: Path, bridge: Path) -> None:
    """Makes Debian's jupyterhub package (for jupyterhub-singleuser) importable in the class venv:
    a folder of links to it and to the few Debian modules it needs, behind the venv's own ones."""
    bridge.mkdir(parents=True, exist_ok=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "logokit-hub-bridge.pth").write_text(str(bridge) + "\n")
    dist = DEBIAN_HUB.parent
    if not (bridge / "jupyterhub").exists():
        (bridge / "jupyterhub").symlink_to(DEBIAN_HUB)
    for _ in range(20):
        probe = subprocess.run([str(python), "-c", "import jupyterhub.singleuser"], capture_output=True, text=True)
        if probe.returncode == 0:
            return
        missing = ""
        for line in probe.stderr.splitlines():
            if "No module named" in line:
                missing = line.split("'")[1].split(".")[0]
        if not missing:
            raise HubError(f"jupyterhub.singleuser does not import in the class venv: {probe.stderr.strip()[-400:]}")
        for source in (dist / missing, dist / f"{missing}.py"):
            if source.exists():
                (bridge / source.name).symlink_to(source)
                break
        else:
            raise HubError(f"jupyterhub-singleuser needs the Python module {missing!r}: install its Debian package")
    raise HubError("jupyterhub.singleuser still does not import in the class venv")


def relocate_private_files(kernel_json: Path, public: Path) -> int:
    """Copies every file the kernelspec names that students cannot read (e.g. jars in root's
    ~/.m2) into ``public`` and points the kernelspec there; returns how many were copied."""
    spec = json.loads(kernel_json.read_text())
    copied = 0

    def fix(value: str) -> str:
        nonlocal copied
        for separator in (";", ":"):
            if separator in value and all(p.startswith("/") for p in value.split(separator) if p):
                return separator.join(fix(p) for p in value.split(separator))
        path = Path(value)
        if not value.startswith("/") or not path.is_file() or world_readable_path(path):
            return value
        target = public / value.lstrip("/")
        if not target.is_file() or target.stat().st_size != path.stat().st_size:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied += 1
        os.chmod(target, 0o644)
        return str(target)

    spec["argv"] = [fix(a) for a in spec["argv"]]
    spec["env"] = {k: fix(v) for k, v in spec.get("env", {}).items()}
    kernel_json.write_text(json.dumps(spec, indent=1) + "\n")
    for folder in [public, *public.rglob("*")]:
        if folder.is_dir():
            os.chmod(folder, 0o755)
    return copied


def cmd_install(args) -> None:
    need_root()
    base = hub_dir(args)
    if not world_readable_path(KIT):
        raise HubError(f"students cannot read the kit at {KIT}: every folder above it needs o+rx "
                       "(put the checkout in e.g. /opt/logokit, not under /root)")
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o755)
    install_debian_hub()
    proxy = install_proxy(base / "proxy")
    say(f"proxy: {proxy}")
    venv, djl = base / "venv", base / "djl"
    if not Path("/usr/bin/python3").exists():
        raise HubError("/usr/bin/python3 is missing: the class venv is made from the system Python")
    # The course's own setup makes the class venv and kernel, from the system Python (students
    # cannot run a Python under /root) and with DJL's natives extracted where they can read them.
    env = dict(os.environ, LOGOKIT_VENV=str(venv), DJL_CACHE_DIR=str(djl),
               PATH="/usr/bin:/bin:" + os.environ.get("PATH", ""))
    say(f"environment/setup for the class venv {venv} (log: {base / 'setup.log'})")
    with open(base / "setup.log", "w") as log:
        done = subprocess.run([str(KIT / "environment" / "setup"), "--offline"], env=env, stdout=log,
                              stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=1800)
    if done.returncode != 0:
        raise HubError(f"environment/setup failed for the class venv: see {base / 'setup.log'}")
    bridge_hub_into(venv, base / "pybridge")
    copied = relocate_private_files(venv / "share" / "jupyter" / "kernels" / KERNEL / "kernel.json", base / "public")
    for folder in (venv, djl):
        subprocess.run(["chmod", "-R", "a+rX", str(folder)], check=True)
    settings = {"venv_dir": str(venv), "djl_cache_dir": str(djl), "proxy_command": proxy, "kit_dir": str(KIT)}
    (base / "install.json").write_text(json.dumps(settings, indent=1) + "\n")
    say(f"installed into {base} (kernel files students could not read: {copied} newly copied into {base / 'public'})")


# ------------------------------------------------------------------------------------------
# start / stop / status

def secret_file(path: Path, nbytes: int = 32) -> None:
    if not path.is_file():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(nbytes) + "\n")


def hub_url(settings: dict) -> str:
    host = "127.0.0.1" if settings["ip"] in ("", "0.0.0.0") else settings["ip"]
    return f"http://{host}:{settings['port']}"


def api(settings: dict, method: str, path: str, token: str | None = None, body=None, timeout=30):
    """One request to the hub's REST API; returns (status, parsed JSON or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(hub_url(settings) + path, data=data, method=method)
    if token:
        request.add_header("Authorization", f"token {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            text = reply.read().decode()
            return reply.status, (json.loads(text) if text.strip() else None)
    except urllib.error.HTTPError as error:
        text = error.read().decode(errors="replace")
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, {"message": text[:300]}


def load_settings(base: Path) -> dict:
    path = base / "hub.json"
    if not path.is_file():
        raise HubError(f"no hub in {base}: run `environment/hub start --dir {base} --roster FILE` first")
    return json.loads(path.read_text())


def instructor_token(settings: dict) -> str:
    return (Path(settings["state_dir"]) / "instructor-token").read_text().strip()


def create_users(names: list[str]) -> list[str]:
    made = []
    for name in names:
        try:
            pwd.getpwnam(name)
        except KeyError:
            subprocess.run(["adduser", "-q", "--gecos", "", "--disabled-password", name], check=True,
                           capture_output=True)
            made.append(name)
    return made


def cmd_start(args) -> None:
    need_root()
    base = hub_dir(args)
    install = base / "install.json"
    if not install.is_file():
        raise HubError(f"{base} is not installed: run `environment/hub install --dir {base}` first")
    settings = json.loads(install.read_text())
    roster = Path(args.roster).resolve()
    names = read_roster(roster)
    if not names:
        raise HubError(f"the roster {roster} names no student (one name a line)")
    state = base / "state"
    state.mkdir(mode=0o700, exist_ok=True)
    os.chmod(state, 0o700)
    pid_file = state / "hub.pid"
    if pid_file.is_file() and _alive(int(pid_file.read_text())):
        raise HubError(f"a hub already runs from {base} (pid {pid_file.read_text().strip()}): "
                       "`environment/hub stop` first")
    for name in ("proxy-token", "instructor-token"):
        secret_file(state / name)
    settings.update(state_dir=str(state), roster=str(roster), auth=args.auth, ip=args.ip, port=args.port,
                    memory_gib=args.memory_gib, cpus=args.cpus, kernel_idle_minutes=args.kernel_idle_minutes,
                    server_idle_minutes=args.server_idle_minutes, admins=args.admin or [],
                    create_users=args.create_users)
    (base / "hub.json").write_text(json.dumps(settings, indent=1) + "\n")
    if args.create_users:
        made = create_users(names)
        if made:
            say(f"created {len(made)} Unix accounts: {' '.join(made)}")
    missing = [n for n in names if not _has_account(n)]
    if missing:
        raise HubError(f"no Unix account for {', '.join(missing)}: create them (adduser) or pass --create-users")
    hub = shutil.which("jupyterhub") or "/usr/bin/jupyterhub"
    log = open(state / "jupyterhub.log", "a")
    began = time.monotonic()
    process = subprocess.Popen([hub, "-f", str(HERE / "jupyterhub_config.py")], cwd=state, stdout=log,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
                               env=dict(os.environ, LOGOKIT_HUB_DIR=str(base)))
    pid_file.write_text(f"{process.pid}\n")
    deadline = began + args.wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HubError(f"JupyterHub stopped at start (exit {process.returncode}): "
                           f"{_tail(state / 'jupyterhub.log')}")
        try:
            status, _ = api(settings, "GET", "/hub/api/", timeout=2)
            if status == 200:
                break
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    else:
        raise HubError(f"JupyterHub did not answer within {args.wait} s: {_tail(state / 'jupyterhub.log')}")
    seconds = time.monotonic() - began
    say(f"JupyterHub up in {seconds:.1f} s at {hub_url(settings)}/ ({len(names)} students, "
        f"{args.memory_gib:g} GiB and {args.cpus:g} CPUs each; log {state / 'jupyterhub.log'})")
    (state / "last-start.json").write_text(json.dumps({"seconds": seconds}) + "\n")


def _has_account(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def _tail(path: Path, lines: int = 8) -> str:
    try:
        return " | ".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def cmd_stop(args) -> None:
    base = hub_dir(args)
    pid_file = base / "state" / "hub.pid"
    if not pid_file.is_file():
        say("no hub running")
        return
    pid = int(pid_file.read_text())
    if _alive(pid):
        os.kill(pid, signal.SIGTERM)   # the hub stops the students' servers and its proxy
        for _ in range(240):
            if not _alive(pid):
                break
            time.sleep(0.25)
        else:
            os.killpg(pid, signal.SIGKILL)
            say(f"the hub (pid {pid}) did not stop within 60 s: killed")
    pid_file.unlink()
    say("hub stopped")


def cmd_status(args) -> None:
    settings = load_settings(hub_dir(args))
    status, users = api(settings, "GET", "/hub/api/users", token=instructor_token(settings))
    if status != 200:
        raise HubError(f"the hub answered {status}: is it running? ({users})")
    for user in users:
        server = (user.get("servers") or {}).get("")
        state = "no server" if not server else ("ready" if server.get("ready") else "starting")
        print(f"{user['name']:<20} {state:<10} last activity {user.get('last_activity') or '-'}")


# ------------------------------------------------------------------------------------------
# collect / return

def _safe_dir(path: Path) -> bool:
    """A real folder (never a symbolic link a student planted)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def read_sheet(path: Path) -> bytes:
    """Reads a student's file without following links and without unbounded size."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > MAX_SHEET_BYTES:
            raise ValueError(f"larger than {MAX_SHEET_BYTES >> 20} MiB")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_SHEET_BYTES + 1)
    finally:
        os.close(fd)


def collect(base: Path, out: Path, sheets: list[str] | None) -> dict[str, list[str]]:
    """Copies each student's worked sheets (``sheets``, else every sheet that differs from the
    kit's exercises/) into ``out/<student>/``; returns student -> sheets collected."""
    settings = load_settings(base)
    kit_exercises = Path(settings["kit_dir"]) / "exercises"
    collected: dict[str, list[str]] = {}
    for name in read_roster(Path(settings["roster"])):
        if not _has_account(name):
            say(f"{name}: no Unix account, nothing to collect")
            continue
        folder = Path(pwd.getpwnam(name).pw_dir) / COURSE_FOLDER / "exercises"
        if not (_safe_dir(folder.parent) and _safe_dir(folder)):
            say(f"{name}: no ~/{COURSE_FOLDER}/exercises folder (never started a server?)")
            continue
        got = []
        for entry in sorted(os.listdir(folder)):
            if not entry.endswith(".ipynb") or (sheets and entry not in sheets):
                continue
            try:
                data = read_sheet(folder / entry)
            except (OSError, ValueError) as error:
                say(f"{name}/{entry}: skipped ({error})")
                continue
            original = kit_exercises / entry
            if not sheets and original.is_file() and original.read_bytes() == data:
                continue   # untouched: nothing to grade
            target = out / name / entry
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            got.append(entry)
        collected[name] = got
        say(f"{name}: {len(got)} sheet(s) {' '.join(got)}")
    return collected


def return_feedback(base: Path, feedback: Path) -> dict[str, list[str]]:
    """Puts feedback/<student>/*.md into ~student/logokit/feedback/, owned by the student."""
    settings = load_settings(base)
    roster = set(read_roster(Path(settings["roster"])))
    returned: dict[str, list[str]] = {}
    for folder in sorted(p for p in feedback.iterdir() if p.is_dir()):
        name = folder.name
        if name not in roster or not _has_account(name):
            say(f"{name}: not a student of this class, skipped")
            continue
        account = pwd.getpwnam(name)
        course = Path(account.pw_dir) / COURSE_FOLDER
        target = course / "feedback"
        if not _safe_dir(course):
            say(f"{name}: no ~/{COURSE_FOLDER} folder, skipped")
            continue
        if os.path.lexists(target) and not _safe_dir(target):
            say(f"{name}: ~/{COURSE_FOLDER}/feedback is not a folder (a link?): skipped")
            continue
        target.mkdir(exist_ok=True)
        os.chown(target, account.pw_uid, account.pw_gid)
        files = []
        for item in sorted(folder.glob("*.md")):
            # Written beside the target and renamed over it: a link planted under that name is
            # replaced, never followed.
            fd, temp = tempfile.mkstemp(dir=target, prefix=".feedback-")
            with os.fdopen(fd, "wb") as out:
                out.write(item.read_bytes())
            os.chown(temp, account.pw_uid, account.pw_gid)
            os.chmod(temp, 0o644)
            os.replace(temp, target / item.name)
            files.append(item.name)
        returned[name] = files
        say(f"{name}: {len(files)} feedback file(s) in ~/{COURSE_FOLDER}/feedback/")
    return returned


def cmd_collect(args) -> None:
    need_root()
    collect(hub_dir(args), Path(args.out).resolve(), args.sheet)


def cmd_return(args) -> None:
    need_root()
    feedback = Path(args.feedback).resolve()
    if not feedback.is_dir():
        raise HubError(f"{feedback} is not a folder: pass the feedback/ folder environment/grade wrote")
    return_feedback(hub_dir(args), feedback)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="environment/hub", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", help="the hub's folder (default /srv/logokit-hub, or LOGOKIT_HUB_DIR)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("install").set_defaults(run=cmd_install)
    start = sub.add_parser("start")
    start.add_argument("--roster", required=True, help="file with one student (Unix user name) a line")
    start.add_argument("--auth", choices=["firstuse", "pam"], default="firstuse",
                       help="firstuse: the first password a student types becomes theirs (default); "
                            "pam: the students' Unix passwords")
    start.add_argument("--ip", default="127.0.0.1", help="address of the class URL (0.0.0.0: every interface)")
    start.add_argument("--port", type=int, default=8000)
    start.add_argument("--memory-gib", type=float, default=3.0, help="memory cap per student")
    start.add_argument("--cpus", type=float, default=1.0, help="CPU cap per student (cores)")
    start.add_argument("--kernel-idle-minutes", type=float, default=60)
    start.add_argument("--server-idle-minutes", type=float, default=120)
    start.add_argument("--create-users", action="store_true", help="make missing Unix accounts (adduser)")
    start.add_argument("--admin", action="append", help="a hub admin (repeatable)")
    start.add_argument("--wait", type=float, default=90, help="seconds to wait for the hub")
    start.set_defaults(run=cmd_start)
    sub.add_parser("stop").set_defaults(run=cmd_stop)
    sub.add_parser("status").set_defaults(run=cmd_status)
    col = sub.add_parser("collect")
    col.add_argument("--out", required=True, help="SUBMISSIONS folder for environment/grade")
    col.add_argument("--sheet", action="append", help="only this sheet (repeatable; default: every changed one)")
    col.set_defaults(run=cmd_collect)
    ret = sub.add_parser("return")
    ret.add_argument("feedback", help="the feedback/ folder of environment/grade's output")
    ret.set_defaults(run=cmd_return)
    args = parser.parse_args(argv)
    try:
        args.run(args)
    except HubError as error:
        print(f"hub: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
