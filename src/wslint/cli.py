"""The ``wslint`` command: check, map, explain, rules.

Exit codes, for every subcommand: 0 clean, 1 findings at or above the fail level, 2 a
usage, configuration or internal error (one line on stderr). typer/click and an uncaught
exception would exit 1 for their own errors; ``main`` maps both to 2 so a broken run is
never mistaken for "findings".
"""

from __future__ import annotations

import difflib
import gc
import os
import re
import shutil
import signal
import sys
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from wslint import __version__
from wslint.baseline import BaselineError, filter_new, load_baseline, write_baseline
from wslint.catalog import Rule, load_catalog
from wslint.checklist import cited, sections
from wslint.config import ConfigError, find_config_file, load_config
from wslint.engine import CheckOptions, CheckResult, UsageError, plan_check, plan_scope, run_check
from wslint.files import Skipped, detect_roots, discover
from wslint.findings import Severity
from wslint.gitdiff import GitError, changed_files
from wslint.map import MAP_FORMATS, build_map, render_map
from wslint.progress import ParseProgress, wants_progress
from wslint.report import FORMATS, STATISTICS_FORMATS, ReportContext, render, render_statistics
from wslint.report.common import terminal_text
from wslint.report.paths import relocate, shown_path
from wslint.writes import UnsafeWrite, write_text_atomically

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="wslint",
    help="Hold a FastAPI/Starlette + TypeScript/React codebase to the WebSocket implementation checklist.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ColorChoice(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class FailLevel(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


def _split_codes(values: list[str] | None) -> list[str]:
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


def _use_color(choice: ColorChoice, stream: object) -> bool:
    if choice is ColorChoice.always:
        return True
    if choice is ColorChoice.never or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wslint {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """wslint: finds WebSocket endpoints that connect, send initial data and then sit idle."""


# options ``check`` and ``map`` share: the same project, rules and cache
ConfigOption = Annotated[Path | None, typer.Option("--config", help="Use this wslint.toml / pyproject.toml.")]
SelectOption = Annotated[
    list[str] | None, typer.Option(help="Rule codes or prefixes to enable (WS2, WS201, ALL).")
]
ExtendSelectOption = Annotated[list[str] | None, typer.Option(help="Codes or prefixes to enable on top.")]
IgnoreOption = Annotated[list[str] | None, typer.Option(help="Codes or prefixes to disable.")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the facts cache.")]


def _check_options(
    paths: list[Path] | None,
    config: Path | None,
    no_cache: bool,
    select: list[str] | None,
    extend_select: list[str] | None,
    ignore: list[str] | None,
    ignore_suppressions: bool,
) -> CheckOptions:
    return CheckOptions(
        paths=paths or [],
        config_file=config,
        use_cache=not no_cache,
        select=_split_codes(select) if select else None,
        extend_select=_split_codes(extend_select),
        ignore=_split_codes(ignore),
        ignore_suppressions=ignore_suppressions,
    )


@app.command()
def check(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Directories to check (default .); files to report on.")
    ] = None,
    config: ConfigOption = None,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    output_format: Annotated[
        str | None,
        typer.Option("--output-format", envvar="WSLINT_OUTPUT_FORMAT", help=f"One of: {', '.join(FORMATS)}."),
    ] = None,
    output_file: Annotated[
        Path | None, typer.Option("--output-file", "-o", help="Write the report here.")
    ] = None,
    fail_on: Annotated[FailLevel | None, typer.Option(help="Lowest severity that fails the run.")] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when findings are reported.")
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Show counts per rule and the total instead (text or json).")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print findings only, no summary or notices.")
    ] = False,
    no_cache: NoCacheOption = False,
    baseline: Annotated[
        Path | None, typer.Option(help="Report only findings not recorded in this file.")
    ] = None,
    write_baseline_to: Annotated[
        Path | None, typer.Option("--write-baseline", help="Record the current findings in this file.")
    ] = None,
    ignore_suppressions: Annotated[
        bool, typer.Option("--ignore-suppressions", help="Show findings that inline ignores hide.")
    ] = False,
    changed_since: Annotated[
        str | None, typer.Option(help="Report only findings touching files changed since this git revision.")
    ] = None,
    color: Annotated[ColorChoice, typer.Option(help="Colour the text output.")] = ColorChoice.auto,
    respect_gitignore: Annotated[
        bool | None,
        typer.Option(
            "--respect-gitignore/--no-respect-gitignore",
            help="Skip files .gitignore ignores (default; config `respect-gitignore`).",
            show_default=False,
        ),
    ] = None,
    force_exclude: Annotated[
        bool,
        typer.Option("--force-exclude", help="Apply excludes and .gitignore to the paths named too."),
    ] = False,
    show_files: Annotated[
        bool, typer.Option("--show-files", help="List the files a check would read, and exit.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list every folder and file skipped, and why.")
    ] = False,
    silent: Annotated[
        bool, typer.Option("--silent", help="Print findings only, not even warnings of skipped source.")
    ] = False,
) -> None:
    """Check a project against the WebSocket checklist."""
    options = _check_options(paths, config, no_cache, select, extend_select, ignore, ignore_suppressions)
    options.respect_gitignore = respect_gitignore
    options.force_exclude = force_exclude
    cwd = Path.cwd().resolve()
    if show_files:
        _show_files(options, cwd, verbose)
        raise typer.Exit(EXIT_CLEAN)
    if (
        baseline is not None
        and write_baseline_to is not None
        and baseline.resolve() == write_baseline_to.resolve()
    ):
        raise UsageError("--baseline and --write-baseline name the same file; write it in a separate run")
    if changed_since is not None:
        options.report_only = changed_files(changed_since, Path.cwd())
    requested = output_format or load_config(plan_scope(options.paths, Path.cwd()).root, config).output_format
    human = statistics or (requested or "full") in ("full", "concise")
    with ParseProgress() as progress:
        if wants_progress(sys.stderr, machine_format=quiet or silent or not human):
            options.progress = progress.callback
        result = run_check(options)
    project_root = result.project_root or result.root
    # Baselines hold paths relative to the project root, so one written from the root matches
    # a run started in a subfolder; the report shows paths relative to the current directory.
    findings = relocate(result.findings, result.root, project_root)
    trees = [result.root, project_root]
    if write_baseline_to is not None:
        write_baseline(write_baseline_to, findings, trees)
    if baseline is not None:
        findings = filter_new(findings, load_baseline(baseline))
    findings = relocate(findings, project_root, cwd)

    fmt = output_format or result.config.output_format or "full"
    if fmt not in FORMATS:
        raise UsageError(f"unknown output format `{fmt}`; choose one of {', '.join(FORMATS)}")
    stream = sys.stdout if output_file is None else None
    context = ReportContext(
        root=cwd,
        rules=load_catalog(),
        color=_use_color(color, stream),
        files_checked=result.files_checked,
        files_parsed=result.files_parsed,
        sources={shown_path(path, cwd): path for path in result.files_read},
        project_root=project_root,
    )
    if statistics:
        if fmt not in STATISTICS_FORMATS:
            raise UsageError(f"--statistics prints text (full, concise) or json, not `{fmt}`")
        text = render_statistics(findings, context, fmt)
    else:
        text = render(fmt, findings, context)
    if (quiet or silent) and fmt in ("full", "concise"):
        text = "".join(line + "\n" for line in text.splitlines() if line and not _is_summary(line))
    _write_output(text, output_file, trees)
    _print_notices(result, cwd, quiet=quiet, silent=silent, verbose=verbose)

    level = Severity.parse(fail_on.value) if fail_on is not None else result.config.fail_on
    failing = any(finding.severity >= level for finding in findings)
    raise typer.Exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN)


def _print_notices(result: CheckResult, cwd: Path, *, quiet: bool, silent: bool, verbose: bool) -> None:
    """stderr, one escaped line each: skips (with -v), notices (unless --quiet) and warnings of
    source that was not read (unless --silent)."""
    if silent:
        return
    if verbose:
        _print_skipped(result.skipped, cwd)
    if not quiet:
        for notice in result.notices:
            _notice(notice)
    for warning in result.warnings:
        _notice(warning)


def _notice(text: str) -> None:
    typer.echo(f"wslint: {terminal_text(text)}", err=True)


def _show_files(options: CheckOptions, cwd: Path, verbose: bool) -> None:
    plan = plan_check(options, cwd)
    for source in plan.discovery.files:
        typer.echo(terminal_text(shown_path(source.path, cwd)))
    if verbose:
        _print_skipped(plan.discovery.skipped, cwd)
    for notice in plan.discovery.notices + plan.discovery.warnings:
        _notice(notice)


def _print_skipped(skipped: list[Skipped], cwd: Path) -> None:
    for item in skipped:
        _notice(f"skipped {shown_path(item.path, cwd)}{'/' if item.is_dir else ''}: {item.reason}")


def _is_summary(line: str) -> bool:
    return line.startswith(("Checked ", "All checks passed"))


@app.command("map")
def map_command(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Directories to map (default .); files to show the map of.")
    ] = None,
    config: ConfigOption = None,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    output_format: Annotated[
        str, typer.Option("--output-format", help=f"One of: {', '.join(MAP_FORMATS)}.")
    ] = "text",
    output_file: Annotated[
        Path | None, typer.Option("--output-file", "-o", help="Write the map here.")
    ] = None,
    no_cache: NoCacheOption = False,
    ignore_suppressions: Annotated[
        bool, typer.Option("--ignore-suppressions", help="Mark findings that inline ignores hide.")
    ] = False,
    color: Annotated[ColorChoice, typer.Option(help="Colour the text output.")] = ColorChoice.auto,
) -> None:
    """Show the WebSocket map: endpoints, their message types, broadcasters and clients, a
    verdict per checklist phase. Exits 0 whatever it finds (`wslint check` is the gate)."""
    if output_format not in MAP_FORMATS:
        raise UsageError(f"unknown map format `{output_format}`; choose one of {', '.join(MAP_FORMATS)}")
    options = _check_options(paths, config, no_cache, select, extend_select, ignore, ignore_suppressions)
    with ParseProgress() as progress:
        if wants_progress(sys.stderr, machine_format=output_format != "text"):
            options.progress = progress.callback
        result = run_check(options)
    stream = sys.stdout if output_file is None else None
    width = shutil.get_terminal_size().columns if stream is not None and stream.isatty() else None
    text = render_map(output_format, build_map(result), width=width, color=_use_color(color, stream))
    _write_output(text, output_file, [result.root, result.project_root or result.root])
    for notice in result.notices + result.warnings:
        _notice(notice)


def _write_output(text: str, output_file: Path | None, trees: list[Path]) -> None:
    """stdout, or ``output_file`` written whole, never through a symlink inside ``trees``."""
    if output_file is None:
        sys.stdout.write(text)
        return
    try:
        write_text_atomically(output_file, text, trees)
    except UnsafeWrite as error:
        raise UsageError(str(error)) from None


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code or name, e.g. WS201 or missing-broadcaster.")],
) -> None:
    """Explain a rule: what fires, why it matters, how to fix it, with examples."""
    rule = _rule_by_code_or_name(code)
    lines = [
        f"{rule.code} {rule.name} ({rule.severity.label}, checklist phase {rule.phase})",
        _default_note(rule),
        "",
        rule.summary,
        "",
        "Why it matters:",
        rule.why,
        "",
        "How to fix:",
        rule.fix,
    ]
    for example in rule.examples:
        lines += ["", f"Example ({'raises' if example.kind == 'bad' else 'passes'} {rule.code}):"]
        for path, text in example.files.items():
            lines += [f"  # {path}", *("    " + line for line in text.rstrip().splitlines())]
    for section in cited(f"{rule.why}\n{rule.fix}"):
        lines += ["", f"From the WebSocket implementation checklist, {section}:", "", sections()[section]]
    typer.echo("\n".join(lines))


def _rule_by_code_or_name(text: str) -> Rule:
    """The rule ``text`` names: a code (``WS201``) or a name (``missing-broadcaster``), in any case."""
    rules = load_catalog()
    key = text.strip().upper()
    if key in rules:
        return rules[key]
    by_name = {rule.name: rule for rule in rules.values()}
    name = text.strip().lower().replace("_", "-")
    if name in by_name:
        return by_name[name]
    if re.fullmatch(r"WS\d+", key):
        raise UsageError(f"unknown rule code `{text}`; `wslint rules` lists them")
    close = difflib.get_close_matches(name, by_name, n=1)
    hint = f"did you mean `{close[0]}`? " if close else ""
    raise UsageError(f"unknown rule code or name `{text}`; {hint}`wslint rules` lists them")


def _default_note(rule: Rule) -> str:
    if rule.default:
        return "On by default."
    return f"Opt-in: runs only when selected (`--extend-select {rule.code}`, or `--select ALL`)."


@app.command("rules")
def rules_command(
    output_format: Annotated[str, typer.Option("--output-format", help="text, json or markdown")] = "text",
) -> None:
    """List every rule, and whether it is on by default or opt-in."""
    rules = load_catalog()
    if output_format == "markdown":
        typer.echo(rules_markdown_table())
        return
    if output_format == "json":
        import json

        payload = [
            {
                "code": r.code,
                "name": r.name,
                "phase": r.phase,
                "severity": r.severity.label,
                "default": r.default,
                "summary": r.summary,
            }
            for r in rules.values()
        ]
        typer.echo(json.dumps(payload, indent=2))
        return
    if output_format != "text":
        raise UsageError(f"unknown output format `{output_format}`; choose text, json or markdown")
    width = max(len(rule.name) for rule in rules.values())
    for rule in rules.values():
        line = f"{rule.code}  {rule.name:<{width}}  {rule.severity.label:<7}  {_on_or_opt_in(rule):<6}  "
        typer.echo(line + rule.summary)
    typer.echo(f"\n{_OPT_IN_LEGEND}")


# What ``on`` and ``opt-in`` mean, under the text listing (the README says it in its own words).
_OPT_IN_LEGEND = (
    "on: runs by default. opt-in: runs only when selected "
    "(`--extend-select CODE`, `--select ALL`, or `extend-select` in wslint.toml)."
)


def _on_or_opt_in(rule: Rule) -> str:
    return "on" if rule.default else "opt-in"


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="The project to configure (default .).")] = Path("."),
) -> None:
    """Write a starter wslint.toml naming the backend and frontend roots found."""
    root = directory.resolve()
    if not root.is_dir():
        raise UsageError(f"not a directory: {directory}")
    target = root / "wslint.toml"
    existing = find_config_file(root)
    if existing is not None:
        raise UsageError(f"{existing} already configures wslint; edit it instead")
    config = load_config(root)
    discovery = discover(root, [root], config.exclude, config.root)
    backend, frontend = detect_roots(root, discovery)
    target.write_text(starter_config(backend, frontend), encoding="utf-8")
    typer.echo(
        f"wrote {target} (backend: {', '.join(backend) or 'none found'}; "
        f"frontend: {', '.join(frontend) or 'none found'})"
    )


def starter_config(backend: list[str], frontend: list[str]) -> str:
    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(f'"{item}"' for item in items) + "]"

    return (
        "# wslint settings; keys mirror the command-line flags (see `wslint check --help`).\n"
        f"backend = {toml_list(backend)}\n"
        f"frontend = {toml_list(frontend)}\n"
        '# extend-select = ["WS6"]          # opt-in rules: naming (WS101-WS105), docs (WS6), tests (WS501)\n'
        "# ignore = []\n"
        '# fail-on = "error"\n'
        '# docs = "docs/websocket.md"       # architecture doc checked by WS601\n'
        "\n"
        "# [per-file-ignores]\n"
        '# "legacy/*" = ["WS2"]\n'
    )


def rules_markdown_table() -> str:
    """The README's rule table, generated from the catalog so the two never disagree."""
    lines = ["| code | name | phase | severity | default | fires when |", "|---|---|---|---|---|---|"]
    for rule in load_catalog().values():
        lines.append(
            f"| {rule.code} | {rule.name} | {rule.phase} | {rule.severity.label} | {_on_or_opt_in(rule)} "
            f"| {rule.summary} |"
        )
    return "\n".join(lines)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # An exit, not a kill: cleanup runs, so workers are stopped and temporary files removed.
    raise SystemExit(128 + signum)


# A run builds hundreds of thousands of small fact objects that live until it ends; with the
# default threshold (700) the collector rescans them over and over, ~30 % of a warm run on a
# large project. Facts hold no reference cycles worth collecting early.
_GC_FIRST_GENERATION_THRESHOLD = 200_000


def main(argv: list[str] | None = None) -> None:
    """Console entry point with wslint's exit codes."""
    if argv is None:  # the console script owns its process; an in-process caller keeps its handlers
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        gc.set_threshold(_GC_FIRST_GENERATION_THRESHOLD, *gc.get_threshold()[1:])
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="wslint", standalone_mode=False)
    except typer.Exit as done:
        code = done.exit_code
    except typer.TyperException as error:  # click's usage errors: bad option, missing argument
        message = error.format_message()
        if message:  # no arguments at all: the help was printed, nothing more to say
            typer.echo(f"wslint: error: {message}", err=True)
        code = EXIT_ERROR
    except typer.Abort:
        typer.echo("wslint: aborted", err=True)
        code = EXIT_ERROR
    except (UsageError, ConfigError, BaselineError, GitError) as error:
        typer.echo(f"wslint: error: {terminal_text(str(error))}", err=True)
        code = EXIT_ERROR
    except KeyboardInterrupt:
        typer.echo("wslint: interrupted", err=True)
        code = 130
    except BrokenPipeError:
        code = EXIT_ERROR
    except Exception as error:  # an internal fault: one line, and where to report it
        typer.echo(
            f"wslint: internal error: {type(error).__name__}: {terminal_text(str(error))} "
            "(please report it with the command you ran; WSLINT_DEBUG=1 shows the traceback)",
            err=True,
        )
        if os.environ.get("WSLINT_DEBUG"):
            raise
        code = EXIT_ERROR
    sys.exit(code if isinstance(code, int) else EXIT_CLEAN)
