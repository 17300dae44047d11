#!/bin/sh
# Every position of every watched system call of backup, restore, export, import and demo
# made to fail (EIO, then ENOSPC), not the sample the test suite takes. Needs strace
# (scripts/setup.sh --test installs it). Takes a long while: run it before a release.
set -eu
cd "$(dirname "$0")/.."
SODON_SYSCALL_FAULTS=0 .venv/bin/pytest -q tests/integration/test_syscall_faults.py "$@"
