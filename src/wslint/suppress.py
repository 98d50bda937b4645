"""Inline ignores: ``# wslint: ignore[WS201]`` (Python), ``// wslint: ignore[WS303]`` (TS/JS).

An ignore on a line with code suppresses findings on that line; an ignore alone on its line
suppresses findings on the next line. ``wslint: ignore`` without codes suppresses every code.
A reason may follow after `` -- ``. Codes are exact (``WS201``), never prefixes.

Only real comments count: Python comments are found with :mod:`tokenize` (a careful
scanner takes over when the file does not tokenize); TypeScript / JavaScript comments with
a scanner that skips string and template literals.
"""

from __future__ import annotations

import io
import re
import tokenize
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from wslint.findings import Finding

PYTHON_SUFFIXES = frozenset({".py", ".pyi"})
SCRIPT_SUFFIXES = frozenset({".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"})

# ``wslint: ignore`` optionally followed by ``[CODES]``; a reason or any other text may follow
_DIRECTIVE = re.compile(r"(?<![\w-])wslint\s*:\s*ignore(?![\w-])(?:\s*\[(?P<codes>[^\]]*)\])?", re.IGNORECASE)
_RULE_CODE = re.compile(r"WS\d{3}")
_LINE_BREAK = re.compile(r"\r\n|\r")


@dataclass(frozen=True)
class InlineIgnore:
    path: str
    line: int  # where the comment is (1-based line and column)
    col: int
    codes: frozenset[str] | None  # None: a bare ``wslint: ignore``, every code
    applies_to: int  # the line it suppresses: its own, or the next when the comment stands alone

    def covers(self, code: str) -> bool:
        return self.codes is None or code in self.codes

    @property
    def directive(self) -> str:
        if self.codes is None:
            return "wslint: ignore"
        return f"wslint: ignore[{', '.join(sorted(self.codes))}]"


@dataclass
class SuppressionResult:
    kept: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    unused: list[UnusedIgnore] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Comment:
    line: int
    col: int
    text: str  # the comment text, markers included
    alone: bool  # nothing but whitespace (or JSX braces) shares its line
    end_line: int


# ------------------------------------------------------------------------------ finding


def find_inline_ignores(path: str, text: str) -> list[InlineIgnore]:
    """The inline ignores in one file; files that are neither Python nor TS/JS have none."""
    if "wslint" not in text.lower():  # most files: nothing to look for
        return []
    text = _LINE_BREAK.sub("\n", text)
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in PYTHON_SUFFIXES:
        comments = _python_comments(text)
    elif suffix in SCRIPT_SUFFIXES:
        comments = _script_comments(text)
    else:
        return []
    ignores = []
    for comment in comments:
        for match in _DIRECTIVE.finditer(comment.text):
            applies_to = comment.end_line + 1 if comment.alone else comment.line
            ignores.append(InlineIgnore(path, comment.line, comment.col, _codes(match), applies_to))
    return ignores


def _codes(match: re.Match[str]) -> frozenset[str] | None:
    listed = match.group("codes")
    if listed is None:
        return None
    return frozenset(code.strip() for code in listed.split(",") if code.strip())


def _python_comments(text: str) -> list[_Comment]:
    comments = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                line, col = token.start
                alone = not token.line[:col].strip()
                comments.append(_Comment(line, col + 1, token.string, alone, line))
    except (tokenize.TokenError, SyntaxError):
        return list(_python_comments_by_scan(text))
    return comments


def _python_comments_by_scan(text: str) -> list[_Comment]:
    """Comments of a file ``tokenize`` rejects, skipping string literals (triple-quoted too)."""
    return _comments_at(text, _comment_spans(_PYTHON_TOKENS, text), jsx=False)


def _script_comments(text: str) -> list[_Comment]:
    """``//`` and ``/* */`` comments of TS / JS, skipping '…', "…" and `…` literals.

    Regular expression literals are not recognised, so a quote inside one may hide a
    comment later on the same line; quotes in JSX text likewise.
    """
    return _comments_at(text, _comment_spans(_SCRIPT_TOKENS, text), jsx=True)


# Comments and string literals. A one-line string that is never closed ends at its line's
# end, and a multi-line one at the end of the file, so neither can swallow what follows it.
_PYTHON_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | '''(?:\\.|[^\\])*?(?:'''|\Z)
    | \"\"\"(?:\\.|[^\\])*?(?:\"\"\"|\Z)
    | '(?:\\.|[^'\\\n])*(?:'|(?=\n)|\Z)
    | "(?:\\.|[^"\\\n])*(?:"|(?=\n)|\Z)
    """,
    re.DOTALL | re.VERBOSE,
)
_SCRIPT_TOKENS = re.compile(
    r"""
      (?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    | '(?:\\.|[^'\\\n])*(?:'|(?=\n)|\Z)
    | "(?:\\.|[^"\\\n])*(?:"|(?=\n)|\Z)
    | `(?:\\.|[^`\\])*(?:`|\Z)
    """,
    re.DOTALL | re.VERBOSE,
)


def _comment_spans(tokens: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in tokens.finditer(text) if match.lastgroup == "comment"]


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _comments_at(text: str, spans: list[tuple[int, int]], *, jsx: bool) -> list[_Comment]:
    """Comments from (start, end) offsets; only those that mention wslint are kept."""
    line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
    comments = []
    for start, end in spans:
        body = text[start:end]
        if "wslint" not in body.lower():
            continue
        line = bisect_right(line_starts, start)
        end_line = bisect_right(line_starts, max(end - 1, start))
        before = text[line_starts[line - 1] : start].strip()
        after = text[end : _line_end(text, end)].strip()
        # a JSX comment ``{/* … */}`` stands alone on its line despite its braces
        alone = (before, after) in ({("", ""), ("{", "}")} if jsx else {("", "")})
        comments.append(_Comment(line, start - line_starts[line - 1] + 1, body, alone, end_line))
    return comments


# ----------------------------------------------------------------------------- applying


@dataclass(frozen=True, slots=True)
class UnusedIgnore:
    """An inline ignore, or one code in it, that suppressed nothing (what WS002 reports).

    ``reason``: "bare" (``wslint: ignore`` with no finding on its line), "empty" (``ignore[]``),
    "unused" (a code that had no finding there), "not-a-code" (not shaped like ``WS201``),
    "unknown-code" (shaped like a code, but no rule has it).
    """

    ignore: InlineIgnore
    code: str | None
    reason: str


def apply_inline_ignores(
    findings: Sequence[Finding],
    ignores: Mapping[str, Sequence[InlineIgnore]],
    *,
    active_codes: Callable[[str], bool],
    known_codes: Callable[[str], bool],
) -> SuppressionResult:
    """Split findings into kept and suppressed, and list the ignores that suppressed nothing.

    An unused code is not listed when ``active_codes(code)`` is false (the rule was not run, so
    it could not have fired).
    """
    by_line: dict[tuple[str, int], list[InlineIgnore]] = defaultdict(list)
    for path_ignores in ignores.values():
        for ignore in path_ignores:
            by_line[(ignore.path, ignore.applies_to)].append(ignore)

    result = SuppressionResult()
    used: set[tuple[InlineIgnore, str]] = set()  # (ignore, code) pairs that suppressed something
    for finding in findings:
        covering = by_line.get((finding.ref.path, finding.ref.line), [])
        matching = [ignore for ignore in covering if ignore.covers(finding.code)]
        if not matching:
            result.kept.append(finding)
            continue
        result.suppressed.append(finding)
        used.update((ignore, finding.code) for ignore in matching)

    every_ignore = [ignore for path_ignores in ignores.values() for ignore in path_ignores]
    result.unused = _unused_ignores(every_ignore, used, active_codes, known_codes)
    return result


def _unused_ignores(
    ignores: Sequence[InlineIgnore],
    used: set[tuple[InlineIgnore, str]],
    active_codes: Callable[[str], bool],
    known_codes: Callable[[str], bool],
) -> list[UnusedIgnore]:
    """One per bare ignore that suppressed nothing, and per unused code in a coded one."""
    used_ignores = {ignore for ignore, _ in used}
    unused = []
    for ignore in sorted(ignores, key=lambda ignore: (ignore.path, ignore.line, ignore.col)):
        if ignore.codes is None:
            if ignore not in used_ignores:
                unused.append(UnusedIgnore(ignore, None, "bare"))
            continue
        if not ignore.codes:
            unused.append(UnusedIgnore(ignore, None, "empty"))
        for code in sorted(ignore.codes):
            if (ignore, code) in used:
                continue
            if not _RULE_CODE.fullmatch(code):
                unused.append(UnusedIgnore(ignore, code, "not-a-code"))
            elif not known_codes(code):
                unused.append(UnusedIgnore(ignore, code, "unknown-code"))
            elif active_codes(code):
                unused.append(UnusedIgnore(ignore, code, "unused"))
    return unused
