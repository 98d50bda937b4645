"""``extract_python``: a file's path and bytes in, its facts out; it never raises."""

from __future__ import annotations

import ast
import sys
import warnings

from wslint.facts import FileFacts, ParseError, PythonFacts, SourceRef
from wslint.files import is_test_path
from wslint.python_facts.module_names import is_package_init, module_name
from wslint.python_facts.positions import Positions
from wslint.python_facts.symbols import collect_symbols
from wslint.python_facts.walker import FactWalker

# ``ast`` reads the syntax of the Python that runs wslint, and no newer.
_RUNNING_PYTHON = f"Python {sys.version_info.major}.{sys.version_info.minor}"


def _decode(path: str, source: bytes) -> str | ParseError:
    try:
        return source.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = source[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return ParseError(SourceRef(path, line, column), "not valid UTF-8")


def _parse(path: str, text: str) -> ast.Module | ParseError:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences and the like are not ours to report
            return ast.parse(text)
    except SyntaxError as error:
        where = SourceRef(path, error.lineno or 1, error.offset or 1)
        message = error.msg or "invalid syntax"
        if "too many nested parentheses" in message:
            return ParseError(where, "too deeply nested to parse (too many nested brackets)")
        if "null bytes" in message:
            return ParseError(SourceRef(path, 1, 1), "source contains NUL bytes")
        # The file may be fine for a newer Python: say which one read it.
        reader = f"{_RUNNING_PYTHON} cannot parse it; newer syntax needs a newer Python"
        return ParseError(where, f"syntax error: {message} ({reader})")
    except RecursionError:
        return ParseError(SourceRef(path, 1, 1), "too deeply nested to parse")
    except MemoryError:
        return ParseError(SourceRef(path, 1, 1), "out of memory while parsing")
    except ValueError:  # Python 3.11 refuses NUL bytes this way
        return ParseError(SourceRef(path, 1, 1), "source contains NUL bytes")


def _facts(path: str, text: str, module: ast.Module, extra_push_methods: frozenset[str]) -> PythonFacts:
    name = module_name(path)
    table = collect_symbols(module, name, is_package_init(path))
    facts = PythonFacts(module=name, is_test=is_test_path(path))
    facts.constants = table.constants
    facts.aliases = table.aliases
    FactWalker(table, Positions(path, text), facts, extra_push_methods).run(module)
    return facts


def extract_python(path: str, source: bytes, extra_push_methods: frozenset[str] = frozenset()) -> FileFacts:
    """Facts of one Python file. ``path`` is posix, relative to the project root.

    Any failure (syntax error, syntax newer than the running Python, encoding, nesting too deep,
    an extractor bug) becomes a ``ParseError`` with empty facts, so the rest of the project is
    still checked.
    """
    result = FileFacts(
        path, "python", python=PythonFacts(module=module_name(path), is_test=is_test_path(path))
    )
    text = _decode(path, source)
    module = _parse(path, text) if isinstance(text, str) else text
    if isinstance(module, ParseError):
        result.parse_errors.append(module)
        return result
    assert isinstance(text, str)
    try:
        result.python = _facts(path, text, module, extra_push_methods)
    except RecursionError:
        result.parse_errors.append(ParseError(SourceRef(path, 1, 1), "too deeply nested to analyse"))
    except MemoryError:
        result.parse_errors.append(ParseError(SourceRef(path, 1, 1), "out of memory while analysing"))
    except Exception as error:  # an extractor bug must not stop the run; it is reported, not hidden
        message = f"internal error in the Python extractor: {type(error).__name__}: {error}"
        result.parse_errors.append(ParseError(SourceRef(path, 1, 1), message))
    return result
