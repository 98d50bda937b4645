"""Which rules run, and at which severity: ``select`` / ``extend-select`` / ``ignore`` by
code or prefix (``WS2`` is phase 2, ``WS`` and ``ALL`` everything), as in ruff."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from wslint.catalog import Rule
from wslint.config import Config, ConfigError
from wslint.findings import Severity


class _SelectionFlags(Protocol):
    select: Sequence[str] | None
    extend_select: Sequence[str]
    ignore: Sequence[str]


def _matches(code: str, selector: str) -> bool:
    return selector == "ALL" or code.startswith(selector)


def validate_selectors(selectors: Sequence[str], codes: Sequence[str], where: str) -> list[str]:
    cleaned = []
    for raw in selectors:
        selector = raw.strip().upper()
        if not selector:
            continue
        if not any(_matches(code, selector) for code in codes):
            raise ConfigError(f"{where}: unknown rule code or prefix `{raw}`")
        cleaned.append(selector)
    return cleaned


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    severities: Mapping[str, Severity]

    @classmethod
    def from_config(cls, config: Config, flags: _SelectionFlags, catalog: Mapping[str, Rule]) -> Selection:
        codes = list(catalog)
        where = str(config.source) if config.source else "configuration"
        if config.select is None:
            select = [code for code, rule in catalog.items() if rule.default]
        else:
            select = validate_selectors(config.select, codes, f"{where}: select")
        if flags.select is not None:
            select = validate_selectors(flags.select, codes, "--select")
        select += validate_selectors(config.extend_select, codes, f"{where}: extend-select")
        select += validate_selectors(flags.extend_select, codes, "--extend-select")
        ignore = validate_selectors(config.ignore, codes, f"{where}: ignore")
        ignore += validate_selectors(flags.ignore, codes, "--ignore")
        for pattern, ignored in config.per_file_ignores.items():
            validate_selectors(ignored, codes, f"{where}: per-file-ignores.{pattern}")
        for code in config.severity:
            if code not in catalog:
                raise ConfigError(f"{where}: severity: unknown rule code `{code}`")
        return cls(tuple(select), tuple(ignore), dict(config.severity))

    def enabled(self, code: str) -> bool:
        """The most specific matching selector wins; on a tie, ignore wins (as in ruff)."""
        chosen = max((_specificity(s) for s in self.select if _matches(code, s)), default=-1)
        dropped = max((_specificity(s) for s in self.ignore if _matches(code, s)), default=-1)
        return chosen >= 0 and chosen > dropped

    def severity(self, code: str, default: Severity) -> Severity:
        return self.severities.get(code, default)
