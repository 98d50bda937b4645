"""``extract_python``: a file's path and bytes in, its facts out; it never raises."""

from __future__ import annotations

import libcst as cst

from wslint.facts import FileFacts, ParseError, PythonFacts, SourceRef
from wslint.files import is_test_path
from wslint.python_facts.module_names import is_package_init, module_name
from wslint.python_facts.positions import Positions
from wslint.python_facts.safety import precheck
from wslint.python_facts.symbols import collect_symbols
from wslint.python_facts.walker import FactWalker


def _decode(path: str, source: bytes) -> str | ParseError:
    try:
        return source.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = source[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return ParseError(SourceRef(path, line, column), "not valid UTF-8")


def _parse(path: str, text: str) -> cst.Module | ParseError:
    problem = precheck(text)
    if isinstance(problem, tuple):
        line, column, message = problem
        return ParseError(SourceRef(path, line, column), message)
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        if isinstance(problem, SyntaxError):
            where = SourceRef(path, problem.lineno or 1, problem.offset or 1)
            return ParseError(where, f"syntax error: {problem.msg}")
        where = SourceRef(path, error.raw_line, error.raw_column + 1)
        return ParseError(where, f"syntax error: {error.message}")
    except RecursionError:
        return ParseError(SourceRef(path, 1, 1), "too deeply nested to parse")
    except MemoryError:
        return ParseError(SourceRef(path, 1, 1), "out of memory while parsing")


def _facts(path: str, module: cst.Module, extra_push_methods: frozenset[str]) -> PythonFacts:
    name = module_name(path)
    table = collect_symbols(module, name, is_package_init(path))
    facts = PythonFacts(module=name, is_test=is_test_path(path))
    facts.constants = table.constants
    facts.aliases = table.aliases
    FactWalker(table, Positions(path, module), facts, extra_push_methods).run(module)
    return facts


def extract_python(path: str, source: bytes, extra_push_methods: frozenset[str] = frozenset()) -> FileFacts:
    """Facts of one Python file. ``path`` is posix, relative to the project root.

    Any failure (syntax error, encoding, nesting too deep, an extractor bug) becomes a
    ``ParseError`` with empty facts, so the rest of the project is still checked.
    """
    result = FileFacts(
        path, "python", python=PythonFacts(module=module_name(path), is_test=is_test_path(path))
    )
    text = _decode(path, source)
    module = _parse(path, text) if isinstance(text, str) else text
    if isinstance(module, ParseError):
        result.parse_errors.append(module)
        return result
    try:
        result.python = _facts(path, module, extra_push_methods)
    except RecursionError:
        result.parse_errors.append(ParseError(SourceRef(path, 1, 1), "too deeply nested to analyse"))
    except MemoryError:
        result.parse_errors.append(ParseError(SourceRef(path, 1, 1), "out of memory while analysing"))
    except Exception as error:  # an extractor bug must not stop the run; it is reported, not hidden
        message = f"internal error in the Python extractor: {type(error).__name__}: {error}"
        result.parse_errors.append(ParseError(SourceRef(path, 1, 1), message))
    return result
