"""The Python extractor: FastAPI / Starlette WebSocket facts from one file, read with ``ast``.

- ``might_hold_python_facts(source)`` — a cheap byte test; files it rejects are skipped.
- ``extract_python(path, source, extra_push_methods=frozenset())`` — a ``FileFacts`` with
  ``PythonFacts``; never raises.
- ``PUSH_METHOD_NAMES`` — method names (and prefixes) that push a message to clients.
"""

from wslint.python_facts.extract import extract_python
from wslint.python_facts.prefilter import might_hold_python_facts
from wslint.vocabulary import PUSH_METHOD_NAMES

__all__ = ["PUSH_METHOD_NAMES", "extract_python", "might_hold_python_facts"]
