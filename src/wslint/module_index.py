"""Which of the project's Python modules a dotted module name may mean.

A file's module name comes from its path relative to the checked root, an import names the
module as the code sees it: ``app.ws`` in an import may be ``backend.app.ws`` here, and
``src.app.ws`` in a symbol may be ``app.ws`` here. Two names match when one is the other or
ends with it on a dot. Both directions are indexed once, so a lookup costs the number of
dots in the name, not the number of modules: a project of many same-named modules
(``models``, ``utils``, copies of a service) links in linear time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from wslint.facts import PythonFacts


def module_names_match(a: str, b: str) -> bool:
    """One dotted name is the other, or ends with it on a dot."""
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _suffixes(name: str) -> list[str]:
    """``a.b.c`` -> ``a.b.c``, ``b.c``, ``c``."""
    parts = name.split(".")
    return [".".join(parts[start:]) for start in range(len(parts))]


class ModuleIndex:
    def __init__(self, modules: Iterable[PythonFacts]) -> None:
        self._order: dict[int, int] = {}
        self._by_name: dict[str, list[PythonFacts]] = defaultdict(list)
        self._by_suffix: dict[str, list[PythonFacts]] = defaultdict(list)
        for number, facts in enumerate(modules):
            self._order[id(facts)] = number
            self._by_name[facts.module].append(facts)
            for suffix in _suffixes(facts.module):
                self._by_suffix[suffix].append(facts)
        self._named: dict[str, list[PythonFacts]] = {}

    def modules_named(self, module: str) -> list[PythonFacts]:
        """The modules ``module`` may mean, in the order they were given."""
        found = self._named.get(module)
        if found is None:
            # modules whose name ends with ``module`` (or is it), then modules whose whole
            # name ``module`` ends with
            candidates = {id(facts): facts for facts in self._by_suffix.get(module, ())}
            for suffix in _suffixes(module)[1:]:
                candidates.update((id(facts), facts) for facts in self._by_name.get(suffix, ()))
            found = sorted(candidates.values(), key=lambda facts: self._order[id(facts)])
            self._named[module] = found
        return found
