"""A print service of the tests' own: CUPS (`cupsd`) with a virtual PDF printer (cups-pdf),
listening on a socket in a temporary folder, so that a print job goes the whole way a clerk's
does (`lp`, CUPS's filters, a printer's backend) without touching the computer's own printers.

`tests/conftest.py` points CUPS_SERVER at SOCKET before Qt or `lp` first asks for printers;
the `print_service` fixture starts the service there. cupsd must run as root: it runs the
cups-pdf backend as root, which writes each job as a PDF in the home folder of whoever printed.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(tempfile.gettempdir()) / f"sodon-cups-{os.getpid()}"
SOCKET = FOLDER / "cups.sock"
PRINTER = "SoDon_PDF"
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")


def can_run() -> str:
    """Why a private print service cannot run here, or "" when it can."""
    if not shutil.which("cupsd") or not PPD.exists():
        return "needs Debian's cups and printer-driver-cups-pdf (scripts/setup.sh --test)"
    if os.geteuid() != 0:
        return "cupsd runs the cups-pdf backend only as root"
    return ""


@dataclass
class PrintService:
    folder: Path
    started: float  # files the virtual printer made before are not this service's
    printer: str = PRINTER

    def job_number(self, said: str) -> int:
        """The job's number from `lp`'s or the program's "... SoDon_PDF-12 ..."."""
        word = next(w for w in said.replace(")", " ").split() if w.startswith(f"{self.printer}-"))
        return int(word.rsplit("-", 1)[1])

    def received(self, job: int) -> Path:
        """The document as the print service received it (its spooled copy)."""
        return self.folder / "spool" / f"d{job:05d}-001"

    def printed(self, job: int, timeout: float = 60) -> Path:
        """The PDF the virtual printer made of job `job`, once the job has completed."""
        out = Path(pwd.getpwuid(os.geteuid()).pw_dir) / "PDF"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = subprocess.run(
                ["lpstat", "-W", "completed", "-o", self.printer],
                capture_output=True,
                text=True,
                env={**os.environ, "LC_ALL": "C"},
                check=False,
            ).stdout
            made = [
                path for path in out.glob(f"*job_{job}.pdf") if path.stat().st_mtime >= self.started
            ]
            if f"{self.printer}-{job} " in done and made:
                return made[0]
            time.sleep(0.2)
        log = (self.folder / "log" / "error_log").read_text(errors="replace")[-3000:]
        raise AssertionError(f"print job {job} did not complete:\n{log}")


def start() -> tuple[subprocess.Popen, PrintService]:
    folder = FOLDER
    started = time.time()
    shutil.rmtree(folder, ignore_errors=True)
    for part in ("root", "spool", "cache", "state", "tmp", "log"):
        (folder / part).mkdir(parents=True)
    (folder / "tmp").chmod(0o1777)  # the filters run as the `lp` user
    (folder / "cups-files.conf").write_text(
        f"ServerRoot {folder}/root\nRequestRoot {folder}/spool\nCacheDir {folder}/cache\n"
        f"StateDir {folder}/state\nTempDir {folder}/tmp\nErrorLog {folder}/log/error_log\n"
        f"AccessLog {folder}/log/access_log\nPageLog {folder}/log/page_log\nSystemGroup root\n"
    )
    (folder / "cupsd.conf").write_text(
        f"Listen {SOCKET}\nLogLevel debug\nBrowsing No\nWebInterface No\n"
        "PreserveJobFiles Yes\nPreserveJobHistory Yes\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
    )
    process = subprocess.Popen(
        ["cupsd", "-f", "-c", str(folder / "cupsd.conf"), "-s", str(folder / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not SOCKET.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("cupsd did not start")
        time.sleep(0.1)
    subprocess.run(
        ["lpadmin", "-p", PRINTER, "-E", "-v", "cups-pdf:/", "-P", str(PPD)],
        check=True,
        capture_output=True,
    )
    return process, PrintService(folder, started)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)
    shutil.rmtree(FOLDER, ignore_errors=True)
