"""``wslint map``: the project's WebSocket map in one of several formats, one module per format.

The formats load when a map is drawn: ``wslint check`` imports this package for the names of
the formats only, and pays nothing for the renderers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wslint.engine import CheckResult
    from wslint.map.model import ProjectMap

__all__ = ["MAP_FORMATS", "build_map", "render_map", "render_text"]

# format -> the module and function that render it
_RENDERERS: dict[str, tuple[str, str]] = {
    "text": ("wslint.map.text", "render_text"),
    "json": ("wslint.map.json_map", "render_json"),
    "mermaid": ("wslint.map.mermaid", "render_mermaid"),
    "markdown": ("wslint.map.markdown", "render_markdown"),
    "asyncapi": ("wslint.map.asyncapi", "render_asyncapi"),
}
MAP_FORMATS: tuple[str, ...] = tuple(_RENDERERS)


def build_map(result: CheckResult) -> ProjectMap:
    from wslint.map.model import build_map as build

    return build(result)


def render_text(project_map: ProjectMap, width: int | None = None, color: bool = False) -> str:
    from wslint.map.text import render_text as render

    return render(project_map, width=width, color=color)


def render_map(fmt: str, project_map: ProjectMap, width: int | None = None, color: bool = False) -> str:
    """The map in ``fmt``; ``width`` and ``color`` matter to ``text`` only."""
    if fmt == "text":
        return render_text(project_map, width=width, color=color)
    try:
        module, function = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown map format {fmt!r}; choose one of {', '.join(MAP_FORMATS)}") from None
    render: Any = getattr(importlib.import_module(module), function)
    result: str = render(project_map)
    return result
