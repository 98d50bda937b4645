"""The facts extractors find in one file, and the project-wide collection of them.

Extraction is a pure function of one file's path and bytes, so every type here is plain
data: it pickles (for the process pool) and round-trips through JSON (for the cache).
Rules never look at syntax trees, only at these facts.

Conventions shared by both extractors:
- ``SourceRef.path`` is the posix path relative to the checked project root; ``line`` and
  ``col`` are 1-based, as editors show them.
- A message type is a ``TypeValue``: a resolved string, or a ``symbol`` the linker
  resolves against other files, or a ``pattern`` (an f-string / template literal with
  holes written as ``*``), or none of these (unknown). Only resolved values ever
  produce findings.
- Python symbols are dotted: ``"app.constants.QUEUE_UPDATE"``,
  ``"app.enums.MessageType.QUEUE"`` (an Enum member), ``"app.models.QueueMessage"``
  (a Pydantic model; its ``type`` field default). Relative imports are resolved by the
  extractor against the file's own module name, so the module part of a symbol may be
  longer or shorter than the file's module name; the linker matches modules by suffix.
- TypeScript symbols are ``"<module path without extension>:<NAME>[.prop...]"``, the
  module path being the import specifier resolved against the importing file
  (``"web/src/config/api:WS_PATH"``); bare package imports are not symbols.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Language = Literal["python", "typescript"]


@dataclass(frozen=True, slots=True, order=True)
class SourceRef:
    path: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class TypeValue:
    """A message type as the code writes it."""

    ref: SourceRef
    value: str | None = None
    symbol: str | None = None
    pattern: str | None = None


@dataclass(frozen=True, slots=True)
class ParseError:
    ref: SourceRef
    message: str


# --------------------------------------------------------------------------- Python


@dataclass(frozen=True, slots=True)
class FirstMessage:
    """What a message sent once after connect carries, and what the handler does right after."""

    type_ref: SourceRef  # where its type is written: the ``ref`` of one of ``initial_types``
    # the payload's keys besides ``type``, as written; None when the payload cannot be read (a
    # variable of unknown shape, a ``**spread``, a model built from positional arguments)
    keys: tuple[str, ...] | None = None
    # those of ``keys`` whose value is a string made in place (a literal, an f-string,
    # ``str(...)``, ``.isoformat()``, ``uuid4().hex``): a notice or an id, not data
    text_keys: tuple[str, ...] = ()
    # the same branch closes the socket, raises or returns right after it, with no other await
    # between: a refusal or an error report, after which the client waits for nothing
    then_closes: bool = False


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A WebSocket route and what its handler sends after accepting."""

    path: str | None  # route path as written ("/ws/queue", "/ws/adw/{adw_id}"); None if unresolvable
    router: str | None  # local name of the app/router object the route is registered on
    handler: str  # handler function name
    ref: SourceRef  # the route path literal (where the route is registered)
    handler_ref: SourceRef  # the handler's ``def``
    initial_types: tuple[TypeValue, ...] = ()  # types of messages sent once after connect
    loop_types: tuple[TypeValue, ...] = ()  # types the handler itself sends again in a loop
    # types sent once only when something fails (in an ``except`` clause, before closing): sent,
    # but not the initial data a client waits to see updated
    error_types: tuple[TypeValue, ...] = ()
    # sends anything at all (even of unknown type) right after connect, before waiting on the
    # client: outside any loop, or in a send loop that does not wait for input first
    sends_initial: bool = False
    # False when the handler is not defined in this file (imported, an attribute, a lambda):
    # then initial_types / loop_types / sends_initial say nothing about what it sends
    handler_found: bool = True
    # hands the socket to another function (``manager.connect(websocket)``, a shared
    # ``_handle_websocket_connection``) that may send what we cannot see here
    delegates: bool = False
    # sends the client, again and again, messages whose type cannot be read here
    # (``await websocket.send_json(event)`` relaying events from a queue or an upstream server)
    relays: bool = False
    # when the handler is not defined in this file: the dotted symbol it names through the
    # imports (``app.endpoints.DeviceSocket``), for the linker to find it in its own module
    handler_symbol: str | None = None
    # what each of ``initial_types`` carries, matched by ``type_ref``
    first_messages: tuple[FirstMessage, ...] = ()


@dataclass(frozen=True, slots=True)
class PushLoop:
    """A loop that pushes messages repeatedly (a polling broadcaster)."""

    ref: SourceRef  # the ``while`` / ``async for``
    # every push of a pass sits under an ``if`` (or after an early ``continue``) whose test
    # depends on something the pass computes (a flag from the data layer, a hash or version
    # compared with the last one, a detector's verdict): it pushes on change, not on every pass
    pushes_on_change: bool
    has_try: bool  # the loop body handles exceptions, so one error does not end updates
    sleep_seconds: float | None  # constant sleep per pass; None if it does not sleep
    sleep_known: bool = True  # False when it sleeps for a non-constant duration
    # each pass blocks on input (a receive, ``await queue.get()``, an ``async for``) instead of
    # polling on a timer, so not sleeping and not comparing to a last state are expected
    event_driven: bool = False
    # an ``async for`` over a stream (a job's frames, a file watcher): it lasts as long as the
    # stream does and an error is the stream's end, not a ``while True`` that must outlive errors
    over_stream: bool = False
    # each pass reads the next message of one client (``await websocket.receive_json()``): a
    # per-connection loop, whose error closes that one socket, not a shared broadcaster
    per_client: bool = False
    # runs until stopped from outside (``while True``, ``while self.running``, ``while not
    # stop.is_set()``), not until a bound the loop itself reaches (``while t < end``, ``while
    # not done`` with ``done`` set in the body): only such a loop must outlive errors
    long_running: bool = True


@dataclass(frozen=True, slots=True)
class Push:
    """A message type sent to clients again after connect (broadcast, publish, emit, ...)."""

    type: TypeValue
    ref: SourceRef  # the type literal (or the call when the type is not a literal)
    function: str | None  # enclosing function, qualified within the module ("Tasks._broadcast_queue")
    method: str  # the push call's method name ("broadcast", "send_json", ...)
    in_loop: bool = False
    # the push call's callee as a dotted symbol when it may be a project function: the linker
    # then lets that function's send summary decide what the call sends
    callee: str | None = None


@dataclass(frozen=True, slots=True)
class Broadcaster:
    """A function that contains pushes of a known message type."""

    name: str  # qualified within the module ("BackgroundTasks._broadcast_queue")
    short_name: str  # the bare function name ("_broadcast_queue")
    ref: SourceRef  # the ``def``
    has_docstring: bool
    decorated: bool  # a decorator registers it (framework callback, route, task) => started
    loops: tuple[PushLoop, ...] = ()
    # defined directly in a class body (a method), not at module level or nested in a function
    is_method: bool = False


@dataclass(frozen=True, slots=True)
class Mount:
    """``include_router(<router>, prefix=...)`` / ``app.mount(prefix, ...)``."""

    router_symbol: str  # dotted symbol of the included router ("app.routes.ws.router")
    prefix: str
    ref: SourceRef
    # dotted symbol of what includes it ("app.api.api_router", "app.main.app"), None when it
    # cannot be named (``self.app``, ``create_app().include_router``): the linker chains the
    # prefixes of routers included into routers through it
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class RouteFactory:
    """A function that registers WebSocket routes inside it (``init_websocket_routes(manager, ...)``)."""

    name: str
    ref: SourceRef  # the ``def``
    required: int  # positional parameters without defaults
    total: int  # positional parameters (and keyword ones)
    has_star_params: bool  # takes ``*args`` / ``**kwargs``: any count fits


@dataclass(frozen=True, slots=True)
class FactoryCall:
    """A call that may be of a route factory: ``init_websocket_routes(manager, get_a, get_b)``."""

    name: str  # bare callee name
    ref: SourceRef  # the call
    positional: int
    keywords: tuple[str, ...] = ()
    has_star_args: bool = False


@dataclass(frozen=True, slots=True)
class ArgFlow:
    """What one argument of a call carries, as far as message types go.

    ``position`` is the positional index (receiver not counted), -1 for a keyword argument.
    """

    position: int
    keyword: str | None = None
    # the ``type`` of the message the value is (a dict with a ``type`` key, a model, its dump)
    types: tuple[TypeValue, ...] = ()
    name: TypeValue | None = None  # the value itself as a type name (literal, constant, enum member)
    param: int | None = None  # the caller's parameter n, handed on as it is
    type_param: int | None = None  # a message whose ``type`` is the caller's parameter n
    function: str | None = None  # names a function or bound method (dotted symbol), passed as a value
    nothing: bool = False  # ``None`` or a lambda: a do-nothing stand-in
    built_by: str | None = None  # the value a call returns (``quote_message(...)``): that callee's symbol
    # an item taken from a queue (``event = await events.get()``): the queue's dotted symbol
    relayed_from: str | None = None


@dataclass(frozen=True, slots=True)
class CallFlow:
    """A call whose callee can be named as a dotted symbol (``app.ws.manager.broadcast``,
    ``app.jobs.Runner.emit`` for ``self.emit`` in ``Runner``)."""

    callee: str
    ref: SourceRef
    args: tuple[ArgFlow, ...] = ()
    in_loop: bool = False  # inside a ``while`` / ``async for`` of the calling function
    loop: PushLoop | None = None  # that loop as it would be if this call pushes


@dataclass(frozen=True, slots=True)
class SendFlow:
    """A send that reaches clients whatever the project calls: a socket send to each
    connection of a loop, or a push method of an object the project does not define."""

    ref: SourceRef
    message: ArgFlow  # what is sent
    callee: str | None = None  # the push call's callee when it may name a project function
    # put on a queue (``events.put_nowait(message)``), not sent: it reaches clients only if some
    # function sends what it takes from that queue
    queue: str | None = None


@dataclass(frozen=True, slots=True)
class BrokerPublish:
    """A message handed to a broker channel (``redis.publish(channel, payload)``, ``pg_notify``):
    it reaches clients only where a subscriber of that channel forwards what it receives."""

    ref: SourceRef
    # the channel: ``name`` (a literal or constant), ``param`` (the caller's parameter), or
    # neither (a name made at run time)
    channel: ArgFlow
    message: ArgFlow


@dataclass(frozen=True, slots=True)
class BrokerSubscription:
    """A subscription to a broker channel, and how what arrives on it comes out: as items
    tagged ``ArgFlow.relayed_from == source`` (``async for m in pubsub.listen()``), or as the
    parameter ``payload_param`` of a callback (asyncpg's ``add_listener(channel, callback)``)."""

    ref: SourceRef
    channel: ArgFlow
    pattern: bool = False  # ``psubscribe("orders.*")``: the channel name is a glob
    source: str | None = None
    callback: str | None = None  # dotted symbol; None with a ``payload_param`` for an unnamed callback
    payload_param: int | None = None


@dataclass(frozen=True, slots=True)
class FunctionFlow:
    """A function or method: its parameters, what it calls and what it sends itself."""

    name: str  # qualified within the module ("Runner.run"); "<module>" for module-level code
    ref: SourceRef
    params: tuple[str, ...] = ()  # positional and keyword parameters, ``self`` / ``cls`` left out
    calls: tuple[CallFlow, ...] = ()
    sends: tuple[SendFlow, ...] = ()
    # symbols of functions it passes as values (callbacks, tasks): they may run whenever
    passes: tuple[str, ...] = ()
    returns: tuple[TypeValue, ...] = ()  # types of the messages it returns (a message builder)
    entry: bool = False  # runs without a call of ours: decorated, module-level code, a handler
    has_docstring: bool = False
    is_method: bool = False
    # symbols of the functions whose value it returns (``return quote_message(...)``): it returns
    # what they return
    returns_built_by: tuple[str, ...] = ()
    publishes: tuple[BrokerPublish, ...] = ()
    subscriptions: tuple[BrokerSubscription, ...] = ()
    # sources of relayed items (``ArgFlow.relayed_from``) it sends straight to a socket
    forwards: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AttributeFlow:
    """One value a method binds to ``self.<attr>``; an attribute bound more than once has one
    of these per binding. None of the fields set: a value wslint cannot follow."""

    name: str  # "Runner.emit"
    instance_of: str | None = None  # dotted class symbol (``self.hub = Hub()``)
    function: str | None = None  # dotted function symbol (``self.send = manager.broadcast``)
    method: str | None = None  # a parameter of this method ("__init__", "set_broadcaster") ...
    param: int | None = None  # ... at this index
    nothing: bool = False  # ``None`` or a do-nothing lambda


@dataclass(slots=True)
class PythonFacts:
    module: str  # dotted module name derived from the file path ("backend.app.routes.ws")
    is_test: bool = False
    # local name -> string value: module constants, "Enum.MEMBER", "Model" (its type default),
    # "Class.ATTR" for plain constant namespaces
    constants: dict[str, str] = field(default_factory=dict)
    # local name -> dotted symbol it stands for: imports and aliases (``X = other.Y``)
    aliases: dict[str, str] = field(default_factory=dict)
    endpoints: list[Endpoint] = field(default_factory=list)
    pushes: list[Push] = field(default_factory=list)
    broadcasters: list[Broadcaster] = field(default_factory=list)
    # bare names of functions this file calls, awaits, schedules or passes as values,
    # not counting a function's references to itself
    references: set[str] = field(default_factory=set)
    routers: dict[str, str] = field(default_factory=dict)  # router variable -> APIRouter prefix
    mounts: list[Mount] = field(default_factory=list)
    # paths tests open with ``client.websocket_connect(path)``
    test_connections: list[tuple[str, SourceRef]] = field(default_factory=list)
    route_factories: list[RouteFactory] = field(default_factory=list)
    factory_calls: list[FactoryCall] = field(default_factory=list)
    # serves WebSockets with a server wslint does not read the routes of (aiohttp's
    # ``web.WebSocketResponse()``, a tornado ``WebSocketHandler``, ``websockets.serve``)
    other_socket_server: bool = False
    # handler-shaped definitions of this file that no route here registers (a Starlette
    # ``WebSocketEndpoint`` subclass), by local name, path-less: routes in other files that
    # import them get their sends from here
    handlers: dict[str, Endpoint] = field(default_factory=dict)
    # what each function calls and sends, for the linker's send summaries
    functions: list[FunctionFlow] = field(default_factory=list)
    # module-level name -> dotted class symbol of the instance it holds (``manager = Manager()``)
    instances: dict[str, str] = field(default_factory=dict)
    # class (qualified within the module) -> dotted symbols of its bases, in order: a method it
    # does not define is looked up in them
    class_bases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    attributes: list[AttributeFlow] = field(default_factory=list)
    # bare names this file calls or passes where no symbol can be named (``get_hub().fan_out``,
    # ``getattr(obj, "name")``): whatever they are, they may run
    loose_references: set[str] = field(default_factory=set)
    # of a file the byte test skipped: the names it calls (``name(``, comments left out) that
    # could name one of the project's senders, for the callers pass to match without its bytes
    called_names: set[str] = field(default_factory=set)
    # ... and the classes and functions it defines, so that the class a sender is injected into
    # (``Store(on_change=fan_out)``) is read though nothing in it names a socket
    defined_names: set[str] = field(default_factory=set)


# ----------------------------------------------------------------------- TypeScript


@dataclass(frozen=True, slots=True)
class Connection:
    """A WebSocket URL the frontend opens (or hands to a hook that opens it)."""

    path: str  # path part, dynamic segments as "{}", query dropped ("/api/v1/ws/item/{}")
    ref: SourceRef  # the URL literal
    via: str  # "WebSocket", "useWebSocket", "useReliableWebSocket", "helper:apiConfig.websocket.queue"
    function: str | None = None  # enclosing function / hook / component name
    certain: bool = True  # surely a WebSocket URL (ws:// scheme, WebSocket ctor, ws hook)
    # names a literal public host (``wss://stream.example.com/ws``): a third-party service, or our
    # backend deployed somewhere; either way no proof that a route of this backend is missing
    external: bool = False


@dataclass(frozen=True, slots=True)
class UrlHelper:
    """A config entry that builds a WebSocket URL (``websocket: { queue: () => getUrl('/ws/queue') }``)."""

    name: str  # dotted access path ("apiConfig.websocket.queue")
    path: str  # normalized like Connection.path
    ref: SourceRef  # the path literal


@dataclass(frozen=True, slots=True)
class HelperCall:
    """A call of a URL helper, ``apiConfig.websocket.queue()``; it opens what the helper builds."""

    name: str  # dotted callee ("apiConfig.websocket.queue"), imports resolved to local names
    ref: SourceRef
    function: str | None = None


# ``ExpectedType.hook_field`` of a component's prop: ``"props.message"``
PROPS = "props."


@dataclass(frozen=True, slots=True)
class ExpectedType:
    """A message type the frontend waits for on a socket."""

    type: TypeValue
    function: str | None  # enclosing hook / function / component
    how: str  # "compare", "switch", "interface", "handler-map", "listener", "subscribed", "annotated"
    # set when the compared value is a field of what a hook returns
    # (``const { lastMessage } = useSocket(url)``): a message type only if that hook returns its
    # socket's last message under ``hook_field``, which the linker decides from the hook's own facts.
    # For a component's prop (``function Card({ message })``) ``hook`` is the component and
    # ``hook_field`` is ``"props.message"``: a message if some render site passes one there.
    # ``hook`` is ``"<module>:<name>"`` (imports resolved; a path alias kept as written, ``"@/hooks/x:useX"``)
    hook: str | None = None
    hook_field: str | None = None


@dataclass(frozen=True, slots=True)
class Hook:
    """An exported ``use*`` function that opens a WebSocket connection."""

    name: str
    ref: SourceRef  # the function name
    exported: bool
    returns_connection_state: bool
    has_jsdoc: bool
    # source text of the ``queryKey`` the hook passes to its socket hook (HTTP fallback cache)
    query_keys: tuple[str, ...] = ()
    # keys of the returned object that hold the last message the socket received
    # (``return { lastMessage, isConnected }`` with ``setLastMessage(JSON.parse(event.data))``)
    message_fields: tuple[str, ...] = ()
    # returns what another hook returns (``return useSocket(KITCHEN_URL)``), as ``"<module>:<name>"``:
    # its message fields are that hook's
    returns_hook: str | None = None


@dataclass(frozen=True, slots=True)
class Polling:
    """A ``refetchInterval`` option."""

    ref: SourceRef  # the property key
    value: str  # source text of the value
    disabled: bool  # literally ``false`` (or 0)
    conditional: bool  # depends on something (ternary, function, identifier)
    query_key: str | None  # source text of the sibling ``queryKey`` if any
    function: str | None = None


@dataclass(frozen=True, slots=True)
class QueryFeed:
    """Socket code writing into the HTTP query cache (``queryClient.setQueryData(key, ...)``,
    ``invalidateQueries({ queryKey: key })``) from a socket hook or a message handler: that query's
    data arrives over the WebSocket."""

    query_key: str  # source text
    ref: SourceRef
    function: str | None
    prefix: bool  # ``invalidateQueries`` matches every key that starts with it


@dataclass(frozen=True, slots=True)
class ContextValue:
    """What a React context's provider hands down (``<SocketContext.Provider value={socket}>``),
    as far as messages go: its keys holding the last message, or the hook whose result it is."""

    message_fields: tuple[str, ...] = ()
    returns_hook: str | None = None  # ``"<module>:<name>"``


@dataclass(frozen=True, slots=True)
class PropPass:
    """A component rendered with a message in a prop (``<TicketCard message={lastMessage} />``):
    a plain message (``hook`` None), or a hook result's field, a message if that hook returns one."""

    component: str  # ``"<module>:<Name>"`` (imports resolved)
    prop: str
    hook: str | None
    hook_field: str | None


@dataclass(frozen=True, slots=True)
class StoreWrite:
    """A write into a client-side store (zustand: ``useOrderStore.getState().setOrders(x)``,
    ``useOrderStore.setState(...)``, or a setter selected from the store hook)."""

    store: str  # the store hook as ``"<module>:<name>"`` (imports resolved)
    member: str  # the action called ("setOrders"; "setState" for a whole-store write)
    ref: SourceRef
    function: str | None
    from_socket: bool  # in a socket hook, a function that opens a socket, or a message handler


@dataclass(frozen=True, slots=True)
class HookUse:
    """A component (or hook) calling a WebSocket hook."""

    hook: str
    function: str | None  # the calling component / function
    ref: SourceRef
    reads_connection_state: bool


@dataclass(slots=True)
class TypeScriptFacts:
    module: str  # path without extension ("web/src/config/api")
    is_test: bool = False
    constants: dict[str, str] = field(default_factory=dict)  # "NAME" / "OBJ.prop" -> string value
    aliases: dict[str, str] = field(default_factory=dict)  # imported local name -> "module:NAME"
    connections: list[Connection] = field(default_factory=list)
    url_helpers: list[UrlHelper] = field(default_factory=list)
    helper_calls: list[HelperCall] = field(default_factory=list)
    expected_types: list[ExpectedType] = field(default_factory=list)
    hooks: list[Hook] = field(default_factory=list)
    hook_uses: list[HookUse] = field(default_factory=list)
    polling: list[Polling] = field(default_factory=list)
    query_feeds: list[QueryFeed] = field(default_factory=list)
    store_writes: list[StoreWrite] = field(default_factory=list)
    # top-level ``use*`` functions that open no socket here but return another hook's result
    # (``useKitchen = () => useFeed(KITCHEN_URL)``): name -> that hook as ``"<module>:<name>"``
    hook_returns: dict[str, str] = field(default_factory=dict)
    # module-level contexts (``createContext``) this module provides, by name
    context_values: dict[str, ContextValue] = field(default_factory=dict)
    prop_passes: list[PropPass] = field(default_factory=list)
    # what this module imports, as ``"<module>:<NAME>"`` (``default``; ``*`` for a namespace, a
    # dynamic ``import()``, ``export * from``); non-relative specifiers kept as written
    imports: list[str] = field(default_factory=list)
    default_export: str | None = None  # the local name ``export default`` gives
    # top-level hooks / components of this module that open a socket and that nothing else in
    # the module names (only their own body, an ``export``): alive only if another module imports them
    unreferenced: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------ per file


@dataclass(slots=True)
class FileFacts:
    path: str  # posix, relative to the project root
    language: Language
    parse_errors: list[ParseError] = field(default_factory=list)
    python: PythonFacts | None = None
    typescript: TypeScriptFacts | None = None
    # the file was read but held nothing worth parsing (decided from its bytes)
    skipped: bool = False
    # imports fastapi / starlette: marks the backend (decided from its bytes)
    imports_web_framework: bool = False
    # holds a ``wslint: ignore`` comment somewhere (decided from its bytes)
    has_inline_ignores: bool = False
