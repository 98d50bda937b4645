"""What a file's path says: its dotted module name, whether it is a test, relative imports."""

from __future__ import annotations

from pathlib import PurePosixPath


def module_name(path: str) -> str:
    """``app/routes/ws.py`` -> ``app.routes.ws``; ``app/routes/__init__.py`` -> ``app.routes``."""
    stem = path.removesuffix(".pyi").removesuffix(".py")
    dotted = stem.replace("/", ".")
    if dotted == "__init__":
        return ""
    return dotted.removesuffix(".__init__")


def is_package_init(path: str) -> bool:
    return PurePosixPath(path).name in ("__init__.py", "__init__.pyi")


def absolute_module(current_module: str, is_package: bool, level: int, target: str | None) -> str:
    """Resolve ``from <level dots><target> import ...`` against the importing module.

    Going above the top of the known module name keeps what is left, so the symbol stays a
    suffix the linker can still match.
    """
    if level == 0:
        return target or ""
    package_parts = current_module.split(".") if current_module else []
    if not is_package:
        package_parts = package_parts[:-1]
    keep = max(len(package_parts) - (level - 1), 0)
    parts = package_parts[:keep]
    if target:
        parts.append(target)
    return ".".join(parts)
