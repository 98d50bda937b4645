"""Writing a report or a baseline: whole or not at all, and never through a planted symlink."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path


class UnsafeWrite(Exception):
    """The target cannot be written safely; the message is one line."""


def _symlink_inside(target: Path, trees: Sequence[Path]) -> Path | None:
    """The first component of ``target`` that is a symlink lying inside one of ``trees``: the
    checked tree may come from a pull request, and a symlink there must not turn
    ``-o report.txt`` into a write to ``~/.bashrc``."""
    current = Path(target.anchor)
    for part in target.parts[1:]:
        current = current / part
        if current.is_symlink():
            where = Path(os.path.realpath(current.parent)) / current.name
            if any(where.is_relative_to(tree) for tree in trees):
                return current
    return None


def write_text_atomically(target: Path, text: str, trees: Sequence[Path] = ()) -> None:
    """Write ``text`` to a temporary file beside ``target`` and rename it over ``target``: a
    failed run never leaves a truncated file. Refuses a path through a symlink inside ``trees``."""
    absolute = Path(os.path.abspath(target))
    link = _symlink_inside(absolute, trees)
    if link is not None:
        raise UnsafeWrite(f"refusing to write {target}: {link} is a symlink inside the checked tree")
    directory = absolute.parent
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{absolute.name}.", suffix=".tmp")
    except OSError as error:
        raise UnsafeWrite(f"cannot write {target}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # as an ordinary write would create it
        os.replace(temporary, absolute)
    except OSError as error:
        raise UnsafeWrite(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
