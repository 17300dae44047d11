"""Run a `sodon` command under strace with one system call made to fail, as a dying disk
would: `strace -e inject=SYSCALL:error=EIO:when=N`. The call to fail is counted from the
command's first use of the book file, so the sweep walks the operation itself, not Python's
start-up (which opens the same files in the same order every time)."""

import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[1]
SYSCALLS = ("openat", "write", "pwrite64", "fsync", "fdatasync", "rename")
ERRORS = ("EIO", "ENOSPC")
_LINE = re.compile(r"^\d+\s+(?P<call>\w+)\((?P<args>.*)$")


def have_strace() -> bool:
    return shutil.which("strace") is not None


@dataclass(frozen=True)
class Fault:
    syscall: str
    nth: int  # counted from the command's first use of the book
    error: str

    def __str__(self) -> str:
        return f"{self.syscall} #{self.nth} → {self.error}"


def environment(home: Path, book: Path) -> dict:
    """A process environment whose crash logs land in `home` (so a test can look for them)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        {
            "HOME": str(home),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "SODON_DB": str(book),
            "SODON_LANG": "vi",
            "SODON_PIN": "0000",
            "TMPDIR": str(home / "tmp"),
        }
    )
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    env.pop("SODON_DEBUG", None)
    return env


def calls_of(args: list[str], env: dict, marker: Path) -> tuple[Counter, Counter]:
    """How many of each watched call the command makes before its first use of `marker`,
    and after it."""
    log = Path(env["TMPDIR"]) / "calls.txt"
    subprocess.run(
        ["strace", "-f", "-qq", "-e", f"trace={','.join(SYSCALLS)}", "-o", str(log),
         sys.executable, "-m", "app", *args],
        env=env, cwd=ROOT, capture_output=True, check=False, timeout=300,
    )  # fmt: skip
    before, after = Counter(), Counter()
    seen = False
    for line in log.read_text(errors="replace").splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        if not seen and f'"{marker}' in match["args"]:
            seen = True
        (after if seen else before)[match["call"]] += 1
    log.unlink()
    return before, after


def run(args: list[str], env: dict, fault: Fault, before: Counter):
    """The command with `fault` injected; its CompletedProcess."""
    when = before[fault.syscall] + fault.nth
    return subprocess.run(
        ["strace", "-f", "-qq", "-o", "/dev/null", "-e", f"trace={fault.syscall}",
         "-e", f"inject={fault.syscall}:error={fault.error}:when={when}",
         sys.executable, "-m", "app", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def crash_logs(home: Path) -> list[Path]:
    return sorted(home.rglob("crash-*.log"))


def sample(after: Counter, per_call: int, seed: int) -> list[Fault]:
    """`per_call` positions of each watched call (always its first and last), for each error;
    every position when `per_call` is 0 (the full sweep)."""
    rng = random.Random(seed)
    faults = []
    for syscall in SYSCALLS:
        total = after[syscall]
        if not total:
            continue
        if per_call:
            picked = {rng.randint(1, total) for _ in range(max(0, per_call - 2))}
            positions = sorted({1, total} | picked)[:per_call]
        else:
            positions = range(1, total + 1)
        for error in ERRORS:
            faults += [Fault(syscall, n, error) for n in positions]
    return faults
