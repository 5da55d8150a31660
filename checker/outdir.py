"""The output folder is svccheck's: what `--out` may replace, a lock against concurrent runs, atomic replacement.

A folder may be replaced only if it does not exist, is empty, or carries the marker file a
previous run wrote (listing every file it wrote) and holds nothing else. Anything else — a user's
folder, a file, a symbolic link, the export, a folder above the export or the working directory —
is refused with a UsageError before any work is done. While a run holds the claim, a lock (a file in
the system's temporary folder, one per target) keeps a second run out; temporary folders that a
killed run left beside the target are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from checker.errors import UsageError

MARKER = ".svccheck-run.json"
PARTIAL = ".svccheck-partial"  # inside a temporary folder until it is complete
TEMP_INFIX, OLD_INFIX = ".svccheck-tmp-", ".svccheck-old-"


def written_files(folder: Path) -> list[str]:
    """Every file below folder, as sorted '/'-separated relative paths (the marker's list)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != MARKER)


def foreign_files(folder: Path) -> list[str] | None:
    """Files in folder that svccheck did not write; None when folder carries no valid marker."""
    marker = folder / MARKER
    if not marker.is_file() or marker.is_symlink():
        return None
    try:
        listed = set(json.loads(marker.read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return [name for name in written_files(folder) if name not in listed]


def register(folder: Path, names: list[str]) -> None:
    """Add files that svccheck wrote into an existing output folder (rebuilt reports) to its marker."""
    marker = folder / MARKER
    data = json.loads(marker.read_text(encoding="utf-8")) if marker.is_file() else {"files": []}
    data["files"] = sorted(set(data["files"]) | set(names))
    _write_json(marker, data)


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def refusal(out: Path, data_dir: Path | None = None) -> str | None:
    """Why svccheck may not write `out` (None: it may)."""
    if out.name in ("", ".", "..") or str(out).rstrip("/\\") in (".", ".."):
        return "is '.' or '..'; name a new folder for the outputs"
    target = out.absolute()
    if os.path.islink(target):
        return "is a symbolic link; name a real folder"
    resolved = target.resolve()
    if _inside(Path.cwd().resolve(), resolved):
        return "is the current folder or a folder above it"
    if data_dir is not None and _inside(data_dir.resolve(), resolved):
        return f"is the export folder {data_dir} or a folder above it"
    if not target.exists():
        return None
    if not target.is_dir():
        return "exists and is a file, not an output folder of svccheck"
    if not any(target.iterdir()):
        return None
    foreign = foreign_files(target)
    if foreign is None:
        return f"exists and was not written by svccheck (it has no {MARKER}); give a new folder or empty it yourself"
    if foreign:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        return f"holds files svccheck did not write ({shown}); move them out first"
    return None


def check(out: Path, data_dir: Path | None = None) -> None:
    """Raise UsageError when `out` is not a folder svccheck may create or replace."""
    reason = refusal(out, data_dir)
    if reason:
        raise UsageError(f"--out {out} {reason}")


def umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_stale(target: Path) -> None:
    """Temporary and set-aside folders of earlier runs on this target that were killed before cleaning up."""
    for prefix in (f".{target.name}{TEMP_INFIX}", f".{target.name}{OLD_INFIX}"):
        for stale in target.parent.glob(f"{prefix}*"):
            ours = (stale / PARTIAL).is_file() or (stale / MARKER).is_file() or not any(stale.iterdir())
            if stale.is_dir() and not stale.is_symlink() and ours:
                shutil.rmtree(stale, ignore_errors=True)


class Claim:
    """A locked output folder: build its new content aside, then swap it in."""

    def __init__(self, target: Path, data_dir: Path | None):
        self.target, self.data_dir = target, data_dir

    @contextmanager
    def build(self) -> Iterator[Path]:
        """Yield an empty temporary folder beside the target; on success it replaces the target whole."""
        tmp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}{TEMP_INFIX}", dir=self.target.parent))
        os.chmod(tmp, 0o777 & ~umask())
        (tmp / PARTIAL).touch()
        try:
            yield tmp
            (tmp / PARTIAL).unlink()
            _write_json(tmp / MARKER, {"written_by": "svccheck", "files": written_files(tmp)})
            check(self.target, self.data_dir)  # again: the target may have changed during a long run
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self._swap(tmp)

    def _swap(self, tmp: Path) -> None:
        """The new folder into place. On Windows a folder holding an open file (report.xlsx open in Excel) cannot be
        renamed: then the new folder is removed, the previous output put back, and the run refused (exit 2)."""
        old = None
        try:
            if self.target.exists():
                old = self.target.with_name(f".{self.target.name}{OLD_INFIX}{os.getpid()}")
                self.target.rename(old)
            tmp.rename(self.target)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if old is not None and old.exists() and not self.target.exists():
                old.rename(self.target)
            raise UsageError(f"--out {self.target}: cannot replace it ({exc.strerror or exc}); close every file of it that is open "
                             "(report.xlsx in Excel?) and run again") from None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _lock_path(target: Path) -> Path:
    """A lock file per target in the system's temporary folder, so that nothing is left beside the outputs."""
    owner = os.getuid() if hasattr(os, "getuid") else "user"  # Windows' temporary folder is per user already
    folder = Path(tempfile.gettempdir()) / f"svccheck-locks-{owner}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / (hashlib.sha256(str(target.resolve()).encode()).hexdigest()[:32] + ".lock")


@contextmanager
def claim(out: Path, data_dir: Path | None = None) -> Iterator[Claim]:
    """Check that svccheck may write `out`, create its parent, and lock it against other runs."""
    check(out, data_dir)
    target = out.absolute()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(target.parent, os.W_OK | os.X_OK):
            raise PermissionError(13, "permission denied")
        lock = FileLock(_lock_path(target), timeout=0)
        lock.acquire()
    except Timeout:
        raise UsageError(f"--out {out}: another svccheck run is writing it now; try again when it has finished") from None
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write there ({exc.strerror or exc})") from None
    try:
        _remove_stale(target)
        yield Claim(target, data_dir)
    finally:
        # Unlinked while still held: a run that opened it meanwhile is refused; one that comes later makes a new one.
        with contextlib.suppress(OSError):
            os.unlink(lock.lock_file)
        lock.release()
