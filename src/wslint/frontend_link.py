"""Linking the frontend's modules to each other: what a hook returns reaches the components that
call it, and a hook or component no module imports is nobody's client.

Only facts go in: the imports of every module, the hooks' message fields, the components'
reads of hook results. When an import or a hook cannot be resolved, nothing is concluded.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from wslint.facts import PROPS, ExpectedType, Polling, PropPass, QueryFeed, StoreWrite, TypeScriptFacts

_MAX_HOPS = 8
# ``@/hooks/useSocket``, ``~/lib/ws``: a path alias for the project's source root
_ALIAS_PREFIX = re.compile(r"^(?:@|~|#|\$)/")
# Files a framework or the page loads without any module importing them: entry points and
# file-based routes (Next.js ``pages/`` and ``app/``, Remix / SvelteKit ``routes/``).
_ENTRY_STEMS = frozenset(
    {
        "main",
        "index",
        "app",
        "App",
        "_app",
        "_document",
        "root",
        "entry",
        "entry-client",
        "page",
        "layout",
        "route",
    }
)
_ROUTE_DIRS = frozenset({"pages", "app", "routes"})
# Folders whose modules a framework imports by itself (Nuxt's auto-imported composables and plugins).
_AUTO_IMPORTED_DIRS = frozenset({"composables", "plugins"})
# Frameworks whose components live in files wslint does not read (``.vue``, ``.svelte``, ``.astro``):
# what those import is out of view, so no hook of such a project is known to be unused.
_SINGLE_FILE_COMPONENTS = re.compile(r"^(?:vue|svelte|astro|nuxt)(?:/|$)|^@(?:vue|sveltejs|nuxt|astrojs)/")


def module_of(path: str) -> str:
    root, ext = posixpath.splitext(path)
    return root if ext else path


@dataclass(frozen=True, slots=True)
class _HookResult:
    module: TypeScriptFacts
    name: str
    message_fields: tuple[str, ...]
    returns_hook: str | None


class FrontendModules:
    """The frontend's modules by path, and the questions linking asks about them."""

    def __init__(self, modules: Iterable[TypeScriptFacts]) -> None:
        self.modules = list(modules)
        self._by_module: dict[str, TypeScriptFacts] = {}
        self._by_tail: dict[str, list[TypeScriptFacts]] = defaultdict(list)
        for facts in self.modules:
            names = [facts.module]
            if facts.module.endswith("/index"):
                names.append(facts.module[: -len("/index")])
            for name in names:
                self._by_module.setdefault(name, facts)
                self._by_tail[name.rsplit("/", 1)[-1]].append(facts)
        self._importers = self._imported_names()
        self._visible: bool | None = None
        self._socket_store_writes: dict[tuple[str, str], StoreWrite] | None = None
        self._passes: dict[tuple[str, str], list[PropPass]] | None = None

    # ---------------------------------------------------------------- modules

    def resolve(self, target: str) -> list[TypeScriptFacts]:
        """The modules an import target names: a resolved relative path, or a non-relative
        specifier (a path alias, a ``baseUrl`` path) matched by its tail."""
        exact = self._by_module.get(target)
        if exact is not None:
            return [exact]
        tail = _ALIAS_PREFIX.sub("", target).strip("/")
        if not tail or tail.startswith("."):
            return []
        last = tail.rsplit("/", 1)[-1]
        return [
            facts
            for facts in self._by_tail.get(last, ())
            if any(name.endswith("/" + tail) for name in (facts.module, facts.module.removesuffix("/index")))
        ]

    def _imported_names(self) -> dict[int, set[str]]:
        """Per module (by id), the names other modules import from it ("*" for all)."""
        imported: dict[int, set[str]] = defaultdict(set)
        for facts in self.modules:
            for item in facts.imports:
                target, _, name = item.rpartition(":")
                for found in self.resolve(target):
                    if found is not facts:
                        imported[id(found)].add(name)
        return imported

    # ------------------------------------------------------------- liveness

    def _imported(self, module: TypeScriptFacts, function: str) -> bool:
        names = self._importers.get(id(module), set())
        return "*" in names or function in names or ("default" in names and module.default_export == function)

    def _graph_visible(self) -> bool:
        """Some module imports a hook or component that opens a socket: the code that renders the
        socket code is in view. Otherwise (plain scripts a page loads, a hooks package whose
        components live elsewhere, a snippet) no importer can be missed for sure."""
        if self._visible is None:
            out_of_view = any(
                _SINGLE_FILE_COMPONENTS.match(item.rpartition(":")[0])
                for facts in self.modules
                for item in facts.imports
            )
            self._visible = not out_of_view and any(
                self._imported(facts, name)
                for facts in self.modules
                for name in {c.function for c in facts.connections}
                | {c.function for c in facts.helper_calls}
                | {h.name for h in facts.hooks}
                if name
            )
        return self._visible

    def dead(self, module: TypeScriptFacts, function: str | None) -> bool:
        """A hook or component that nothing in its module names and no module imports."""
        if function is None or function not in module.unreferenced or not self._graph_visible():
            return False
        parts = module.module.split("/")
        if parts[-1] in _ENTRY_STEMS or any(part in _ROUTE_DIRS | _AUTO_IMPORTED_DIRS for part in parts[:-1]):
            return False
        return not self._imported(module, function)

    def dead_path(self, path: str, function: str | None) -> bool:
        module = self._by_module.get(module_of(path))
        return module is not None and self.dead(module, function)

    # ---------------------------------------------------------------- hooks

    def hook(self, symbol: str, hops: int = 0) -> _HookResult | None:
        """The hook a ``"<module>:<name>"`` symbol names, through re-exports: a socket hook, a hook
        that returns another hook's result (``useKitchen = () => useFeed(URL)``), or a context
        whose provider hands down a socket hook's result (read with ``useContext``)."""
        target, _, name = symbol.rpartition(":")
        if hops > _MAX_HOPS or not target:
            return None
        found: list[_HookResult] = []
        for facts in self.resolve(target):
            local = facts.default_export if name == "default" else name
            hook = next((h for h in facts.hooks if h.name == local), None)
            if hook is not None:
                found.append(_HookResult(facts, hook.name, hook.message_fields, hook.returns_hook))
                continue
            if local is not None and local in facts.hook_returns:
                found.append(_HookResult(facts, local, (), facts.hook_returns[local]))
                continue
            context = facts.context_values.get(local or "")
            if local is not None and context is not None:
                found.append(_HookResult(facts, local, context.message_fields, context.returns_hook))
                continue
            alias = facts.aliases.get(name)
            if alias is not None and alias != symbol:
                deeper = self.hook(alias, hops + 1)
                if deeper is not None:
                    found.append(deeper)
        return found[0] if len(found) == 1 else None

    def message_fields(self, symbol: str, hops: int = 0) -> set[str]:
        """The keys a hook's result holds its socket's last message under, through hooks it returns;
        for a component, the ``props.<name>`` some render site passes a message in."""
        if hops > _MAX_HOPS:
            return set()
        fields = self._prop_fields(symbol, hops)
        found = self.hook(symbol)
        if found is None:
            return fields
        fields |= set(found.message_fields)
        if found.returns_hook is not None:
            fields |= self.message_fields(found.returns_hook, hops + 1)
        return fields

    def _definition(self, symbol: str, hops: int = 0) -> tuple[str, str] | None:
        """``(module, local name)`` a ``"<module>:<name>"`` symbol names, through re-exports."""
        target, _, name = symbol.rpartition(":")
        found = self.resolve(target) if target else []
        if len(found) != 1 or hops > _MAX_HOPS:
            return None
        facts = found[0]
        alias = facts.aliases.get(name)
        if alias is not None and alias != symbol:
            return self._definition(alias, hops + 1)
        local = facts.default_export if name == "default" else name
        return (facts.module, local) if local else None

    def _prop_fields(self, symbol: str, hops: int) -> set[str]:
        if self._passes is None:
            self._passes = defaultdict(list)
            for facts in self.modules:
                for item in facts.prop_passes:
                    definition = self._definition(item.component)
                    if definition is not None:
                        self._passes[definition].append(item)
        definition = self._definition(symbol)
        fields: set[str] = set()
        for item in self._passes.get(definition, ()) if definition is not None else ():
            if item.hook is None or item.hook_field in self.message_fields(item.hook, hops + 1):
                fields.add(PROPS + item.prop)
        return fields

    def _external_only(self, symbol: str) -> bool:
        """The hook opens only third-party sockets (``wss://stream.example.com``)."""
        found = self.hook(symbol)
        if found is None:
            return False
        opened = [c for c in found.module.connections if c.function == found.name]
        return bool(opened) and all(c.external for c in opened)

    def expectations(self) -> list[ExpectedType]:
        """Every type the frontend waits for: plain ones, and comparisons of a hook result's field
        when that hook returns its socket's last message under that field."""
        kept: list[ExpectedType] = []
        fields: dict[str, set[str]] = {}
        for facts in self.modules:
            for item in facts.expected_types:
                if item.hook is None:
                    kept.append(item)
                    continue
                if item.hook not in fields:
                    external = self._external_only(item.hook)
                    fields[item.hook] = set() if external else self.message_fields(item.hook)
                if item.hook_field in fields[item.hook]:
                    kept.append(item)
        return kept

    def query_feeds(self) -> list[QueryFeed]:
        return [feed for facts in self.modules for feed in facts.query_feeds]

    # ---------------------------------------------------------------- stores

    def _store_key(self, write: StoreWrite) -> tuple[str, str]:
        """The same store however a file imports it (relative path, alias, barrel)."""
        target, _, name = write.store.rpartition(":")
        found = self.resolve(target)
        return (found[0].module if len(found) == 1 else target) + ":" + name, write.member

    def store_feeder(self, polling: Polling) -> str | None:
        """The socket code that writes the store action the polling component writes too
        (``queryFn: ... useOrderStore.getState().setOrders(data)`` beside a socket hook calling
        ``setOrders``): the component polls what the socket already delivers."""
        if self._socket_store_writes is None:
            self._socket_store_writes = {}
            for facts in self.modules:
                for write in facts.store_writes:
                    if write.from_socket:
                        self._socket_store_writes.setdefault(self._store_key(write), write)
        for facts in self.modules:
            for write in facts.store_writes:
                if (
                    write.from_socket
                    or write.ref.path != polling.ref.path
                    or write.function != polling.function
                ):
                    continue
                fed = self._socket_store_writes.get(self._store_key(write))
                if fed is not None:
                    return fed.function or "a WebSocket message handler"
        return None
