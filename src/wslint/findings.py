"""What a rule reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from wslint.facts import SourceRef


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.strip().upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Related:
    ref: SourceRef
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # "WS201"
    ref: SourceRef  # where a person has to change something
    message: str  # names the concrete thing
    symbol: str  # the one named thing: message type, route path, hook name
    severity: Severity = Severity.WARNING
    related: tuple[Related, ...] = field(default_factory=tuple)
    fix: str = ""  # hint from the checklist phase

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.ref.path, self.ref.line, self.ref.col, self.code, self.symbol)
