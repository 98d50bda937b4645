"""``--output-format json``: the map as data, for scripts and dashboards."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from wslint import __version__
from wslint.map.model import ProjectMap

SCHEMA_VERSION = 1


def map_data(project_map: ProjectMap) -> dict[str, Any]:
    data = asdict(project_map)
    data["phases"] = {
        str(number): sorted({f.code for f in project_map.findings if f.phase == number})
        for number in sorted({f.phase for f in project_map.findings})
    }
    return {"wslint": __version__, "schema": SCHEMA_VERSION, **data}


def render_json(project_map: ProjectMap) -> str:
    return json.dumps(map_data(project_map), indent=2, ensure_ascii=False) + "\n"
