"""Refuse input that would crash libcst's native parser instead of raising.

libcst's Rust parser overflows the C stack (a segfault, not an exception) on some deeply
nested input: ~1500 nested brackets, a chain of ~8000 ``and``, ~10000 ``+``. ``ast.parse``
refuses all of these cleanly at lower depths (200 brackets, ~3000 chained operators) and
costs a tenth of libcst's parse, so it runs first as a guard.
"""

from __future__ import annotations

import ast
import warnings

# ast keeps ``a and b and ...`` flat (one BoolOp), libcst nests it: it crashes near 8000 operands.
_MAX_BOOL_OPERANDS = 2000


def precheck(text: str) -> tuple[int, int, str] | SyntaxError | None:
    """(line, column, message) when the text is too deeply nested to hand to libcst.

    An ordinary ``SyntaxError`` is returned, not reported: the file may use syntax newer than
    the running Python that libcst still parses; if libcst fails too, Python's message (which
    points at the offending token more precisely) is the one to show.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences and the like are not ours to report
            tree = ast.parse(text)
    except SyntaxError as error:
        if "null bytes" in (error.msg or ""):  # a ValueError before Python 3.11.4
            return 1, 1, "source contains NUL bytes"
        if "too many nested parentheses" in (error.msg or ""):
            return (
                error.lineno or 1,
                error.offset or 1,
                "too deeply nested to parse (too many nested brackets)",
            )
        return error
    except (RecursionError, MemoryError):
        return 1, 1, "too deeply nested to parse"
    except ValueError:
        return 1, 1, "source contains NUL bytes"
    if text.count(" and ") + text.count(" or ") > _MAX_BOOL_OPERANDS:
        for node in ast.walk(tree):
            if isinstance(node, ast.BoolOp) and len(node.values) > _MAX_BOOL_OPERANDS:
                return node.lineno, node.col_offset + 1, "too deeply nested to parse (boolean chain too long)"
    return None
