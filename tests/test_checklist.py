"""Checklist references resolve to a shipped copy of the section: ``wslint explain`` prints it."""

from __future__ import annotations

import re

from tests.helpers import run_cli
from wslint.catalog import load_catalog
from wslint.checklist import cited, sections


def test_the_checklist_ships_every_step_and_mistake() -> None:
    found = sections()
    assert {"1.3", "2.2A", "2.2B", "3.1", "3.2", "7.1", "mistake #1", "mistake #5"} <= set(found)
    assert found["2.2A"].startswith("#### ☐ 2.2A If background polling")
    assert "asyncio.create_task(self._broadcast_your_feature_updates())" in found["2.2A"]
    assert "#### ☐ 2.2B" not in found["2.2A"]  # a section ends where the next begins


def test_citations_are_read_as_the_rules_write_them() -> None:
    assert cited("polling task (2.2A), or in the event handler (2.2B)") == ["2.2A", "2.2B"]
    assert cited("checklist mistake #3, checklist 4.1-4.3") == ["mistake #3", "4.1", "4.2", "4.3"]
    assert cited("version 1.10 and 9.9 are no sections") == []


def test_every_rule_citation_names_a_shipped_section() -> None:
    numbers = re.compile(r"checklist (\d\.\d[A-Z]?)")
    for rule in load_catalog().values():
        text = f"{rule.why}\n{rule.fix}"
        for number in numbers.findall(text):
            assert number in cited(text), f"{rule.code} cites checklist {number}, which is not shipped"


def test_explain_prints_the_cited_sections() -> None:
    done = run_cli("explain", "WS201")
    assert done.returncode == 0, done.stderr
    assert "From the WebSocket implementation checklist, 2.2A:" in done.stdout
    assert "#### ☐ 2.2B If event-driven: Add to event handlers" in done.stdout
