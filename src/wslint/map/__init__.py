"""``wslint map``: the project's WebSocket map in one of several formats, one module per format."""

from __future__ import annotations

from collections.abc import Callable

from wslint.map.asyncapi import render_asyncapi
from wslint.map.json_map import render_json
from wslint.map.markdown import render_markdown
from wslint.map.mermaid import render_mermaid
from wslint.map.model import ProjectMap, build_map
from wslint.map.text import render_text

__all__ = ["MAP_FORMATS", "ProjectMap", "build_map", "render_map", "render_text"]

_RENDERERS: dict[str, Callable[[ProjectMap], str]] = {
    "json": render_json,
    "mermaid": render_mermaid,
    "markdown": render_markdown,
    "asyncapi": render_asyncapi,
}
MAP_FORMATS: tuple[str, ...] = ("text", *_RENDERERS)


def render_map(fmt: str, project_map: ProjectMap, width: int | None = None, color: bool = False) -> str:
    """The map in ``fmt``; ``width`` and ``color`` matter to ``text`` only."""
    if fmt == "text":
        return render_text(project_map, width=width, color=color)
    try:
        return _RENDERERS[fmt](project_map)
    except KeyError:
        raise ValueError(f"unknown map format {fmt!r}; choose one of {', '.join(MAP_FORMATS)}") from None
