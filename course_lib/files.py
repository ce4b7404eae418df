"""Where the course lives and how it writes files: one project-root finder, one atomic write.

Every command that writes a file a person may have open (an exercise, a report, a
slide page) writes it with :func:`atomic_write`: a temporary file in the same
folder, flushed to disk, then renamed over the target, so a reader sees the old
file or the new one, never half of one.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write(folder / "note.txt", "first")
PosixPath('...note.txt')
>>> atomic_write(folder / "note.txt", "second").read_text()
'second'
>>> sorted(p.name for p in folder.iterdir())   # no temporary file left behind
['note.txt']
>>> (project_root() / "course_lib").is_dir()
True
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["project_root", "atomic_write", "find_notebooks"]


def project_root() -> Path:
    """The course folder: the one holding ``course_lib/``, ``notebooks/`` and ``datasets/``."""
    return Path(__file__).resolve().parent.parent


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike, content: str | bytes, *, encoding: str = "utf-8") -> Path:
    """Write ``content`` to ``path`` atomically and return the path.

    The new file gets the permissions an ordinary new file would get (``0o666``
    less the process umask). If anything fails, the temporary file is removed and
    ``path`` is left as it was.
    """
    path = Path(path)
    data = content.encode(encoding) if isinstance(content, str) else bytes(content)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def find_notebooks(paths, default: tuple[str, ...] = ("notebooks",)) -> list[Path]:
    """The notebooks named by ``paths`` (files or folders), or those in the ``default`` course folders.

    Folders give their ``*.ipynb`` files in name order. A path that is neither raises
    ``FileNotFoundError`` naming it.
    """
    root = project_root()
    chosen = [Path(p) for p in paths] or [root / d for d in default]
    found: list[Path] = []
    for p in chosen:
        if p.is_dir():
            found.extend(sorted(p.glob("*.ipynb")))
        elif p.suffix == ".ipynb" and p.exists():
            found.append(p)
        else:
            raise FileNotFoundError(f"no notebook at {p}")
    return found
