"""Where the course lives and how it writes files: one project-root finder, one atomic write.

Every command that writes a file a person may have open (an exercise, a report, a
slide page) writes it with :func:`atomic_write`: a temporary file in the same
folder, flushed to disk, then renamed over the target, so a reader sees the old
file or the new one, never half of one. :func:`claim_unique` gives a new file a
name no other process can take at the same moment (``O_EXCL``), which backups use.

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
import secrets
import time
from pathlib import Path

__all__ = ["project_root", "edition_root", "start_page", "atomic_write", "claim_unique", "find_notebooks",
           "temporary_name"]

#: A temporary file older than this whose process is gone is left-over from a killed run.
_STALE_SECONDS = 60.0


def project_root() -> Path:
    """The course folder: the one holding ``course_lib/``, ``notebooks/`` and ``datasets/``."""
    return Path(__file__).resolve().parent.parent


def edition_root(root, lang: str):
    """The folder of an edition inside ``root``: ``root`` itself for English, ``root/<lang>`` for the others
    (``zh/notebooks``, ``zh/solutions``, ``zh/exercises``).

    Examples
    --------
    >>> edition_root(Path("course"), "zh").as_posix(), edition_root(Path("course"), "en").as_posix()
    ('course/zh', 'course')
    """
    return root if lang == "en" else root / lang


def start_page(lang: str = "en") -> str:
    """An edition's start page, relative to the course folder (``zh/notebooks/00_start_here.ipynb``)."""
    from pathlib import PurePosixPath

    return (edition_root(PurePosixPath(), lang) / "notebooks" / "00_start_here.ipynb").as_posix()


def temporary_name(path: str | os.PathLike) -> Path:
    """A hidden name beside ``path`` for a temporary file: ``.<name>.<pid>.<random>.tmp``.

    The process id in the name lets a later write remove what a killed process left behind
    (:func:`atomic_write` does); the random part keeps concurrent writers apart.
    """
    path = Path(path)
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (another user's), or we cannot tell: keep its file
    return True


def _sweep_stale(path: Path) -> None:
    """Remove ``.<name>.<pid>.<random>.tmp`` files of ``path`` whose process is gone (a killed write)."""
    prefix = f".{path.name}."
    try:
        candidates = [p for p in path.parent.iterdir() if p.name.startswith(prefix) and p.name.endswith(".tmp")]
    except OSError:
        return
    now = time.time()
    for p in candidates:
        middle = p.name[len(prefix):-len(".tmp")].split(".")
        if len(middle) != 2 or not middle[0].isdigit() or int(middle[0]) == os.getpid():
            continue
        try:
            if now - p.stat().st_mtime > _STALE_SECONDS and not _alive(int(middle[0])):
                p.unlink()
        except OSError:
            pass


def _create_new(path: Path, mode: int = 0o666) -> int:
    """Open a file that must not exist yet; the process umask applies to ``mode`` as for any new file."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)


def atomic_write(path: str | os.PathLike, content: str | bytes, *, encoding: str = "utf-8") -> Path:
    """Write ``content`` to ``path`` atomically and return the path.

    The new file gets the permissions an ordinary new file would get (``0o666`` less the
    process umask: the kernel applies it, so nothing here reads or changes the umask, which
    would race with other threads). If anything fails, or the process is stopped by a signal
    that raises (Ctrl-C, or SIGTERM under ``service-course report``), the temporary file is
    removed and ``path`` is left as it was; temporary files of killed writes (``kill -9``) are
    removed by the next write of the same file.
    """
    path = Path(path)
    data = content.encode(encoding) if isinstance(content, str) else bytes(content)
    _sweep_stale(path)
    tmp = None
    try:
        tmp = temporary_name(path)
        fd = _create_new(tmp)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
    return path


def claim_unique(folder: str | os.PathLike, stem: str, suffix: str, content: bytes | None = None,
                 *, link_to: str | os.PathLike | None = None) -> Path:
    """Create ``folder/<stem><suffix>`` (or ``<stem>-2<suffix>``, ``-3`` … if taken) and return it.

    The name is taken with ``O_EXCL`` (or, for ``link_to``, a hard link, which also fails when the
    name exists), so two processes never get the same name. With ``content`` the file is written
    through a temporary file and linked into place complete: nobody ever sees it half-written.
    With ``link_to`` the new name is a hard link to that file (the same data, no copy).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> claim_unique(d, "a", ".txt", b"1").name, claim_unique(d, "a", ".txt", b"2").name
    ('a.txt', 'a-2.txt')
    """
    folder = Path(folder)
    source = Path(link_to) if link_to is not None else None
    tmp = None
    try:
        if source is None:
            tmp = temporary_name(folder / f"{stem}{suffix}")
            with os.fdopen(_create_new(tmp), "wb") as fh:
                fh.write(content or b"")
                fh.flush()
                os.fsync(fh.fileno())
            source = tmp
        n = 1
        while True:
            target = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
            try:
                os.link(source, target)
                return target
            except FileExistsError:
                n += 1
            except OSError:  # no hard links here (some network or FAT drives): copy into a new name
                try:
                    fd = _create_new(target)
                except FileExistsError:
                    n += 1
                    continue
                with os.fdopen(fd, "wb") as fh:
                    fh.write(Path(source).read_bytes())
                    fh.flush()
                    os.fsync(fh.fileno())
                return target
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass


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
