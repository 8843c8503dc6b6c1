"""JupyterHub pieces for a logokit class on one server (loaded by ``jupyterhub_config.py``).

* :class:`RosterFirstUseAuthenticator`: only the students on the class roster may log in; the
  password a student types at the first login becomes theirs (stored as a salted PBKDF2 hash in
  the hub's private state folder), later logins must repeat it. Each roster name is a local Unix
  account (created on first use when the hub may), so every server runs as its student.
* :class:`CourseSpawner`: a local process per student, as that student's Unix user, on the class
  venv and the course kernel; the kit stays read-only (root's), the student's own copy of
  ``notebooks/`` and ``exercises/`` lives in ``~/logokit``; memory and CPU are capped by a cgroup
  per student (v1 or v2, whichever the machine mounts); idle kernels and idle servers are culled
  by the single-user server itself.

Settings come from ``hub.json`` in the hub folder (written by ``environment/hub start``); see
``environment/classhub/README.md``.
"""
from __future__ import annotations

import os
import pwd
import shutil
import stat
from pathlib import Path

from jupyterhub.auth import LocalAuthenticator
from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Float, Integer, Unicode

from course import COPIED, COURSE_FOLDER, MIN_PASSWORD, PasswordStore, server_args

CGROUP_NAME = "logokit-hub"


class RosterFirstUseAuthenticator(LocalAuthenticator):
    """Roster-only logins; the first password a student uses becomes their password."""

    password_file = Unicode(config=True, help="JSON file of password hashes (mode 600)")
    min_password_length = Integer(MIN_PASSWORD, config=True)

    async def authenticate(self, handler, data):
        name = self.normalize_username((data or {}).get("username", ""))
        password = (data or {}).get("password", "")
        if not name or not self.check_allowed(name, None):
            self.log.warning("login refused for %r: not on the class roster", name)
            return None
        store = PasswordStore(Path(self.password_file))
        if not store.has(name):
            if len(password) < self.min_password_length:
                self.log.warning("first login of %s refused: password shorter than %d characters",
                                 name, self.min_password_length)
                return None
            store.set(name, password)
            self.log.info("first login of %s: password set", name)
            return name
        if store.check(name, password):
            return name
        self.log.warning("login refused for %s: wrong password", name)
        return None


def _cgroup_layout() -> str | None:
    """'v2' (unified), 'v1' (separate memory and cpu hierarchies) or None (not writable)."""
    if Path("/sys/fs/cgroup/cgroup.controllers").is_file():
        return "v2" if os.access("/sys/fs/cgroup", os.W_OK) else None
    if os.access("/sys/fs/cgroup/memory", os.W_OK) and os.access("/sys/fs/cgroup/cpu", os.W_OK):
        return "v1"
    return None


def apply_limits(name: str, pid: int, mem_bytes: int, cpus: float, log) -> dict:
    """Puts ``pid`` (and so everything it starts later) into a cgroup of its own with the memory
    and CPU caps; returns what was applied ({} when the machine lets no cgroup be made)."""
    layout = _cgroup_layout()
    if layout is None:
        log.warning("no writable cgroup file system: %s runs without memory/CPU caps "
                    "(the kernel's heap still follows the JVM's defaults)", name)
        return {}
    period = 100_000
    quota = max(1000, int(cpus * period))
    if layout == "v2":
        parent = Path("/sys/fs/cgroup") / CGROUP_NAME
        parent.mkdir(exist_ok=True)
        (parent / "cgroup.subtree_control").write_text("+memory +cpu")
        group = parent / name
        group.mkdir(exist_ok=True)
        (group / "memory.max").write_text(str(mem_bytes))
        if (group / "memory.swap.max").exists():
            (group / "memory.swap.max").write_text("0")
        (group / "cpu.max").write_text(f"{quota} {period}")
        (group / "cgroup.procs").write_text(str(pid))
        groups = [str(group)]
    else:
        mem = Path("/sys/fs/cgroup/memory") / CGROUP_NAME / name
        cpu = Path("/sys/fs/cgroup/cpu") / CGROUP_NAME / name
        mem.mkdir(parents=True, exist_ok=True)
        cpu.mkdir(parents=True, exist_ok=True)
        (mem / "memory.limit_in_bytes").write_text(str(mem_bytes))
        (cpu / "cpu.cfs_period_us").write_text(str(period))
        (cpu / "cpu.cfs_quota_us").write_text(str(quota))
        (mem / "cgroup.procs").write_text(str(pid))
        (cpu / "cgroup.procs").write_text(str(pid))
        groups = [str(mem), str(cpu)]
    log.info("%s: memory %.2f GiB, %.2f CPUs (cgroup %s: %s)", name, mem_bytes / 2**30, cpus,
             layout, ", ".join(groups))
    return {"layout": layout, "groups": groups, "memory_bytes": mem_bytes, "cpus": cpus}


def remove_limits(name: str) -> None:
    for base in (Path("/sys/fs/cgroup") / CGROUP_NAME, Path("/sys/fs/cgroup/memory") / CGROUP_NAME,
                 Path("/sys/fs/cgroup/cpu") / CGROUP_NAME):
        group = base / name
        if group.is_dir():
            try:
                group.rmdir()   # only succeeds once the group is empty: never kills anything
            except OSError:
                pass


def copy_course(kit: Path, home: Path, uid: int, gid: int) -> list[str]:
    """Gives the student ~/logokit/{notebooks,exercises} once; never overwrites their work.
    New sheets the instructor adds later are copied in on the next start."""
    course = home / COURSE_FOLDER
    if course.is_symlink():
        raise PermissionError(f"{course} is a symbolic link: refusing to write through it")
    course.mkdir(exist_ok=True)
    os.chown(course, uid, gid)
    added = []
    for folder in COPIED:
        source = kit / folder
        target = course / folder
        if target.is_symlink():
            raise PermissionError(f"{target} is a symbolic link: refusing to write through it")
        target.mkdir(exist_ok=True)
        os.chown(target, uid, gid)
        for item in sorted(source.iterdir()):
            if not item.is_file() or (target / item.name).exists() or (target / item.name).is_symlink():
                continue
            shutil.copyfile(item, target / item.name)
            os.chown(target / item.name, uid, gid)
            os.chmod(target / item.name, 0o644)
            added.append(f"{folder}/{item.name}")
    return added


class CourseSpawner(LocalProcessSpawner):
    """The student's Jupyter server on the class venv, capped, culled when idle."""

    kit_dir = Unicode(config=True, help="the kit's checkout (read-only for students)")
    venv_dir = Unicode(config=True, help="the class venv (made by environment/hub install)")
    djl_cache_dir = Unicode(config=True, help="DJL's native libraries, extracted once")
    kernel_idle_seconds = Integer(3600, config=True, help="shut down a kernel idle this long")
    server_idle_seconds = Integer(7200, config=True,
                                  help="stop the server this long after its last kernel or activity")
    threads = Integer(0, config=True, help="LOGOKIT_THREADS for the student's kernels (0: from cpu_limit)")
    cpus = Float(1.0, config=True, help="CPU cap (cores) of the student's cgroup")

    @property
    def _account(self):
        return pwd.getpwnam(self.user.name)

    def get_env(self):
        env = super().get_env()
        venv = Path(self.venv_dir)
        env["PATH"] = f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin"
        env["VIRTUAL_ENV"] = str(venv)
        env["JUPYTER_PATH"] = str(venv / "share" / "jupyter")
        env["JUPYTER_CONFIG_DIR"] = str(Path(self._account.pw_dir) / ".jupyter")
        env["DJL_CACHE_DIR"] = self.djl_cache_dir
        env["ENGINE_CACHE_DIR"] = self.djl_cache_dir
        env["DJL_OFFLINE"] = "true"
        threads = self.threads or max(1, int(round(self.cpus)))
        env["LOGOKIT_THREADS"] = str(threads)
        env["LOGOKIT_DATA_DIR"] = str(Path(self._account.pw_dir) / COURSE_FOLDER / "data")
        return env

    def get_args(self):
        return super().get_args() + server_args(Path(self._account.pw_dir) / COURSE_FOLDER,
                                                self.kernel_idle_seconds, self.server_idle_seconds)

    async def start(self):
        account = self._account
        added = copy_course(Path(self.kit_dir), Path(account.pw_dir), account.pw_uid, account.pw_gid)
        if added:
            self.log.info("%s: copied %d course files into ~/%s", self.user.name, len(added), COURSE_FOLDER)
        self.cmd = [str(Path(self.venv_dir) / "bin" / "python"), "-m", "jupyterhub.singleuser"]
        address = await super().start()
        mem = self.mem_limit or 0
        if mem:
            self.limits = apply_limits(self.user.name, self.pid, int(mem), self.cpus, self.log)
        return address

    async def stop(self, now=False):
        await super().stop(now=now)
        remove_limits(self.user.name)
