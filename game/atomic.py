"""Atomic file writes: a temporary file in the same folder, flushed to disk, then renamed over
the target, and the folder flushed too. A failure leaves any earlier file at the path as it
was (and raises OSError naming the path asked for, never the temporary file).

The result looks like any other tool's output: a new file gets the mode the umask allows
(``0o666 & ~umask``, usually 0644), a replaced file keeps its mode, and a symlink is written
through (its target is replaced; the link stays a link). A path that names something other
than a file (a device such as /dev/full, a named pipe) is refused, never replaced.

``durable=False`` skips the two fsyncs: the write is still atomic for the process (a kill or a
crash leaves the old file or the new one, never a mix), only not yet forced to the disk; a
replay written after every turn uses it for all but its last write.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


def current_umask() -> int:
    """The process's umask, read without changing it where Linux allows (/proc), else by
    setting and restoring it."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(folder: str) -> None:
    """Flush the folder's entry for the renamed file (where the OS allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:          # some file systems refuse fsync on a folder
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | Path, data: str | bytes, durable: bool = True) -> None:
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    target = os.path.realpath(path)          # through symlinks, to the file they name
    folder = os.path.dirname(target) or "."
    try:
        st = os.stat(target)
        if not stat.S_ISREG(st.st_mode):
            what = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise OSError(errno.EISDIR if stat.S_ISDIR(st.st_mode) else errno.EINVAL,
                          f"is {what}; give a file name", str(path))
        mode = stat.S_IMODE(st.st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~current_umask()
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(path)) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp",
                                   dir=folder)
    except OSError as e:
        raise OSError(e.errno, e.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), mode)
            if durable:
                os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise OSError(e.errno, e.strerror, str(path)) from None
        raise
    if durable:
        _fsync_dir(folder)
