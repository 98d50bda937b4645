"""The cross-language index: resolves symbols across files, applies router prefixes, and
matches frontend URLs to backend routes.

Everything here is in memory and cheap; rules read the ``Project`` it builds and never
see a syntax tree.
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from wslint.facts import (
    Broadcaster,
    Connection,
    Endpoint,
    ExpectedType,
    FileFacts,
    Hook,
    HookUse,
    Mount,
    Polling,
    Push,
    PythonFacts,
    SourceRef,
    TypeScriptFacts,
    TypeValue,
    UrlHelper,
)
from wslint.files import is_test_path
from wslint.flow import MODULE_CODE, build_flow_model, flow_loops
from wslint.python_facts.vocabulary import is_keepalive_type as is_keepalive_type  # a rule's question too

_MAX_ALIAS_HOPS = 8


@dataclass(frozen=True, slots=True)
class ResolvedType:
    """A message type after linking: ``value`` when known, else maybe a glob ``pattern``."""

    ref: SourceRef
    value: str | None
    pattern: str | None
    symbol: str | None  # what it was written as, when it came through a symbol

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class LinkedEndpoint:
    endpoint: Endpoint
    served_paths: tuple[str, ...]  # the route path with every visible prefix applied
    initial: tuple[ResolvedType, ...]
    loop: tuple[ResolvedType, ...]
    errors: tuple[ResolvedType, ...] = ()  # sent only when something fails

    @property
    def served_path(self) -> str:
        return self.served_paths[0]


@dataclass(frozen=True, slots=True)
class LinkedPush:
    push: Push
    type: ResolvedType


@dataclass(frozen=True, slots=True)
class ClientUrl:
    """A URL the frontend opens: a connection, or a URL helper that somebody calls."""

    path: str
    ref: SourceRef
    certain: bool
    via: str
    function: str | None
    used_in: tuple[str, ...] = ()  # files that open it: its own, or those calling its URL helper
    external: bool = False  # a literal public host: maybe not this backend at all


@dataclass(frozen=True, slots=True)
class LinkedExpectation:
    expected: ExpectedType
    type: ResolvedType


@dataclass
class Project:
    files: list[FileFacts]
    backend_present: bool = False  # some Python file imports fastapi / starlette
    frontend_present: bool = False  # some frontend code opens a socket or builds a socket URL
    endpoints: list[LinkedEndpoint] = field(default_factory=list)
    pushes: list[LinkedPush] = field(default_factory=list)
    broadcasters: list[Broadcaster] = field(default_factory=list)
    references: set[str] = field(default_factory=set)
    client_urls: list[ClientUrl] = field(default_factory=list)
    url_helpers: list[UrlHelper] = field(default_factory=list)
    expectations: list[LinkedExpectation] = field(default_factory=list)
    hooks: list[Hook] = field(default_factory=list)
    hook_uses: list[HookUse] = field(default_factory=list)
    polling: list[Polling] = field(default_factory=list)
    test_paths: list[str] = field(default_factory=list)  # paths tests open with websocket_connect
    _by_last_segment: dict[str, list[LinkedEndpoint]] | None = field(default=None, repr=False)
    _clients: dict[int, list[ClientUrl]] | None = field(default=None, repr=False)
    has_tests: bool = False  # the backend has test files at all
    python_modules: list[PythonFacts] = field(default_factory=list)  # non-test backend modules
    # the backend also serves sockets we cannot read the routes and messages of (aiohttp, tornado)
    other_socket_server: bool = False

    # ---- questions rules ask

    def sent_types(self) -> Iterator[ResolvedType]:
        """Every message type the backend sends anyhow: initial, in a loop, or pushed."""
        for linked in self.endpoints:
            yield from linked.initial
            yield from linked.loop
            yield from linked.errors
        for push in self.pushes:
            yield push.type

    def pushed_values(self) -> set[str]:
        """Types sent again after connect: pushes anywhere and handler send loops."""
        values = {push.type.value for push in self.pushes if push.type.value is not None}
        for linked in self.endpoints:
            values.update(item.value for item in linked.loop if item.value is not None)
        return values

    def endpoints_serving(self, path: str) -> list[LinkedEndpoint]:
        """Endpoints a URL path reaches; indexed by last segment, since suffixes must agree."""
        if self._by_last_segment is None:
            self._by_last_segment = defaultdict(list)
            for linked in self.endpoints:
                for served in linked.served_paths:
                    segments = path_segments(served) or [""]
                    last = "{}" if _is_param(segments[-1]) else segments[-1]
                    self._by_last_segment[last].append(linked)
        segments = path_segments(path)
        if not segments:
            return []
        if _is_param(segments[-1]):
            candidates = self.endpoints
        else:
            candidates = self._by_last_segment.get(segments[-1], []) + self._by_last_segment.get("{}", [])
        found: list[LinkedEndpoint] = []
        for linked in candidates:
            if linked not in found and serves(linked, path):
                found.append(linked)
        return found

    def client_urls_of(self, linked: LinkedEndpoint) -> list[ClientUrl]:
        if self._clients is None:
            self._clients = defaultdict(list)
            for url in self.client_urls:
                for endpoint in self.endpoints_serving(url.path):
                    self._clients[id(endpoint)].append(url)
        return self._clients.get(id(linked), [])

    def expected_values(self) -> set[str]:
        return {item.type.value for item in self.expectations if item.type.value is not None}


# --------------------------------------------------------------------------- paths


def path_segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def paths_match(route: str, url: str) -> bool:
    """True when a backend route and a frontend URL path name the same socket.

    Compared by suffix, since either side may carry a prefix the other does not show (a
    router mounted at ``/api/v1``, a base URL that includes it). A route parameter or a
    template hole matches any one segment; at least one literal segment must agree.
    """
    left, right = path_segments(route), path_segments(url)
    if not left or not right:
        return False
    depth = min(len(left), len(right))
    literal_agreed = False
    for a, b in zip(left[-depth:], right[-depth:], strict=True):
        if _is_param(a) or _is_param(b):
            continue
        if a != b:
            return False
        literal_agreed = True
    return literal_agreed


def serves(linked: LinkedEndpoint, path: str) -> bool:
    return any(paths_match(served, path) for served in linked.served_paths)


def join_paths(*parts: str) -> str:
    joined = "/".join(part.strip("/") for part in parts if part.strip("/"))
    return "/" + joined


# ------------------------------------------------------------------------- symbols


def _module_suffix_match(a: str, b: str) -> bool:
    return a == b or a.endswith("." + b) or b.endswith("." + a)


class _PythonSymbols:
    def __init__(self, modules: Iterable[PythonFacts]) -> None:
        self._by_last: dict[str, list[PythonFacts]] = defaultdict(list)
        for facts in modules:
            self._by_last[facts.module.rsplit(".", 1)[-1]].append(facts)
            if facts.module.endswith(".__init__"):
                package = facts.module[: -len(".__init__")]
                self._by_last[package.rsplit(".", 1)[-1]].append(facts)

    def modules_named(self, module: str) -> list[PythonFacts]:
        last = module.rsplit(".", 1)[-1]
        return [facts for facts in self._by_last.get(last, ()) if _module_suffix_match(facts.module, module)]

    def resolve(self, symbol: str, hops: int = 0) -> str | None:
        """The string a dotted symbol stands for, or None when it is unknown or ambiguous."""
        if hops > _MAX_ALIAS_HOPS:
            return None
        parts = symbol.split(".")
        for split in range(len(parts) - 1, 0, -1):
            module, key = ".".join(parts[:split]), ".".join(parts[split:])
            found: set[str] = set()
            unresolved = False
            for facts in self.modules_named(module):
                if key in facts.constants:
                    found.add(facts.constants[key])
                    continue
                head, _, rest = key.partition(".")
                target = facts.aliases.get(head)
                if target is not None:
                    value = self.resolve(target + ("." + rest if rest else ""), hops + 1)
                    if value is not None:
                        found.add(value)
                    else:
                        unresolved = True
            if len(found) == 1 and not unresolved:
                return found.pop()
            if found:
                return None  # the same name means different things in different modules
        return None

    def handler(self, symbol: str, hops: int = 0) -> Endpoint | None:
        """The handler-shaped definition an imported handler symbol names, in its own module."""
        module, _, name = symbol.rpartition(".")
        if not module or hops > _MAX_ALIAS_HOPS:
            return None
        found = [facts.handlers[name] for facts in self.modules_named(module) if name in facts.handlers]
        if len(found) == 1:
            return found[0]
        for facts in self.modules_named(module):
            alias = facts.aliases.get(name)
            if alias is not None and alias != symbol:
                return self.handler(alias, hops + 1)
        return None

    def router_prefixes(self, symbol: str) -> tuple[PythonFacts, str] | None:
        """The module and router variable a mounted router symbol names."""
        module, _, name = symbol.rpartition(".")
        if not module:
            return None
        for facts in self.modules_named(module):
            if name in facts.routers:
                return facts, name
            alias = facts.aliases.get(name)
            if alias is not None and alias != symbol:
                return self.router_prefixes(alias)
        # ``include_router(ws_module.router)`` where the symbol is the module itself
        for facts in self.modules_named(symbol):
            if "router" in facts.routers:
                return facts, "router"
        return None


class _TypeScriptSymbols:
    def __init__(self, modules: Iterable[TypeScriptFacts]) -> None:
        self._by_module: dict[str, TypeScriptFacts] = {}
        for facts in modules:
            self._by_module[facts.module] = facts
            if facts.module.endswith("/index"):
                self._by_module.setdefault(facts.module[: -len("/index")], facts)

    def resolve(self, symbol: str, hops: int = 0) -> str | None:
        if hops > _MAX_ALIAS_HOPS:
            return None
        module, _, key = symbol.partition(":")
        facts = self._by_module.get(module)
        if facts is None:
            return None
        if key in facts.constants:
            return facts.constants[key]
        head, _, rest = key.partition(".")
        target = facts.aliases.get(head)
        if target is None:
            return None
        return self.resolve(target + ("." + rest if rest else ""), hops + 1)


# --------------------------------------------------------------------------- link


def _resolver(symbols: _PythonSymbols | _TypeScriptSymbols) -> Callable[[TypeValue], ResolvedType]:
    def resolve(value: TypeValue) -> ResolvedType:
        if value.value is not None:
            return ResolvedType(value.ref, value.value, None, None)
        if value.symbol is not None:
            return ResolvedType(value.ref, symbols.resolve(value.symbol), None, value.symbol)
        return ResolvedType(value.ref, None, value.pattern, None)

    return resolve


def _served_paths(
    endpoint: Endpoint, facts: PythonFacts, symbols: _PythonSymbols, mounts: list[Mount]
) -> tuple[str, ...]:
    assert endpoint.path is not None
    own_prefix = facts.routers.get(endpoint.router or "", "")
    route = join_paths(own_prefix, endpoint.path)
    mounted = sorted(
        {
            join_paths(mount.prefix, route)
            for mount in mounts
            if (target := symbols.router_prefixes(mount.router_symbol)) is not None
            and target[0] is facts
            and target[1] == endpoint.router
        }
    )
    return tuple(mounted) if mounted else (route,)


def link(files: list[FileFacts], backend_present: bool) -> Project:
    project = Project(files=files, backend_present=backend_present)
    python = [f.python for f in files if f.python is not None and not f.python.is_test]
    typescript = [f.typescript for f in files if f.typescript is not None and not f.typescript.is_test]
    python_symbols = _PythonSymbols(python)
    resolve_py = _resolver(python_symbols)
    resolve_ts = _resolver(_TypeScriptSymbols(typescript))
    mounts = [mount for facts in python for mount in facts.mounts]
    project.python_modules = python
    project.other_socket_server = any(facts.other_socket_server for facts in python)

    for facts in python:
        for endpoint in facts.endpoints:
            if endpoint.path is None:
                continue
            served = _served_paths(endpoint, facts, python_symbols, mounts)
            if not endpoint.handler_found and endpoint.handler_symbol is not None:
                imported = python_symbols.handler(endpoint.handler_symbol)
                if imported is not None:
                    endpoint = replace(imported, path=endpoint.path, router=endpoint.router, ref=endpoint.ref)
            project.endpoints.append(
                LinkedEndpoint(
                    endpoint=endpoint,
                    served_paths=served,
                    initial=tuple(resolve_py(item) for item in endpoint.initial_types),
                    loop=tuple(resolve_py(item) for item in endpoint.loop_types),
                    errors=tuple(resolve_py(item) for item in endpoint.error_types),
                )
            )
        project.references.update(facts.references)
    _link_flows(project, python, resolve_py)
    for file in files:
        if file.language == "python" and is_test_path(file.path):
            project.has_tests = True
            if file.python is not None:
                project.test_paths.extend(path for path, _ in file.python.test_connections)

    called_helpers = [call for facts in typescript for call in facts.helper_calls]
    for module in typescript:
        project.client_urls.extend(_client_url(connection) for connection in module.connections)
        project.url_helpers.extend(module.url_helpers)
        project.expectations.extend(
            LinkedExpectation(item, resolve_ts(item.type)) for item in module.expected_types
        )
        project.hooks.extend(module.hooks)
        project.hook_uses.extend(module.hook_uses)
        project.polling.extend(module.polling)
    for helper in project.url_helpers:
        callers = sorted(
            {call.ref.path for call in called_helpers if helper_names_match(helper.name, call.name)}
        )
        if callers:
            project.client_urls.append(
                ClientUrl(
                    helper.path,
                    helper.ref,
                    certain=True,
                    via=f"helper:{helper.name}",
                    function=None,
                    used_in=tuple(callers),
                )
            )
    project.frontend_present = bool(project.client_urls or project.url_helpers)
    return project


def _link_flows(
    project: Project, python: list[PythonFacts], resolve: Callable[[TypeValue], ResolvedType]
) -> None:
    """Pushes and broadcasters as the send summaries tell them: a push call of the project's
    own sender sends what its summary says, not what the call's first string reads."""
    model = build_flow_model(python)
    for facts in python:
        for push in facts.pushes:
            if push.callee is not None and model.resolves_to_sender(push.callee) is not None:
                continue
            project.pushes.append(LinkedPush(push, resolve(push.type)))
    for found in model.pushes:
        method = found.call.callee.rpartition(".")[2]
        push = Push(found.type, found.type.ref, found.caller.flow.name, method, in_loop=found.call.in_loop)
        project.pushes.append(LinkedPush(push, resolve(found.type)))
    loops = flow_loops(model.pushes)
    known = {(b.ref.path, b.name) for facts in python for b in facts.broadcasters}
    for facts in python:
        for broadcaster in facts.broadcasters:
            extra = loops.get((broadcaster.ref.path, broadcaster.name), ())
            new = tuple(loop for loop in extra if loop not in broadcaster.loops)
            if new:
                broadcaster = replace(
                    broadcaster, loops=tuple(sorted((*broadcaster.loops, *new), key=lambda loop: loop.ref))
                )
            project.broadcasters.append(broadcaster)
    derived = {push.caller.key: push.caller for push in model.pushes}
    for key, caller in sorted(derived.items()):
        if key in known or caller.flow.name == MODULE_CODE:
            continue
        flow = caller.flow
        project.broadcasters.append(
            Broadcaster(
                name=flow.name,
                short_name=flow.name.rpartition(".")[2],
                ref=flow.ref,
                has_docstring=flow.has_docstring,
                decorated=flow.entry,
                loops=loops.get(key, ()),
                is_method=flow.is_method,
            )
        )
    project.broadcasters.sort(key=lambda broadcaster: broadcaster.ref)


def _client_url(connection: Connection) -> ClientUrl:
    return ClientUrl(
        connection.path,
        connection.ref,
        connection.certain,
        connection.via,
        connection.function,
        used_in=(connection.ref.path,),
        external=connection.external,
    )


def helper_names_match(defined: str, called: str) -> bool:
    """``apiConfig.websocket.queue`` is called as itself, or through an import alias of its root."""
    if defined == called:
        return True
    defined_parts, called_parts = defined.split("."), called.split(".")
    if len(defined_parts) < 2 or len(called_parts) < 2:
        return False
    if defined_parts[1:] == called_parts[1:]:
        return True  # the root object imported under another name
    depth = min(len(defined_parts), len(called_parts))
    return defined_parts[-depth:] == called_parts[-depth:]


def pattern_matches(pattern: str, value: str) -> bool:
    return fnmatch.fnmatchcase(value, pattern)
