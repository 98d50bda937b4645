"""The WebSocket implementation checklist wslint holds code to, shipped with it, by section.

Rules cite sections (``2.2A``, ``3.1``, mistake ``#2``); ``wslint explain`` prints the cited
sections from this copy, so a reference is something the user can read, not a bare number.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_STEP = re.compile(r"^#### ☐ (\d\.\d[A-Z]?) (.*)$")
_MISTAKE = re.compile(r"^### Mistake #(\d+): (.*)$")
_HEADING = re.compile(r"^#{1,4} ")
_FENCE = re.compile(r"^(```|~~~)")
# how rule texts cite sections: "checklist 2.2A", "checklist 4.1-4.3", "(2.2B)", "mistake #3"
_CITED_STEP = re.compile(r"(?<![\w.])(\d\.\d[A-Z]?)(?:-(\d\.\d[A-Z]?))?(?![\w.])")
_CITED_MISTAKE = re.compile(r"mistake #(\d+)", re.IGNORECASE)


@cache
def sections() -> dict[str, str]:
    """Section id (``"2.2A"``, ``"mistake #2"``) -> its text, heading included."""
    text = resources.files("wslint").joinpath("data/checklist.md").read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    in_code = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_code = not in_code
        elif not in_code and _HEADING.match(line):
            current = None
            step, mistake = _STEP.match(line), _MISTAKE.match(line)
            if step:
                current = found.setdefault(step.group(1), [])
            elif mistake:
                current = found.setdefault(f"mistake #{mistake.group(1)}", [])
        if current is not None:
            current.append(line)
    return {key: "\n".join(line for line in lines if line != "---").strip() for key, lines in found.items()}


def cited(text: str) -> list[str]:
    """The section ids a rule's text cites, in order of first mention, known sections only."""
    known = sections()
    order = sorted(known, key=lambda key: (key.startswith("mistake"), key))
    ids: list[str] = []
    for match in _CITED_MISTAKE.finditer(text):
        ids.append(f"mistake #{match.group(1)}")
    for match in _CITED_STEP.finditer(text):
        first, last = match.group(1), match.group(2)
        if last is None:
            ids.append(first)
        else:  # a range, "4.1-4.3"
            ids += [key for key in order if not key.startswith("mistake") and first <= key <= last]
    unique: list[str] = []
    for key in ids:
        if key in known and key not in unique:
            unique.append(key)
    return unique
