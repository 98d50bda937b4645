"""The rich console the human formats draw on, and their colours."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from wslint.findings import Severity

SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold blue",
}
PATH_STYLE = "bold"
GUTTER_STYLE = "blue"
CARET_STYLE = "bold red"
HINT_STYLE = "cyan"
_WIDTH = 100


def make_console(color: bool) -> Console:
    """A console that writes to memory; it emits escape codes only when ``color`` is set.

    ``force_terminal`` and ``no_color`` are passed explicitly so that FORCE_COLOR, NO_COLOR,
    TERM or COLUMNS in the environment cannot change the output.
    """
    return Console(
        file=StringIO(),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=_WIDTH,
        soft_wrap=True,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
        force_jupyter=False,
        force_interactive=False,
    )


def console_output(console: Console) -> str:
    output = console.file
    assert isinstance(output, StringIO)
    return output.getvalue()
