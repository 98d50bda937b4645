"""wslint: hold a WebSocket codebase to its implementation checklist."""

__version__ = "0.1.0"
