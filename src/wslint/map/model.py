"""The map of a project: built once from a run's ``CheckResult``, read by every map format.

Verdicts come from the run's findings over the whole project, so a map of one file is the
whole project's map filtered to what touches that file, never a different verdict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wslint.catalog import Rule, load_catalog
from wslint.engine import CheckResult
from wslint.facts import SourceRef
from wslint.findings import Finding
from wslint.link import ClientUrl, LinkedEndpoint, LinkedPush, Project, serves
from wslint.map.accepts import accepted
from wslint.map.payloads import model_schema, payload_schema
from wslint.map.source import parse_python

# a phase's verdict for one endpoint
OK, MISSING, UNKNOWN = "ok", "missing", "unknown"
MAPPED_PHASES = (1, 2, 3)  # endpoint, broadcast, client: the phases an endpoint row shows


def place(ref: SourceRef) -> str:
    return f"{ref.path}:{ref.line}"


@dataclass(frozen=True, slots=True)
class Pusher:
    """A function that sends a message type again after connect."""

    function: str
    at: str  # where it sends (path:line)
    method: str  # broadcast, emit, send_json ...
    started: bool  # False when a finding says nothing starts or calls it
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MessageType:
    name: str
    initial: bool  # sent on connect
    sent_at: tuple[str, ...]  # where the endpoint's handler sends it
    pushed_by: tuple[Pusher, ...]  # broadcasters, and the handler's own send loop
    codes: tuple[str, ...] = ()
    payload: dict[str, Any] = field(default_factory=dict)  # JSON schema, ``{}`` when unread


@dataclass(frozen=True, slots=True)
class Client:
    """A place in the frontend that opens an endpoint."""

    at: str  # the URL literal (path:line)
    url: str  # the path it opens, holes as {}
    via: str  # WebSocket, useWebSocket, helper:wsUrls.prices
    opened_in: tuple[str, ...]  # functions that open it (a hook, a component)
    hook: str | None  # the nearest use* function among them
    components: tuple[str, ...]  # functions that use that hook, or the opening component
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Phase:
    number: int
    verdict: str  # ok | missing | unknown
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EndpointMap:
    path: str  # served path, prefixes applied
    paths: tuple[str, ...]  # every path it is served on
    parameters: tuple[str, ...]  # {name} segments
    handler: str
    route_at: str
    handler_at: str
    types: tuple[MessageType, ...]
    clients: tuple[Client, ...]
    url_helpers: tuple[str, ...]
    phases: tuple[Phase, ...]
    codes: tuple[str, ...] = ()  # findings on the route / handler itself
    # reads what clients send (None: cannot tell, the handler hands the socket on or is elsewhere)
    receives: bool | None = None
    accepted_types: tuple[str, ...] = ()  # the client message types it tells apart

    def phase(self, number: int) -> Phase:
        return next(item for item in self.phases if item.number == number)


@dataclass(frozen=True, slots=True)
class LooseType:
    """A type pushed by the backend that no endpoint sends on connect or in its own loop."""

    name: str
    pushed_by: tuple[Pusher, ...]
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnservedClient:
    """A URL the frontend opens that no endpoint serves."""

    client: Client


@dataclass(frozen=True, slots=True)
class UnsentType:
    """A type the frontend waits for that the backend never sends."""

    name: str
    at: str
    function: str | None
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PollingLeft:
    at: str
    function: str | None
    interval: str
    query_key: str | None
    conditional: bool  # a fallback (``isConnected ? false : 30_000``)
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MapFinding:
    code: str
    phase: int
    severity: str
    at: str
    symbol: str
    message: str


@dataclass(frozen=True, slots=True)
class ProjectMap:
    root: str
    endpoints: tuple[EndpointMap, ...]
    loose_types: tuple[LooseType, ...] = ()
    unserved_clients: tuple[UnservedClient, ...] = ()
    unsent_types: tuple[UnsentType, ...] = ()
    polling: tuple[PollingLeft, ...] = ()
    findings: tuple[MapFinding, ...] = ()
    frontend_present: bool = True
    scope: tuple[str, ...] | None = None  # the files / folders named, when not the whole project


# ----------------------------------------------------------------------------- building


class _Findings:
    """The run's findings over the whole project, looked up by the place they point at."""

    def __init__(self, findings: Sequence[Finding], rules: dict[str, Rule]) -> None:
        self.rules = rules
        self.by_ref: dict[SourceRef, list[Finding]] = {}
        for finding in findings:
            self.by_ref.setdefault(finding.ref, []).append(finding)

    def at(self, refs: Iterable[SourceRef]) -> list[Finding]:
        found: list[Finding] = []
        for ref in refs:
            for finding in self.by_ref.get(ref, ()):
                if finding not in found:
                    found.append(finding)
        return found

    def codes(self, refs: Iterable[SourceRef]) -> tuple[str, ...]:
        return tuple(sorted({finding.code for finding in self.at(refs)}))

    def phase_of(self, finding: Finding) -> int:
        rule = self.rules.get(finding.code)
        return rule.phase if rule else 0


def _parameters(path: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\{([^{}/]+)\}", path))


class _Builder:
    def __init__(self, result: CheckResult) -> None:
        self.project: Project = result.project
        self.root: Path = result.root
        self.pushes: dict[str, list[LinkedPush]] = {}
        for linked_push in self.project.pushes:
            if linked_push.type.value is not None:
                self.pushes.setdefault(linked_push.type.value, []).append(linked_push)
        self.findings = _Findings(result.unscoped_findings, load_catalog())
        self.broadcaster_refs = {(b.ref.path, b.name): b.ref for b in self.project.broadcasters}
        self.helper_calls = [
            call
            for file in self.project.files
            if file.typescript is not None
            for call in file.typescript.helper_calls
        ]
        self.hook_defs = {hook.name: hook.ref for hook in self.project.hooks}

    # ---- backend

    def pushers_of(self, value: str) -> list[tuple[Pusher, list[SourceRef]]]:
        found = []
        for linked_push in self.pushes.get(value, ()):
            push = linked_push.push
            refs = [push.ref]
            definition = self.broadcaster_refs.get((push.ref.path, push.function or ""))
            if definition is not None:
                refs.append(definition)
            codes = self.findings.codes(refs)
            pusher = Pusher(
                function=push.function or "<module>",
                at=place(push.ref),
                method=push.method,
                started="WS202" not in codes,
                codes=codes,
            )
            found.append((pusher, refs))
        return found

    def endpoint_types(self, linked: LinkedEndpoint) -> tuple[list[MessageType], list[SourceRef]]:
        handler = linked.endpoint.handler
        names: list[str] = []
        for item in (*linked.initial, *linked.loop):
            if item.value is not None and item.value not in names:
                names.append(item.value)
        types, refs = [], []
        for name in names:
            initial = [item.ref for item in linked.initial if item.value == name]
            own_loop = [item.ref for item in linked.loop if item.value == name]
            pushers = self.pushers_of(name)
            loop_pushers = [
                Pusher(function=handler, at=place(ref), method="send", started=True) for ref in own_loop
            ]
            for _, pusher_refs in pushers:
                refs.extend(pusher_refs)
            refs.extend(initial + own_loop)
            sends = [*initial, *own_loop, *(pusher_refs[0] for _, pusher_refs in pushers)]
            symbols = [
                item.symbol
                for item in (*linked.initial, *linked.loop, *(p.type for p in self.pushes.get(name, ())))
                if item.value == name and item.symbol
            ]
            types.append(
                MessageType(
                    name=name,
                    initial=bool(initial),
                    sent_at=tuple(place(ref) for ref in initial + own_loop),
                    pushed_by=tuple(loop_pushers + [pusher for pusher, _ in pushers]),
                    codes=self.findings.codes(initial + own_loop),
                    payload=self.payload(name, sends, symbols),
                )
            )
        return types, refs

    def payload(self, name: str, sends: list[SourceRef], symbols: list[str]) -> dict[str, Any]:
        """From the dict literal sent, else from the model class the type came through."""
        schema = payload_schema(self.root, sends, name)
        for symbol in sorted(set(symbols)) if not schema else ():
            schema = model_schema(self.root, self.project.files, symbol, name)
            if schema:
                break
        return schema

    # ---- frontend

    def client(self, url: ClientUrl) -> tuple[Client, list[SourceRef]]:
        refs = [url.ref]
        opened_in: list[str] = [url.function] if url.function else []
        if url.via.startswith("helper:"):
            name = url.via.removeprefix("helper:")
            for call in self.helper_calls:
                if call.name == name:
                    refs.append(call.ref)
                    if call.function and call.function not in opened_in:
                        opened_in.append(call.function)
        hook = next((name for name in opened_in if name.startswith("use")), None)
        components: list[str] = []
        for name in opened_in:
            if not name.startswith("use") and name not in components:
                components.append(name)
        if hook is not None:
            if hook in self.hook_defs:
                refs.append(self.hook_defs[hook])
            for use in self.project.hook_uses:
                if use.hook == hook and use.function and use.function not in components:
                    components.append(use.function)
                    refs.append(use.ref)
        if hook is None and url.via.startswith("use"):
            hook = url.via
        for use in self.project.hook_uses:
            if use.function in opened_in and use.hook == hook:
                refs.append(use.ref)
        client = Client(
            at=place(url.ref),
            url=url.path,
            via=url.via,
            opened_in=tuple(opened_in),
            hook=hook,
            components=tuple(components),
            codes=self.findings.codes([url.ref]),
        )
        return client, refs

    # ---- one endpoint

    def endpoint(self, linked: LinkedEndpoint) -> tuple[EndpointMap, set[str]]:
        endpoint = linked.endpoint
        own_refs = [
            endpoint.ref,
            endpoint.handler_ref,
            *(item.ref for item in (*linked.initial, *linked.loop, *linked.errors)),
        ]
        types, push_refs = self.endpoint_types(linked)
        clients, client_refs = [], []
        for url in self.project.client_urls_of(linked):
            client, refs = self.client(url)
            clients.append(client)
            client_refs.extend(refs)
        attached = self.findings.at([*own_refs, *push_refs, *client_refs])
        phases = []
        for number in MAPPED_PHASES:
            codes = tuple(sorted({f.code for f in attached if self.findings.phase_of(f) == number}))
            known = {1: True, 2: bool(types), 3: self.project.frontend_present}[number]
            verdict = MISSING if codes else OK if known else UNKNOWN
            phases.append(Phase(number=number, verdict=verdict, codes=codes))
        helpers = sorted(helper.name for helper in self.project.url_helpers if serves(linked, helper.path))
        files = {ref.path for ref in (*own_refs, *push_refs, *client_refs)}
        files.update(path for url in self.project.client_urls_of(linked) for path in url.used_in)
        accepts = accepted(self.root, endpoint.handler_ref, endpoint.delegates or not endpoint.handler_found)
        mapped = EndpointMap(
            path=linked.served_path,
            paths=linked.served_paths,
            parameters=_parameters(linked.served_path),
            handler=endpoint.handler,
            route_at=place(endpoint.ref),
            handler_at=place(endpoint.handler_ref),
            types=tuple(types),
            clients=tuple(sorted(clients, key=lambda item: item.at)),
            url_helpers=tuple(helpers),
            phases=tuple(phases),
            codes=self.findings.codes([endpoint.ref, endpoint.handler_ref]),
            receives=accepts.receives if accepts is not None else None,
            accepted_types=accepts.types if accepts is not None else (),
        )
        return mapped, files


def _touches(paths: Iterable[str], scope: Sequence[str]) -> bool:
    return any(
        item in (".", path) or path.startswith(item.rstrip("/") + "/") for path in paths for item in scope
    )


def build_map(result: CheckResult) -> ProjectMap:
    """The project's map; when the run named files or folders, only what touches them."""
    parse_python.cache_clear()  # files read for this map only: a later map reads them afresh
    builder = _Builder(result)
    project = result.project
    scope = result.report_only

    def wanted(*paths: str) -> bool:
        return scope is None or _touches(paths, scope)

    endpoints = []
    endpoint_type_names: set[str] = set()
    for linked in sorted(project.endpoints, key=lambda item: (item.served_path, place(item.endpoint.ref))):
        mapped, files = builder.endpoint(linked)
        endpoint_type_names.update(item.name for item in mapped.types)
        if wanted(*files):
            endpoints.append(mapped)

    loose: dict[str, list[tuple[Pusher, list[SourceRef]]]] = {}
    for linked_push in project.pushes:
        value = linked_push.type.value
        if value is not None and value not in endpoint_type_names and value not in loose:
            loose[value] = builder.pushers_of(value)
    loose_types = [
        LooseType(
            name=name,
            pushed_by=tuple(pusher for pusher, _ in pushers),
            codes=builder.findings.codes(refs[0] for _, refs in pushers),  # at the push, not the def
        )
        for name, pushers in sorted(loose.items())
        if wanted(*(ref.path for _, refs in pushers for ref in refs))
    ]

    unserved = []
    for url in project.client_urls:
        if project.endpoints_serving(url.path) or url.external:
            continue
        client, refs = builder.client(url)
        if wanted(*(ref.path for ref in refs), *url.used_in):
            unserved.append(UnservedClient(client=client))

    sent = {item.value for item in project.sent_types() if item.value is not None}
    unsent = []
    for expectation in project.expectations:
        value = expectation.type.value
        ref = expectation.type.ref
        codes = builder.findings.codes([ref, expectation.expected.type.ref])
        if value is None or value in sent or not codes or not wanted(ref.path):
            continue
        unsent.append(
            UnsentType(name=value, at=place(ref), function=expectation.expected.function, codes=codes)
        )

    polling = [
        PollingLeft(
            at=place(item.ref),
            function=item.function,
            interval=item.value,
            query_key=item.query_key,
            conditional=item.conditional,
            codes=builder.findings.codes([item.ref]),
        )
        for item in project.polling
        if not item.disabled and wanted(item.ref.path)
    ]

    findings = tuple(
        MapFinding(
            code=finding.code,
            phase=builder.findings.phase_of(finding),
            severity=finding.severity.label,
            at=place(finding.ref),
            symbol=finding.symbol,
            message=finding.message,
        )
        for finding in result.findings
    )
    return ProjectMap(
        root=result.root.name or str(result.root),
        endpoints=tuple(endpoints),
        loose_types=tuple(loose_types),
        unserved_clients=tuple(sorted(unserved, key=lambda item: item.client.at)),
        unsent_types=tuple(unsent),
        polling=tuple(polling),
        findings=findings,
        frontend_present=project.frontend_present,
        scope=tuple(scope) if scope is not None else None,
    )
