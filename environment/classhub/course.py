"""What the hub, its tools and its test agree on (no JupyterHub import: the tools run without it)."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

COURSE_FOLDER = "logokit"            # ~/logokit: each student's writable copy
COPIED = ("notebooks", "exercises")  # what each student gets a copy of (never solutions/)
PBKDF2_ROUNDS = 200_000
MIN_PASSWORD = 8
KERNEL = "logokit-java"


def server_args(root_dir, kernel_idle_seconds: int, server_idle_seconds: int) -> list[str]:
    """The single-user server's options for a student (the Kubernetes values.yaml repeats them)."""
    return [
        f"--ServerApp.root_dir={root_dir}",
        f"--MappingKernelManager.cull_idle_timeout={kernel_idle_seconds}",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=True",
        f"--ServerApp.shutdown_no_activity_timeout={server_idle_seconds}",
        f"--MappingKernelManager.default_kernel_name={KERNEL}",
        # The server asks a new kernel for kernel_info once when a browser connects and holds
        # the websocket until the reply or this time-out (60 s by default). The course kernel
        # can lose a request that arrives while it is still starting (environment/README.md,
        # "Kernel start-up"); JupyterLab asks again itself, so waiting longer gains nothing.
        "--MappingKernelManager.kernel_info_timeout=15",
    ]


def read_roster(path: Path) -> list[str]:
    """Student names, one a line; '#' starts a comment; blank lines are skipped."""
    names = []
    for line in Path(path).read_text().splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return names


class PasswordStore:
    """name -> salted PBKDF2-SHA256 hash, in one JSON file only root can read."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _load(self) -> dict:
        if not self.path.is_file():
            return {}
        return json.loads(self.path.read_text() or "{}")

    def has(self, name: str) -> bool:
        return name in self._load()

    def set(self, name: str, password: str) -> None:
        entries = self._load()
        salt = secrets.token_bytes(16)
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ROUNDS)
        entries[name] = {"salt": salt.hex(), "hash": digest.hex(), "rounds": PBKDF2_ROUNDS}
        self._write(entries)

    def _write(self, entries: dict) -> None:
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            json.dump(entries, out, indent=1)
        os.replace(tmp, self.path)

    def check(self, name: str, password: str) -> bool:
        entry = self._load().get(name)
        if entry is None:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(entry["salt"]),
                                     int(entry["rounds"]))
        return hmac.compare_digest(digest.hex(), entry["hash"])

    def forget(self, name: str) -> bool:
        entries = self._load()
        if entries.pop(name, None) is None:
            return False
        self._write(entries)
        return True
