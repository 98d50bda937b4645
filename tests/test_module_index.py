"""The module index answers exactly what the dotted-suffix rule says, in the given order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wslint.facts import PythonFacts
from wslint.module_index import ModuleIndex, module_names_match

_PART = st.sampled_from(["app", "ws", "models", "backend", "src", "copy1", "copy2"])
_NAME = st.lists(_PART, min_size=1, max_size=4).map(".".join)


def test_both_directions_match_on_a_dot() -> None:
    modules = [PythonFacts(module=name) for name in ("backend.app.ws", "app.ws", "ws", "app.news")]
    index = ModuleIndex(modules)
    assert [facts.module for facts in index.modules_named("app.ws")] == ["backend.app.ws", "app.ws", "ws"]
    # the import names more than the checked root has: the module it ends with
    assert [facts.module for facts in index.modules_named("src.app.ws")] == ["app.ws", "ws"]
    # on a dot, not on characters: ``app.news`` does not end with the module ``ews``
    assert [facts.module for facts in index.modules_named("ews")] == []


@given(st.lists(_NAME, max_size=12), _NAME)
def test_agrees_with_the_rule_for_every_name(names: list[str], query: str) -> None:
    modules = [PythonFacts(module=name) for name in names]
    expected = [facts for facts in modules if module_names_match(facts.module, query)]
    assert ModuleIndex(modules).modules_named(query) == expected
