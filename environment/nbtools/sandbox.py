"""The grading sandbox: every submission's kernel runs inside bubblewrap (``bwrap``).

What a sandboxed kernel sees and may do:

* **Files.** A fresh root of its own. The system (``/usr``, ``/etc``, the JDK, the Python that
  runs the relay) and the kit are read-only; the kit is shown by allow-list (``lib/``,
  ``notebooks/``, ``exercises/``, ``data-scripts/``, ``environment/`` without its build folder,
  plus exactly the files the kernelspec names), so ``solutions/``, ``.git``, the submissions, the
  gradebook and every executed copy stay invisible. The data folder (``LOGOKIT_DATA_DIR``) keeps
  its path: the datasets and saved models in it are read-only, and anything new written there
  lands in the sandbox's scratch. The only writable place is a private tmpfs of bounded size
  at ``/tmp`` (the working folder and ``HOME`` are ``/tmp/work``; new entries of the data
  folder live there too), gone when the kernel ends.
* **Network.** None: a network namespace of its own with only a loopback. The Jupyter client
  reaches the kernel through Unix sockets that the launcher opens outside and ``relay.py`` joins
  to the kernel's TCP ports inside.
* **Processes.** A PID namespace of its own (it sees only its own processes; killing the
  sandbox kills them all), no new privileges, and when the grader runs as root the kernel runs
  as an unprivileged user of its own (``LOGOKIT_SANDBOX_UID``, default 61616), so the process
  limit holds.
* **Limits.** CPU seconds, address space, file size, open files and processes + threads as
  rlimits. A watchdog (4 times a second) stops the sandbox when its processes together use more
  resident memory than allowed, run more than ``Limits.processes`` processes, or start that many
  within a second (a fork bomb is stopped within a second); a kernel left at its thread limit is
  stopped after the cell that filled it. The grader caps the output a cell may show.

When the kernel stops, ``SandboxedKernelManager.stop_reason()`` says why (the kernel's exit
status from bwrap's ``--json-status-fd``, or the limit the watchdog enforced).
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

#: Where things are inside the sandbox: /tmp is the one writable place (a bounded tmpfs mounted
#: before anything else, so a kit that itself lives under /tmp is still shown inside it).
SCRATCH = "/tmp"
WORK = SCRATCH + "/work"
INSIDE_CONNECTION = "/run/logokit/connection.json"
#: TCP ports of the kernel on the sandbox's own loopback (nothing else listens there). Below the
#: ephemeral range (32768-60999 in a new network namespace): the relay's repeated connects while
#: the kernel starts must never pick one of them as their own source port (a TCP self-connect
#: would take the port, and the kernel's bind would fail).
KERNEL_PORTS = {"shell_port": 20001, "iopub_port": 20002, "stdin_port": 20003,
                "control_port": 20004, "hb_port": 20005}
#: Top-level entries of the kit a submission may see (read-only).
KIT_ENTRIES = ("README.md", "pom.xml", "lib", "notebooks", "exercises", "data-scripts",
               "environment")
#: Inside environment/, only what the kernelspec names is shown of this folder.
BUILD_DIR = ("environment", "build")
DEFAULT_UID = 61616
#: A data sub-folder with more entries than this is shown read-only as a whole.
DATA_FANOUT = 64

INSTALL_HINT = ("install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: sudo"
                " dnf install bubblewrap; Arch: sudo pacman -S bubblewrap), then run"
                " environment/doctor")


class SandboxError(Exception):
    """The sandbox cannot be used; the message says what to do."""


@dataclass
class Limits:
    """Bounds for one sandboxed kernel (all of its processes together where the OS allows)."""
    cpu_seconds: int = 1800
    memory_bytes: int = 6 << 30
    #: processes plus threads (a JVM with both engines loaded runs about 40); an rlimit
    tasks: int = 1024
    #: processes (a kernel is one; a sheet never needs many); the watchdog's limit, which also
    #: stops a sandbox that starts more than this many processes within a second (a fork bomb)
    processes: int = 64
    scratch_bytes: int = 1 << 30
    file_bytes: int = 512 << 20
    open_files: int = 4096
    #: stream output one cell may print before the rest is dropped (client side)
    output_bytes: int = 4 << 20

    def describe(self) -> str:
        return (f"{self.cpu_seconds} CPU s, {self.memory_bytes / 2**30:g} GiB memory,"
                f" {self.processes} processes, {self.tasks} threads,"
                f" {self.scratch_bytes / 2**30:g} GiB scratch,"
                f" {self.output_bytes / 2**20:g} MiB output per cell")


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def _running_as_root() -> bool:
    return os.geteuid() == 0


def sandbox_uid() -> int:
    return int(os.environ.get("LOGOKIT_SANDBOX_UID", DEFAULT_UID))


def _namespace_args() -> list[str]:
    # As root, bwrap needs no user namespace; the kernel then drops to its own uid (setpriv) so
    # that the process limit applies (root is exempt from RLIMIT_NPROC).
    if _running_as_root():
        return ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try"]
    return ["--unshare-all", "--disable-userns"]


def _drop_privileges_prefix() -> list[str]:
    if not _running_as_root():
        return []
    uid = sandbox_uid()
    return [shutil.which("setpriv") or "setpriv", f"--reuid={uid}", f"--regid={uid}",
            "--clear-groups", "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--"]


def _system_args() -> list[str]:
    """The read-only system: /usr, /etc, the top-level links of a merged-/usr system."""
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc", "--ro-bind-try", "/sys", "/sys"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    return args + ["--proc", "/proc", "--dev", "/dev"]


def probe(timeout: float = 20) -> tuple[bool, str]:
    """Whether bubblewrap works here with the options the grader uses; (ok, what to do)."""
    bwrap = bwrap_path()
    if not bwrap:
        return False, "bubblewrap (bwrap) is not installed: " + INSTALL_HINT
    if _running_as_root() and not shutil.which("setpriv"):
        return False, ("setpriv (util-linux) is missing: the grader needs it to run kernels as an"
                       " unprivileged user when it runs as root; install util-linux")
    command = ([bwrap] + _namespace_args() + ["--die-with-parent"] + _system_args()
               + ["--size", str(1 << 20), "--tmpfs", SCRATCH, "--remount-ro", "/", "--"]
               + _drop_privileges_prefix() + ["/bin/sh", "-c", "cd / && echo sandbox-ok"])
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as error:
        return False, f"bwrap did not run ({error})"
    if done.returncode == 0 and "sandbox-ok" in done.stdout:
        version = subprocess.run([bwrap, "--version"], capture_output=True, text=True).stdout
        who = f"kernels run as uid {sandbox_uid()}" if _running_as_root() else "user namespace"
        return True, f"{version.strip() or 'bubblewrap'} works ({who}, no network)"
    message = (done.stderr or done.stdout).strip().splitlines()
    reason = message[-1] if message else f"exit code {done.returncode}"
    fix = ""
    if re.search(r"namespace|uid map|Permission denied|Operation not permitted", reason):
        fix = (" The kernel does not let this user create the namespaces bwrap needs. Debian:"
               " sudo sysctl -w kernel.unprivileged_userns_clone=1; Ubuntu 23.10+: AppArmor"
               " restricts user namespaces (sudo sysctl -w"
               " kernel.apparmor_restrict_unprivileged_userns=0, or add an AppArmor profile for"
               " /usr/bin/bwrap); in a container, run it with user namespaces allowed.")
    return False, f"bwrap is installed but does not work here: {reason}.{fix}"


def _existing_paths(values) -> list[Path]:
    """Absolute paths of existing files or folders named in kernelspec argv/env values."""
    found = []
    for value in values:
        for token in re.split(r"[:;=,]", str(value)):
            token = token.strip()
            if token.startswith("/") and "{" not in token:
                path = Path(token.rstrip("*")).resolve() if "*" in token else Path(token)
                if path.exists():
                    found.append(path)
    return found


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path == folder or path.is_relative_to(folder)
    except ValueError:
        return False


def _tree_needs_file_binds(folder: Path, budget: int = 400) -> bool | None:
    """True when a small tree has a folder that others may not enter (the sandbox user could not
    reach its files through a plain bind); None when the tree is too big to be shown file by
    file (it is bound as a whole, and what others may not read stays unreadable inside)."""
    seen, closed = 0, False
    for current, dirs, files in os.walk(folder):
        seen += 1 + len(files)
        if seen > budget:
            return None
        closed |= os.stat(current).st_mode & 0o005 != 0o005
    return closed


def _ro_binds(source: Path, dest: str, warnings: list) -> list[str]:
    """Read-only binds that show ``source`` at ``dest`` to the sandbox's user.

    A small folder that only its owner may enter (DJL extracts its native libraries into 0700
    folders) is shown file by file, so the sandbox user, who cannot enter it, still reads the
    files; anything else is one bind."""
    if not source.is_dir() or not _running_as_root():
        return ["--ro-bind", str(source), dest]
    if not _tree_needs_file_binds(source):
        if os.stat(source).st_mode & 0o005 != 0o005:
            warnings.append(f"{source} is not readable by other users; the sandbox cannot read it"
                            f" (chmod -R a+rX {source})")
        return ["--ro-bind", str(source), dest]
    args = []
    for current, dirs, files in os.walk(source):
        inside = dest + current[len(str(source)):]
        args += ["--perms", "0755", "--dir", inside]
        for name in sorted(files):
            path = os.path.join(current, name)
            if os.path.isfile(path):
                args += ["--ro-bind", path, f"{inside}/{name}"]
    return args


@dataclass
class Plan:
    """The bwrap command line of one kernel start, and what the launcher does around it."""
    bwrap: str
    args: list[str]
    inside_command: list[str]  # relay + kernel argv; "{connection}" stands for the conn file
    limits: dict
    status: str
    kernel_connection: str


class Sandbox:
    """How the kernels of one grading run are sandboxed.

    ``kernelspec`` is the course kernelspec (its ``argv`` and ``env``); ``root`` the kit;
    ``data_dir`` the data folder; ``hidden`` paths that must stay invisible even when they lie
    inside something the sandbox shows (submissions, gradebook, solutions).
    """

    def __init__(self, kernelspec: dict, *, root: Path, data_dir: Path, hidden=(),
                 limits: Limits | None = None, env: dict | None = None,
                 work: Path | None = None):
        self.bwrap = bwrap_path()
        if not self.bwrap:
            raise SandboxError("bubblewrap (bwrap) is not installed: " + INSTALL_HINT)
        self.spec = kernelspec
        self.root = root.resolve()
        self.data_dir = data_dir.resolve() if data_dir else None
        # Also hidden: Jupyter's runtime folder in the venv (connection files of running
        # kernels, with their keys).
        self.hidden = [Path(p).resolve() for p in hidden] + [
            self.root / "solutions", self.root / ".git",
            self.root / "environment" / ".venv" / "share" / "jupyter" / "runtime"]
        self.limits = limits or Limits()
        self.env = dict(env or {})
        self.work = Path(work or tempfile.mkdtemp(prefix="logokit-sandbox-"))
        self.work.mkdir(parents=True, exist_ok=True)
        os.chmod(self.work, 0o711)
        self._starts = 0
        #: things the sandbox cannot show as asked (printed by the grader)
        self.warnings: list[str] = []
        self.mounts = self._mount_args()

    # -- what the sandbox shows ------------------------------------------------------------
    def _named_paths(self) -> list[Path]:
        """Files and folders the kernel needs: what its kernelspec names, the JDK, the Python
        that runs the relay, DJL's cache of native libraries, FLICKRLOGOS32_ROOT."""
        named = _existing_paths(list(self.spec.get("argv", []))
                                + list(self.spec.get("env", {}).values()))
        java = Path(self.spec.get("argv", ["java"])[0])
        if java.is_absolute() and java.exists():
            named.append(java.resolve().parent.parent)  # .../bin/java -> the JDK
        named.append(Path(sys.base_prefix))
        cache = Path(os.environ.get("DJL_CACHE_DIR") or Path.home() / ".djl.ai")
        if cache.is_dir():
            named.append(cache)
        flickr = os.environ.get("FLICKRLOGOS32_ROOT")
        if flickr and Path(flickr).is_dir():
            named.append(Path(flickr))
        return [p.resolve() for p in named]

    def _mount_args(self) -> list[str]:
        system = [Path(p) for p in ("/usr", "/etc", "/sys", "/proc", "/dev")]
        build = self.root.joinpath(*BUILD_DIR)
        kit = [self.root / e for e in KIT_ENTRIES if (self.root / e).exists()]
        outside, in_build = [], []
        for path in sorted(set(self._named_paths()), key=lambda p: len(p.parts)):
            if any(_inside(h, path) or _inside(path, h) for h in self.hidden):
                continue  # would show something hidden (LOGOKIT_HOME is the whole kit, say)
            if _inside(path, build):
                if path != build:
                    in_build.append(path)
            elif _inside(path, self.root) or _inside(self.root, path):
                continue  # the allow-list decides what of the kit is shown
            elif not any(_inside(path, s) for s in system + outside):
                outside.append(path)
        shown = kit + outside
        # The one writable place: the working folder, /tmp and new data, on a bounded tmpfs.
        args = ["--size", str(self.limits.scratch_bytes), "--perms", "01777", "--tmpfs", SCRATCH,
                "--perms", "01777", "--dir", WORK, "--perms", "01777", "--dir", SCRATCH + "/data"]
        # bwrap creates missing parent folders as 0700 when it runs as root: make them 0755.
        parents = sorted({parent for dest in shown for parent in list(dest.parents)[:-1]
                          if not any(_inside(parent, s) for s in shown + system)
                          and parent != Path(SCRATCH)},
                         key=lambda p: len(p.parts))
        for parent in parents:
            args += ["--perms", "0755", "--dir", str(parent)]
        for path in shown:
            args += _ro_binds(path, str(path), self.warnings)
        if build.is_dir():
            # The build folder holds executed copies and logs: shown empty, plus what the
            # kernelspec names in it (the library snapshot, the kernel jar, the launcher).
            args += ["--tmpfs", str(build)]
            made = set()
            for path in in_build:
                for parent in reversed(list(path.parents)):
                    if _inside(parent, build) and parent != build and parent not in made \
                            and not any(_inside(parent, p) for p in in_build):
                        args += ["--perms", "0755", "--dir", str(parent)]
                        made.add(parent)
                if not any(_inside(path, p) and path != p for p in in_build):
                    args += ["--ro-bind", str(path), str(path)]
            args += ["--remount-ro", str(build)]
        for hidden in self.hidden:
            # e.g. submissions kept under notebooks/: an empty read-only folder instead.
            if hidden.is_dir() and any(_inside(hidden, s) for s in shown) \
                    and not _inside(hidden, build):
                args += ["--tmpfs", str(hidden), "--remount-ro", str(hidden)]
        for source, inside in self._data_binds():
            if source is None:
                args += ["--perms", "01777", "--dir", inside]
            else:
                args += _ro_binds(source, inside, self.warnings)
        if self.data_dir and not any(_inside(self.data_dir, s) for s in shown + system):
            for parent in list(self.data_dir.parents)[:-1][::-1]:
                if not any(_inside(parent, s) for s in shown) and parent not in parents \
                        and parent != Path(SCRATCH):
                    args += ["--perms", "0755", "--dir", str(parent)]
            args += ["--symlink", SCRATCH + "/data", str(self.data_dir)]
        return args

    def _data_binds(self) -> list[tuple[Path | None, str]]:
        """The data folder's datasets and saved models, read-only, inside the scratch: a
        first-level folder with few entries becomes a writable folder of read-only entries."""
        out = []
        if not self.data_dir or not self.data_dir.is_dir():
            return out
        for first in sorted(self.data_dir.iterdir()):
            if any(_inside(h, first) or _inside(first, h) for h in self.hidden):
                continue
            inside = f"{SCRATCH}/data/{first.name}"
            if first.is_dir() and not first.is_symlink():
                children = sorted(first.iterdir())
                if len(children) <= DATA_FANOUT:
                    out.append((None, inside))
                    out += [(child, f"{inside}/{child.name}") for child in children
                            if not any(_inside(h, child) for h in self.hidden)]
                    continue
            out.append((first, inside))
        return out

    def environment(self) -> dict:
        """The kernel's environment inside (nothing else of the grader's environment leaks in)."""
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": WORK, "TMPDIR": SCRATCH,
               "LANG": os.environ.get("LANG", "C.UTF-8"), "USER": "student"}
        env.update({k: str(v) for k, v in self.spec.get("env", {}).items()})
        for key, value in os.environ.items():
            if key.startswith(("LOGOKIT_", "DJL_", "FLICKRLOGOS32_")) and key not in env:
                env[key] = value
        env.pop("LOGOKIT_SANDBOX_UID", None)
        cache = os.environ.get("DJL_CACHE_DIR") or str(Path.home() / ".djl.ai")
        env["DJL_CACHE_DIR"] = cache
        if self.data_dir:
            env["LOGOKIT_DATA_DIR"] = str(self.data_dir)
        heap = max(256 << 20, self.limits.memory_bytes // 2)
        # The JVM sizes its heap to the sandbox; no attach (another process could otherwise
        # load an agent into the kernel); user.home inside the scratch.
        env["JDK_JAVA_OPTIONS"] = (f"-Xmx{heap >> 20}m -XX:+DisableAttachMechanism"
                                   f" -Duser.home={WORK}")
        env.update(self.env)
        return env

    def plan(self) -> Plan:
        """A fresh start: its own status file and kernel connection file."""
        self._starts += 1
        start = self.work / f"start-{self._starts}"
        start.mkdir(mode=0o700)
        connection = start / "kernel" / "connection.json"
        connection.parent.mkdir(mode=0o755)
        args = list(_namespace_args()) + ["--die-with-parent", "--new-session",
                                          "--hostname", "logokit-grading", "--clearenv"]
        for key, value in sorted(self.environment().items()):
            args += ["--setenv", key, value]
        args += _system_args() + self.mounts
        for folder in ("/run", str(Path(INSIDE_CONNECTION).parent)):
            args += ["--perms", "0755", "--dir", folder]
        args += ["--ro-bind", str(connection), INSIDE_CONNECTION, "--remount-ro", "/",
                 "--chdir", WORK]
        relay = self.root / "environment" / "nbtools" / "relay.py"
        python = Path(sys.executable).resolve()
        argv = [a if a != "{connection_file}" else "{connection}" for a in self.spec["argv"]]
        inside = _drop_privileges_prefix() + [str(python), "-I", "-S", str(relay), "{relays}",
                                               "--"] + argv
        return Plan(self.bwrap, args, inside, asdict(self.limits), str(start / "status.json"),
                    str(connection))

    def command(self, argv: list[str]) -> list[str]:
        """The bwrap command line that runs ``argv`` in this sandbox (without the relay and the
        limits; for tests and probes)."""
        plan = self.plan()
        Path(plan.kernel_connection).write_text("{}")
        return [plan.bwrap] + plan.args + ["--"] + _drop_privileges_prefix() + list(argv)

    def kernel_manager(self, kernel_name: str) -> "SandboxedKernelManager":
        km = SandboxedKernelManager(kernel_name=kernel_name, transport="ipc",
                                    ip=str(self.work / "k"))
        km.sandbox = self
        return km

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)


# ------------------------------------------------------------------------------------------
# The launcher: what jupyter_client starts. It opens the Unix sockets the client connects to,
# writes the kernel's own (TCP, sandbox loopback) connection file, sets the rlimits and
# becomes bwrap.

def launch(plan_file: str, connection_file: str) -> None:
    plan = Plan(**json.loads(Path(plan_file).read_text()))
    info = json.loads(Path(connection_file).read_text())
    relays, listeners = [], []  # the sockets must stay referenced (open) until exec
    for name, port in KERNEL_PORTS.items():
        path = f"{info['ip']}-{info[name]}"
        if os.path.exists(path):
            os.unlink(path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        os.chmod(path, 0o600)
        listener.listen(16)
        os.set_inheritable(listener.fileno(), True)
        listeners.append(listener)
        relays.append(f"{listener.fileno()}:{port}")
    inner = dict(info, transport="tcp", ip="127.0.0.1", **KERNEL_PORTS)
    Path(plan.kernel_connection).write_text(json.dumps(inner))
    os.chmod(plan.kernel_connection, 0o644)
    status = os.open(plan.status, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.set_inheritable(status, True)
    limits = Limits(**plan.limits)
    _set_limit(resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 5)
    _set_limit(resource.RLIMIT_AS, limits.memory_bytes + (12 << 30))
    _set_limit(resource.RLIMIT_FSIZE, limits.file_bytes)
    _set_limit(resource.RLIMIT_NOFILE, limits.open_files)
    _set_limit(resource.RLIMIT_CORE, 0)
    tasks = limits.tasks
    if not _running_as_root():
        tasks += _tasks_of_uid(os.getuid())  # the limit counts every task of this user
    _set_limit(resource.RLIMIT_NPROC, tasks)
    os.umask(0o022)
    command = []
    for arg in plan.inside_command:
        if arg == "{relays}":
            command += relays
        else:
            command.append(INSIDE_CONNECTION if arg == "{connection}" else arg)
    os.execv(plan.bwrap, [plan.bwrap, "--json-status-fd", str(status)] + plan.args + ["--"]
             + command)


def _set_limit(which, soft, hard=None) -> None:
    hard = soft if hard is None else hard
    current_soft, current_hard = resource.getrlimit(which)
    if current_hard != resource.RLIM_INFINITY:
        hard = min(hard, current_hard)
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def _tasks_of_uid(uid: int) -> int:
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        match = re.search(r"^Uid:\s+(\d+)", text, re.M)
        threads = re.search(r"^Threads:\s+(\d+)", text, re.M)
        if match and int(match.group(1)) == uid:
            count += int(threads.group(1)) if threads else 1
    return count


# ------------------------------------------------------------------------------------------
# The client side: a kernel manager whose kernel is the launcher, and a watchdog.

class SandboxedKernelManager(AsyncKernelManager):
    """Starts the course kernel inside the sandbox (see the module documentation)."""

    sandbox: Sandbox = None
    _plan: Plan | None = None
    _watchdog: "Watchdog | None" = None

    def format_kernel_cmd(self, extra_arguments=None):
        self._plan = self.sandbox.plan()
        plan_file = Path(self._plan.status).with_name("plan.json")
        plan_file.write_text(json.dumps(asdict(self._plan)))
        here = Path(__file__).resolve().parent
        return [sys.executable, "-c",
                "import sys; sys.path.insert(0, sys.argv[1]); from nbtools.sandbox import launch;"
                " launch(sys.argv[2], sys.argv[3])",
                str(here.parent), str(plan_file), os.path.realpath(self.connection_file)]

    async def _async_post_start_kernel(self, **kw):
        await super()._async_post_start_kernel(**kw)
        pid = getattr(self.provisioner, "pid", None)
        if pid:
            self._watchdog = Watchdog(pid, self.sandbox.limits)
            self._watchdog.start()

    def after_cell(self) -> str | None:
        """Called between cells: the reason the sandbox had to be stopped, or None."""
        return self._watchdog.after_cell() if self._watchdog else None

    def stop_reason(self) -> str | None:
        """Why the sandboxed kernel stopped, in words, or None when it is not known."""
        if self._watchdog and self._watchdog.reason:
            return self._watchdog.reason
        if not self._plan:
            return None
        try:
            text = Path(self._plan.status).read_text()
        except OSError:
            return None
        match = re.search(r'"exit-code"\s*:\s*(-?\d+)', text)
        if not match:
            return None
        return exit_meaning(int(match.group(1)), self.sandbox.limits,
                            self._watchdog.cpu_seconds if self._watchdog else 0.0)


def exit_meaning(code: int, limits: Limits, cpu_seconds: float = 0.0) -> str:
    """The kernel's exit status in words."""
    if code > 128:
        number = code - 128
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        if number == signal.SIGXCPU or (number == signal.SIGKILL
                                        and cpu_seconds >= 0.95 * limits.cpu_seconds):
            return f"the kernel used up its {limits.cpu_seconds} s of CPU time and was stopped"
        if number == signal.SIGXFSZ:
            return (f"the kernel wrote a file larger than {limits.file_bytes >> 20} MiB and was"
                    " stopped")
        if number == signal.SIGKILL:
            return "the kernel was killed (SIGKILL)"
        return f"the kernel crashed ({name})"
    return f"the kernel exited with status {code}"


class Watchdog(threading.Thread):
    """Stops a sandbox whose processes together go past the memory or task limit."""

    def __init__(self, pid: int, limits: Limits, interval: float = 0.25):
        super().__init__(daemon=True, name=f"sandbox-watchdog-{pid}")
        self.pid, self.limits, self.interval = pid, limits, interval
        self.reason: str | None = None
        self.cpu_seconds = 0.0
        self.peak_rss = 0
        self.peak_tasks = 0
        self.tasks_now = 0

    def after_cell(self) -> str | None:
        """Stops the sandbox when the cell that just ended left it at its thread limit.

        The rlimit keeps the number of threads bounded while a cell runs (creating one more fails
        inside the student's code); a kernel left full of threads is stopped here, between cells,
        so the blame goes to the cell that filled it and not to the next one."""
        tasks = sum(_threads(pid) for pid in _process_tree(self.pid))
        if not self.reason and tasks >= 0.9 * self.limits.tasks:
            self.reason = (f"the kernel was left with {tasks} processes/threads (the limit is"
                           f" {self.limits.tasks}) and was stopped")
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        return self.reason

    def run(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        seen: set[int] = set()
        window_start, started_in_window = time.monotonic(), 0
        while True:
            tree = _process_tree(self.pid)
            if not tree:
                return
            rss = tasks = 0
            cpu = 0.0
            for pid in tree:
                status = _read(f"/proc/{pid}/status")
                stat = _read(f"/proc/{pid}/stat")
                rss_kb = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
                threads = re.search(r"^Threads:\s+(\d+)", status, re.M)
                rss += int(rss_kb.group(1)) * 1024 if rss_kb else 0
                tasks += int(threads.group(1)) if threads else 1
                fields = stat.rsplit(")", 1)[-1].split()
                if len(fields) > 13:
                    cpu += (int(fields[11]) + int(fields[12])) / tick
            new = set(tree) - seen
            seen |= new
            if time.monotonic() - window_start > 1.0:
                window_start, started_in_window = time.monotonic(), 0
            started_in_window += len(new)
            self.peak_rss, self.peak_tasks = max(self.peak_rss, rss), max(self.peak_tasks, tasks)
            self.cpu_seconds = max(self.cpu_seconds, cpu)
            # The sandbox's own processes (bwrap twice, setpriv/relay) do not count.
            processes = len(tree) - 3
            if rss > self.limits.memory_bytes:
                self.reason = (f"the kernel used more than {self.limits.memory_bytes / 2**30:g} GiB"
                               " of memory and was stopped")
            elif processes > self.limits.processes or started_in_window > 2 * self.limits.processes:
                self.reason = (f"the kernel started more than {self.limits.processes} processes"
                               " (a fork bomb?) and was stopped")
            self.tasks_now = tasks
            if self.reason:
                try:
                    os.kill(self.pid, signal.SIGKILL)
                except OSError:
                    pass
                return
            time.sleep(self.interval)


def _threads(pid: int) -> int:
    found = re.search(r"^Threads:\s+(\d+)", _read(f"/proc/{pid}/status"), re.M)
    return int(found.group(1)) if found else 0


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def _process_tree(root: int) -> list[int]:
    """``root`` and all its descendants (empty when ``root`` is gone)."""
    if not os.path.exists(f"/proc/{root}"):
        return []
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        text = _read(str(stat))
        fields = text.rsplit(")", 1)[-1].split()
        if len(fields) > 2:
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree
