"""The cross-language index: resolves symbols across files, applies router prefixes, and
matches frontend URLs to backend routes.

Everything here is in memory and cheap; rules read the ``Project`` it builds and never
see a syntax tree.
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property

from wslint.facts import (
    Broadcaster,
    Connection,
    Endpoint,
    ExpectedType,
    FactoryCall,
    FileFacts,
    Hook,
    HookUse,
    Polling,
    Push,
    PythonFacts,
    QueryFeed,
    RouteFactory,
    SourceRef,
    TypeScriptFacts,
    TypeValue,
    UrlHelper,
)
from wslint.files import is_test_path
from wslint.flow import MODULE_CODE, FlowModel, build_flow_model, flow_loops
from wslint.frontend_link import FrontendModules
from wslint.module_index import ModuleIndex
from wslint.vocabulary import HANDLED_ONLY, RESERVED_EVENTS, SUBSCRIBED

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


class Project:
    """The whole project as rules see it: every file's facts, and views over them.

    The per-language fact lists are kept as extracted; each view is computed on first use and
    links only what is truly cross-file (symbols, router prefixes, URL helpers and their callers).
    """

    def __init__(self, files: list[FileFacts], backend_present: bool = False) -> None:
        self.files = files
        self.backend_present = backend_present  # some Python file imports fastapi / starlette
        # facts of the project's own code; tests only count where a view says so
        self.python_modules = [f.python for f in files if f.python is not None and not f.python.is_test]
        self.typescript_modules = [
            f.typescript for f in files if f.typescript is not None and not f.typescript.is_test
        ]
        self._python_symbols = _PythonSymbols(self.python_modules)

    # ---- backend views

    @cached_property
    def endpoints(self) -> list[LinkedEndpoint]:
        """Routes with a readable path, their prefixes applied and their message types resolved."""
        resolve = _resolver(self._python_symbols)
        prefixes = _MountedPrefixes(self.python_modules, self._python_symbols)
        linked: list[LinkedEndpoint] = []
        for facts in self.python_modules:
            for endpoint in facts.endpoints:
                if endpoint.path is None:
                    continue
                served = prefixes.served_paths(endpoint, facts)
                if not endpoint.handler_found and endpoint.handler_symbol is not None:
                    imported = self._python_symbols.handler(endpoint.handler_symbol)
                    if imported is not None:
                        endpoint = replace(
                            imported, path=endpoint.path, router=endpoint.router, ref=endpoint.ref
                        )
                linked.append(
                    LinkedEndpoint(
                        endpoint=endpoint,
                        served_paths=served,
                        initial=tuple(resolve(item) for item in endpoint.initial_types),
                        loop=tuple(resolve(item) for item in endpoint.loop_types),
                        errors=tuple(resolve(item) for item in endpoint.error_types),
                    )
                )
        return linked

    @cached_property
    def declared_endpoints(self) -> list[Endpoint]:
        """Every route registration as extracted, path or not, handler not looked up elsewhere."""
        return [endpoint for facts in self.python_modules for endpoint in facts.endpoints]

    @cached_property
    def flow(self) -> FlowModel:
        """Send summaries, the concrete types calls of the project's senders send, reachability."""
        resolve = _resolver(self._python_symbols)
        return build_flow_model(self.python_modules, lambda name: resolve(name).value)

    @cached_property
    def pushes(self) -> list[LinkedPush]:
        """Pushes as the send summaries tell them: a push call of the project's own sender sends
        what its summary says (the type in its payload), not what the call's first string reads."""
        resolve = _resolver(self._python_symbols)
        flow = self.flow
        linked = [
            LinkedPush(push, resolve(push.type))
            for facts in self.python_modules
            for push in facts.pushes
            if push.callee is None or flow.resolves_to_sender(push.callee) is None
        ]
        for found in flow.pushes:
            method = found.call.callee.rpartition(".")[2]
            # the ref is the call, in the caller's file; the type may be written in a builder's
            push = Push(
                found.type, found.call.ref, found.caller.flow.name, method, in_loop=found.call.in_loop
            )
            linked.append(LinkedPush(push, resolve(found.type)))
        return linked

    @cached_property
    def unreceived_channels(self) -> dict[str, set[str | None]]:
        """Types published on broker channels that no subscription of the project receives, with
        those channels (None: named at run time)."""
        resolve = _resolver(self._python_symbols)
        found: dict[str, set[str | None]] = defaultdict(set)
        for channel, value in self.flow.unreceived:
            resolved = resolve(value).value
            if resolved is not None:
                found[resolved].add(channel)
        return dict(found)

    @cached_property
    def live_pushes(self) -> list[LinkedPush]:
        """Pushes of functions the project's own code may run (tests and dead code left out)."""
        flow = self.flow
        return [
            push
            for push in self.pushes
            if not flow.is_dead(push.push.ref.path, push.push.function or MODULE_CODE)
        ]

    @cached_property
    def broadcasters(self) -> list[Broadcaster]:
        """Functions that push: those the extractor saw, and callers of the project's senders,
        with the loops they push in through them."""
        loops = flow_loops(self.flow.pushes)
        found: list[Broadcaster] = []
        known: set[tuple[str, str]] = set()
        for facts in self.python_modules:
            for broadcaster in facts.broadcasters:
                key = (broadcaster.ref.path, broadcaster.name)
                known.add(key)
                extra = tuple(loop for loop in loops.get(key, ()) if loop not in broadcaster.loops)
                if extra:
                    merged = sorted((*broadcaster.loops, *extra), key=lambda loop: loop.ref)
                    broadcaster = replace(broadcaster, loops=tuple(merged))
                found.append(broadcaster)
        callers = {push.caller.key: push.caller for push in self.flow.pushes}
        for key, caller in sorted(callers.items()):
            if key in known or caller.flow.name == MODULE_CODE:
                continue
            flow = caller.flow
            found.append(
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
        return sorted(found, key=lambda broadcaster: broadcaster.ref)

    @cached_property
    def references(self) -> set[str]:
        """Bare names the project's own code calls, awaits, schedules or passes as values; a name
        built at run time (``getattr(self, f"_broadcast_{kind}")``) is a pattern (``_broadcast_*``)."""
        return {name for facts in self.python_modules for name in facts.references}

    @cached_property
    def _reference_patterns(self) -> list[str]:
        return [name for name in self.references if "*" in name]

    def is_referenced(self, name: str) -> bool:
        if name in self.references:
            return True
        return any(pattern_matches(pattern, name) for pattern in self._reference_patterns)

    @cached_property
    def route_factories(self) -> list[RouteFactory]:
        return [factory for facts in self.python_modules for factory in facts.route_factories]

    @cached_property
    def factory_calls(self) -> list[FactoryCall]:
        return [call for facts in self.python_modules for call in facts.factory_calls]

    @cached_property
    def other_socket_server(self) -> bool:
        """The backend also serves sockets whose routes and messages we cannot read (aiohttp, tornado)."""
        return any(facts.other_socket_server for facts in self.python_modules)

    @cached_property
    def has_tests(self) -> bool:
        """The backend has test files at all."""
        return any(file.language == "python" and is_test_path(file.path) for file in self.files)

    @cached_property
    def test_paths(self) -> list[str]:
        """Paths tests open with ``client.websocket_connect``."""
        return [
            path
            for file in self.files
            if file.python is not None and is_test_path(file.path)
            for path, _ in file.python.test_connections
        ]

    # ---- frontend views

    @cached_property
    def url_helpers(self) -> list[UrlHelper]:
        return [helper for module in self.typescript_modules for helper in module.url_helpers]

    @cached_property
    def _frontend(self) -> FrontendModules:
        return FrontendModules(self.typescript_modules)

    @cached_property
    def _typescript_symbols(self) -> _TypeScriptSymbols:
        return _TypeScriptSymbols(self._frontend.resolve)

    @cached_property
    def client_urls(self) -> list[ClientUrl]:
        """What the frontend opens: its connections, and the URL helpers somebody calls. A hook or
        component no module imports is dead code: what it opens is nobody's client."""
        dead = self._frontend.dead
        urls = [
            _client_url(connection)
            for module in self.typescript_modules
            for connection in module.connections
            if not dead(module, connection.function)
        ]
        called = [
            call
            for module in self.typescript_modules
            for call in module.helper_calls
            if not dead(module, call.function)
        ]
        for helper in self.url_helpers:
            callers = sorted({call.ref.path for call in called if helper_names_match(helper.name, call.name)})
            if callers:
                urls.append(
                    ClientUrl(
                        helper.path,
                        helper.ref,
                        certain=True,
                        via=f"helper:{helper.name}",
                        function=None,
                        used_in=tuple(callers),
                    )
                )
        return urls

    @cached_property
    def handled(self) -> list[LinkedExpectation]:
        """Every type the frontend tells messages apart by: ``expectations``, and the checks that
        handle a type without showing that a socket is waited on for it (``HANDLED_ONLY``)."""
        resolve = _resolver(self._typescript_symbols)
        linked = [LinkedExpectation(item, resolve(item.type)) for item in self._frontend.expectations()]
        # ``ws.addEventListener(WebsocketEvent.open, ...)``: an imported enum that names a socket's
        # own event, known only once resolved
        return [
            item
            for item in linked
            if not (item.expected.how in ("listener", SUBSCRIBED) and item.type.value in RESERVED_EVENTS)
        ]

    @cached_property
    def expectations(self) -> list[LinkedExpectation]:
        """Types the frontend waits for, with those read from a hook's result (``lastMessage``)
        kept only when the hook returns its socket's last message there."""
        return [item for item in self.handled if item.expected.how not in HANDLED_ONLY]

    @cached_property
    def query_feeds(self) -> list[QueryFeed]:
        """HTTP queries socket code writes the data of (``setQueryData``, ``invalidateQueries``)."""
        return self._frontend.query_feeds()

    def socket_store_feeder(self, polling: Polling) -> str | None:
        """The socket code feeding a store the polling component writes too, if any."""
        return self._frontend.store_feeder(polling)

    @cached_property
    def hooks(self) -> list[Hook]:
        return [hook for module in self.typescript_modules for hook in module.hooks]

    @cached_property
    def hook_uses(self) -> list[HookUse]:
        return [use for module in self.typescript_modules for use in module.hook_uses]

    @cached_property
    def polling(self) -> list[Polling]:
        return [polling for module in self.typescript_modules for polling in module.polling]

    @cached_property
    def frontend_present(self) -> bool:
        """Some frontend code opens a socket or builds a socket URL."""
        return bool(self.client_urls or self.url_helpers)

    # ---- questions rules ask

    def sent_types(self, live: bool = False) -> Iterator[ResolvedType]:
        """Every message type the backend sends anyhow: initial, in a loop, or pushed.

        ``live``: only pushes of code the project runs, not of functions only tests call."""
        for linked in self.endpoints:
            yield from linked.initial
            yield from linked.loop
            yield from linked.errors
        for push in self.live_pushes if live else self.pushes:
            yield push.type

    def pushed_values(self) -> set[str]:
        """Types sent again after connect: pushes anywhere and handler send loops."""
        values = {push.type.value for push in self.pushes if push.type.value is not None}
        for linked in self.endpoints:
            values.update(item.value for item in linked.loop if item.value is not None)
        return values

    @cached_property
    def _by_last_segment(self) -> dict[str, list[LinkedEndpoint]]:
        index: dict[str, list[LinkedEndpoint]] = defaultdict(list)
        for linked in self.endpoints:
            for served in linked.served_paths:
                segments = path_segments(served) or [""]
                last = "{}" if _is_param(segments[-1]) else segments[-1]
                index[last].append(linked)
        return index

    def endpoints_serving(self, path: str) -> list[LinkedEndpoint]:
        """Endpoints a URL path reaches; indexed by last segment, since suffixes must agree."""
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

    @cached_property
    def _clients(self) -> dict[LinkedEndpoint, list[ClientUrl]]:
        # keyed by value: equal endpoints serve the same paths, so they have the same clients
        clients: dict[LinkedEndpoint, list[ClientUrl]] = defaultdict(list)
        for url in self.client_urls:
            for endpoint in self.endpoints_serving(url.path):
                clients[endpoint].append(url)
        return clients

    def client_urls_of(self, linked: LinkedEndpoint) -> list[ClientUrl]:
        return self._clients.get(linked, [])

    def expected_values(self) -> set[str]:
        return {item.type.value for item in self.expectations if item.type.value is not None}

    def handled_values(self) -> set[str]:
        return {item.type.value for item in self.handled if item.type.value is not None}


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


class _PythonSymbols(ModuleIndex):
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

    def router_prefixes(
        self, symbol: str, module_itself: bool = True, hops: int = 0
    ) -> tuple[PythonFacts, str] | None:
        """The module and router variable a mounted router symbol names; with ``module_itself``
        a module symbol names its ``router`` (``include_router(ws_module.router)``)."""
        module, _, name = symbol.rpartition(".")
        if not module or hops > _MAX_ALIAS_HOPS:
            return None
        for facts in self.modules_named(module):
            if name in facts.routers:
                return facts, name
            alias = facts.aliases.get(name)
            if alias is not None and alias != symbol:
                return self.router_prefixes(alias, module_itself, hops + 1)
        if module_itself:
            for facts in self.modules_named(symbol):
                if "router" in facts.routers:
                    return facts, "router"
        return None


class _TypeScriptSymbols:
    """The constants ``"<module>:NAME"`` symbols name; the module found as the frontend's imports
    find it (a relative path, or a path alias such as ``@/realtime/events`` by its tail)."""

    def __init__(self, locate: Callable[[str], list[TypeScriptFacts]]) -> None:
        self._locate = locate

    def resolve(self, symbol: str, hops: int = 0) -> str | None:
        if hops > _MAX_ALIAS_HOPS:
            return None
        module, _, key = symbol.rpartition(":")
        found = self._locate(module) if module else []
        if len(found) != 1:
            return None  # no module of ours, or several it may be
        facts = found[0]
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


_RouterKey = tuple[int, str]  # (id of the module's facts, router variable)


class _MountedPrefixes:
    """The prefixes under which each router is served: every ``include_router(r, prefix=...)`` /
    ``mount`` of it, each under what serves the router or app that includes it
    (``app`` <- ``api_router`` <- ``sockets.router``, across modules, any depth)."""

    def __init__(self, modules: list[PythonFacts], symbols: _PythonSymbols) -> None:
        # router -> (mount prefix, the router that includes it or None for an app / an unknown owner)
        self._mounts: dict[_RouterKey, list[tuple[str, _RouterKey | None]]] = defaultdict(list)
        self._own_prefix: dict[_RouterKey, str] = {}
        for facts in modules:
            for mount in facts.mounts:
                target = symbols.router_prefixes(mount.router_symbol)
                if target is None:
                    continue
                # an includer that is no router we know (the app, ``self.app``) adds nothing:
                # the path stays what the mount alone gives, never a guessed one
                owner = symbols.router_prefixes(mount.owner, module_itself=False) if mount.owner else None
                owner_key = None
                if owner is not None:
                    owner_key = (id(owner[0]), owner[1])
                    self._own_prefix[owner_key] = owner[0].routers[owner[1]]
                self._mounts[(id(target[0]), target[1])].append((mount.prefix, owner_key))
        self._bases: dict[_RouterKey, tuple[str, ...]] = {}

    def served_paths(self, endpoint: Endpoint, facts: PythonFacts) -> tuple[str, ...]:
        assert endpoint.path is not None
        own_prefix = facts.routers.get(endpoint.router or "", "")
        route = join_paths(own_prefix, endpoint.path)
        bases = self._served_bases((id(facts), endpoint.router), frozenset()) if endpoint.router else ()
        mounted = sorted({join_paths(base, route) for base in bases})
        return tuple(mounted) if mounted else (route,)

    def _served_bases(self, router: _RouterKey, including: frozenset[_RouterKey]) -> tuple[str, ...]:
        """What comes before the router's own prefix: one entry per chain of mounts reaching it."""
        known = self._bases.get(router)
        if known is not None:
            return known
        including = including | {router}
        bases: list[str] = []
        for prefix, owner in self._mounts.get(router, ()):
            if owner is None:
                bases.append(prefix)
            elif owner not in including:  # a router that includes itself, through others
                outer = self._served_bases(owner, including) or ("",)
                bases += [join_paths(base, self._own_prefix[owner], prefix) for base in outer]
        found = tuple(bases)
        self._bases[router] = found
        return found


def link(files: list[FileFacts], backend_present: bool) -> Project:
    return Project(files, backend_present)


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
