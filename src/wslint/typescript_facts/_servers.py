"""Socket servers in the frontend's tree: a Node ``ws`` server beside the dev server, a socket.io
``Server``, a mock server for tests and demos (msw's ``ws.link``, mock-socket). Their handlers read
what clients send, so the types they compare are nothing a client waits for."""

from __future__ import annotations

from wslint.typescript_facts._index import Index
from wslint.typescript_facts._syntax import Text, dotted, strip

# ``specifier:NAME`` of the imports that make a socket server; socket.io's server package is
# ``socket.io`` (its client is ``socket.io-client``)
_SERVER_IMPORTS = frozenset(
    {"ws:WebSocketServer", "ws:Server", "msw:ws", "mock-socket:Server", "jest-websocket-mock:default"}
)
_SERVER_PACKAGES = frozenset({"socket.io", "@fastify/websocket", "express-ws", "uWebSockets.js"})
# ``new WebSocketServer(...)``, and ``new WebSocket.Server(...)`` of ``require('ws')``
_SERVER_CONSTRUCTORS = ("WebSocketServer", "WebSocket.Server")


def serves_sockets(index: Index, text: Text) -> bool:
    """The module imports what makes a socket server, or constructs one."""
    for binding in index.module_scope.bindings.values():
        target = binding.unresolved if binding.kind == "import" else None
        if target is not None and (
            target in _SERVER_IMPORTS or target.rpartition(":")[0] in _SERVER_PACKAGES
        ):
            return True
    for call, _scope in index.calls:
        if call.type == "new_expression":
            constructor = dotted(strip(call.child_by_field_name("constructor")), text) or ""
            if constructor.endswith(_SERVER_CONSTRUCTORS):
                return True
    return False
