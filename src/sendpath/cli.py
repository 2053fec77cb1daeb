"""The ``sendpath`` command.

Exit codes: 0 ok (for ``status``: met or due); 1 no answer (for ``status``: not met, overdue or
indeterminate); 2 bad input (usage, unknown id, missing, unreadable or invalid file); 130
interrupted. Results go to stdout (``--json`` for JSON); diagnostics go to stderr as
``sendpath: error: ...`` and never as a traceback (``--debug`` shows one).

The module runs past 500 lines because each command's options sit beside the function that
runs it, so that the whole command line reads in one place.

Each command imports what it needs when it runs, not at the top of the module: importing every
query loads networkx (about 0.4 s here), which ``--version``, ``--help`` and a usage error
should not wait for.

Example:
    >>> from sendpath.cli import main
    >>> main(["show", "sencoo"])
    2
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime as dt
import gc
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, cast

from sendpath._output import JSON_FORMAT, dumps, envelope, sendpath_version
from sendpath.errors import (
    DataError,
    Problem,
    SendpathError,
    UnknownIdError,
    render_problems,
    safe_repr,
    safe_text,
)

if TYPE_CHECKING:
    from sendpath.catalogue import Catalogue
    from sendpath.model.term import Term

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERRUPTED", "EXIT_NO_ANSWER", "EXIT_OK", "JSON_FORMAT", "main",
           "run"]

EXIT_OK = 0
EXIT_NO_ANSWER = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors in sendpath's own form (exit 2, ``sendpath: error:``)."""

    def error(self, message: str) -> Any:  # argparse's signature says NoReturn
        raise _UsageError(message, usage=self.format_usage())


class _UsageError(Exception):
    """A usage error: the message, and the usage line of the command, if it is one of argparse's.

    The error line comes first and the usage after it, so that stderr starts with ``sendpath:``
    like every other error.
    """

    def __init__(self, message: str, *, usage: str = "") -> None:
        super().__init__(message)
        self.usage = usage


class _Version(argparse.Action):
    """``--version``: the version is looked up only when asked for, not on every command."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> None:
        sys.stdout.write(f"sendpath {sendpath_version()}\n")
        parser.exit()


def _date(text: str) -> dt.date:
    """Parse a ``--on`` value: an ISO date (YYYY-MM-DD); :func:`_in_range` bounds it."""
    try:
        day = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{safe_repr(text)} is not a real date ({exc})") from None
    if day is None:
        raise argparse.ArgumentTypeError(f"{safe_repr(text)} is not a date (write YYYY-MM-DD)")
    return day


class _Unbuilt(_Parser):
    """A command's parser that is not built: the command line names another command.

    It takes the calls that would build it and does nothing, so that one command's run builds
    one parser, not twenty (argparse looks up its translations on disk for every parser).
    """

    def __init__(self) -> None:  # no ArgumentParser.__init__: nothing is built
        pass

    def add_argument(self, *_args: Any, **_kwargs: Any) -> Any:
        """Take an argument, and drop it."""

    def set_defaults(self, **_kwargs: Any) -> None:
        """Take defaults, and drop them."""

    def add_mutually_exclusive_group(self, **_kwargs: Any) -> Any:
        """Take a group, and return this parser for its arguments."""
        return self


if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[_Parser]
else:
    _SubParsers = argparse._SubParsersAction


class _Commands(_SubParsers):
    """The commands' subparsers, of which only :attr:`only` is built when it is set."""

    only: str | None = None
    built: bool = False

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        """Add the command ``name``'s parser, or an :class:`_Unbuilt` one for another command."""
        if self.only is not None and name != self.only:
            return _Unbuilt()
        self.built = True
        return super().add_parser(name, **kwargs)


def _command_word(words: Sequence[str]) -> str | None:
    """The command ``words`` name, if they name one before asking for help or the version.

    Example:
        >>> _command_word(["--json", "routes", "teacher", "senco", "-h"])
        'routes'
        >>> _command_word(["-h", "routes"]) is None
        True
    """
    for word in words:
        if word in {"-h", "--help", "--version"} or not word.startswith("-"):
            return None if word.startswith("-") else word
    return None


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only``, that command's parser alone (if it is one)."""
    if only is not None:
        parser = _parser_of(only)
        if parser is not None:
            return parser
    parser = _parser_of(None)
    assert parser is not None  # noqa: S101  (every command is built)
    return parser


def _parser_of(only: str | None) -> argparse.ArgumentParser | None:
    json_flag = _Parser(add_help=False)
    # SUPPRESS: a --json before the command (read by the main parser) is not reset here
    json_flag.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                           help="print JSON on stdout")
    json_flag.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                           help="show tracebacks for errors")
    explain_flag = _Parser(add_help=False)
    explain_flag.add_argument("--explain", action="store_true",
                              help="add the detail: ids, why, every citation and unconfirmed fact")
    data_flag = _Parser(add_help=False)
    data_flag.add_argument("--data", metavar="PATH",
                           help="a data package folder to read instead of the shipped England "
                                "data")
    parser = _Parser(
        prog="sendpath",
        description="Query the SEND professional development landscape in English schools.",
        epilog="Exit codes: 0 ok, 1 no answer, 2 bad input, 130 interrupted.",
    )
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="show program's version number and exit")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    parser.add_argument("--json", action="store_true",
                        help="print JSON on stdout (before or after the command)")
    sub = cast("_Commands", parser.add_subparsers(dest="command", metavar="COMMAND",
                                                  parser_class=_Parser, action=_Commands))
    sub.required = True
    sub.only = only
    show = sub.add_parser(
        "show", parents=[json_flag, data_flag],
        help="show a record: role, qualification, source, ...",
        description="Show a record of the shipped data with its requirements and sources.",
    )
    show.add_argument("id", metavar="ID", help="a full id (role:senco) or a short name (senco)")
    show.set_defaults(run=_show)
    status = sub.add_parser(
        "status", parents=[json_flag, data_flag, explain_flag],
        help="where a profile stands with a role or qualification",
        description="Evaluate a profile against a role (eligibility and obligations) or a "
                    "qualification on a date. Exit 0 when met or due, 1 when not met, overdue "
                    "or indeterminate. The rules are a model of the law, not legal advice.",
    )
    _profile_options(status)
    status.add_argument("--target", required=True, metavar="ID",
                        help="a role, qualification or activity (role:senco or senco)")
    status.set_defaults(run=_status)
    cases = sub.add_parser(
        "cases", parents=[json_flag, data_flag], help="run conformance cases of the rules",
        description="Run the conformance cases of a data package (its cases/*.toml) or of one "
                    "case file, and show each failure as a difference from what was expected. "
                    "Without PATH, the shipped England cases. Exit 0 when all pass, 1 when any "
                    "fails, 2 on bad input.",
    )
    cases.add_argument("path", metavar="PATH", nargs="?",
                       help="a package folder or one case file (default: the shipped cases)")
    cases.add_argument("--every", action="store_true", help="list passing cases too")
    cases.set_defaults(run=_cases)
    validate = sub.add_parser(
        "validate", parents=[json_flag], help="check a data package folder",
        description="Check a data package folder (package.toml and its record files) and list "
                    "every problem of every file. Exit 0 when it is valid, 2 when not.",
    )
    validate.add_argument("path", metavar="PATH", help="the package folder (or its package.toml)")
    validate.set_defaults(run=_validate)
    routes = sub.add_parser(
        "routes", parents=[json_flag, data_flag, explain_flag],
        help="routes from one role to another",
        description="List the best routes from a start role to a target role (or "
                    "qualification): what the start already holds, then one line per step "
                    "(when, what, due by). --explain adds why each step is there, its sources "
                    "and the facts no source confirms. Exit 0 with routes, 1 when there is "
                    "none.",
    )
    routes.add_argument("start", metavar="START", help="the role to start from (teacher)")
    routes.add_argument("target", metavar="TARGET", help="the role or qualification to reach")
    routes.add_argument("--k", type=_positive, default=5, metavar="N",
                        help="how many routes to list at most (default 5)")
    routes.add_argument("--weight", choices=("months", "cost", "hours"), default="months",
                        help="rank routes by the critical path in months (default), the "
                             "total cost or the total hours")
    routes.add_argument("--via", action="append", default=[], metavar="ID",
                        help="a step every route must take (repeatable)")
    routes.add_argument("--avoid", action="append", default=[], metavar="ID",
                        help="a record no route may use (repeatable)")
    routes.add_argument("--on", type=_date, metavar="DATE",
                        help="the day the routes start, YYYY-MM-DD (default: today)")
    routes.add_argument("--profile", metavar="FILE",
                        help="a profile (TOML or JSON) of what the person already holds")
    routes.set_defaults(run=_routes)
    _person_commands(sub, [json_flag, data_flag, explain_flag])
    _diagnose_command(sub, [json_flag, data_flag, explain_flag])
    _bulk_commands(sub, [json_flag, data_flag, explain_flag])
    _export_command(sub, [data_flag])
    _import_command(sub, [json_flag, explain_flag])
    _schema_command(sub)
    find = sub.add_parser(
        "find", parents=[json_flag, data_flag],
        help="find records by words in titles and statements",
        description="Find records whose id, title, code, outcome statement or description "
                    "holds every word (the start of a word is enough; case and accents do not "
                    "matter). Exit 0 with matches, 1 when nothing matches.",
    )
    find.add_argument("text", metavar="TEXT", nargs="+", help="the words to look for")
    find.add_argument("--kind", action="append", default=[], metavar="KIND",
                      choices=("role", "qual", "activity", "fw", "outcome", "area", "scale",
                               "level", "source"),
                      help="only records of this kind (repeatable)")
    find.add_argument("--limit", type=_positive, metavar="N", help="at most N matches")
    find.set_defaults(run=_find)
    _synth_command(sub, [json_flag])
    return parser if only is None or sub.built else None


def _person_commands(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """The commands of a person's questions: gap, next, requirements, feeders."""
    gap = sub.add_parser(
        "gap", parents=parents,
        help="what a person still needs for a role or qualification",
        description="Where a profile stands with a target, what it holds that counts, and each "
                    "way to meet the target with the cheapest way to get what is missing (by "
                    "months, then cost), obligations with their due dates and courses under "
                    "way. Exit 0 when it answers.",
    )
    _profile_options(gap)
    gap.add_argument("--target", required=True, metavar="ID",
                     help="a role, qualification or activity (role:senco or senco)")
    gap.add_argument("--assume", action="append", default=[], metavar="ID",
                     help="answer as if the person also held this from the date (repeatable)")
    gap.set_defaults(run=_gap)
    nxt = sub.add_parser(
        "next", parents=parents,
        help="what a person can do next",
        description="The next steps open to a profile now and after one more step: the data's "
                    "next steps of the roles held and the qualifications that meet their "
                    "duties, each typed (duty, advancement, specialism, lateral), soonest "
                    "first. Exit 0 when it answers.",
    )
    _profile_options(nxt)
    nxt.set_defaults(run=_next)
    reqs = sub.add_parser(
        "requirements", parents=parents,
        help="what a role or qualification requires, and the ways to meet it",
        description="The requirement of a role, qualification or activity with nested groups "
                    "merged, the obligations of a role, and the sets of items that would each "
                    "meet it (capped). Exit 0 when it answers.",
    )
    reqs.add_argument("id", metavar="ID", help="a role, qualification or activity")
    reqs.set_defaults(run=_requirements)
    feed = sub.add_parser(
        "feeders", parents=parents,
        help="the roles and qualifications a target is reached from",
        description="The roles a target is reached from (the steps of the fastest route, and "
                    "whether the data names it as a next step) and the qualifications its "
                    "requirement needs (how deep). Exit 0 when it answers.",
    )
    feed.add_argument("id", metavar="ID", help="a role, qualification or activity")
    feed.add_argument("--on", type=_date, metavar="DATE",
                      help="the day routes are planned from, YYYY-MM-DD (default: today)")
    feed.set_defaults(run=_feeders)
    _plan_command(sub, parents)
    _framework_commands(sub, parents)


def _framework_commands(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """The commands about frameworks: coverage, crosswalk."""
    cov = sub.add_parser(
        "coverage", parents=parents,
        help="a framework's outcomes counted by area of need, level or section, with gaps",
        description="Count a framework's outcomes by area of need, level or section (its "
                    "top-level outcomes) and name the gaps: areas no outcome names, broad areas "
                    "with no outcome at a level, sections that name no area of need. Exit 0 "
                    "when it answers.",
    )
    cov.add_argument("framework", metavar="FRAMEWORK", help="a framework (fw:ittecf or ittecf)")
    cov.add_argument("--by", choices=("area", "level", "section"), default="area",
                     help="what to count by (default: area)")
    cov.set_defaults(run=_coverage)
    walk = sub.add_parser(
        "crosswalk", parents=parents,
        help="the outcomes of other frameworks linked to an outcome",
        description="The outcomes other frameworks link to an outcome by crosswalks, with "
                    "each link's relation (exact, broad, narrow, related), confidence "
                    "(sourced or editorial) and justification. Exit 0 when it answers.",
    )
    walk.add_argument("outcome", metavar="ID", help="an outcome (outcome:ittecf/5-3 or "
                                                    "ittecf/5-3)")
    walk.add_argument("--to", metavar="FRAMEWORK", help="only outcomes of this framework")
    walk.add_argument("--depth", type=_positive, default=1, metavar="N",
                      help="follow links of links up to N steps (default: 1)")
    walk.set_defaults(run=_crosswalk)


def _diagnose_command(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """The command that looks for gaps in the pathways: diagnose."""
    diag = sub.add_parser(
        "diagnose", parents=parents,
        help="gaps in the pathways: missing rungs, dead ends, unreachable records, bottlenecks",
        description="Where the pathways of the data have gaps: progressions within an area of "
                    "need that climb more than --max-level-jump rungs of sendpath's ladder "
                    "(awareness, enhanced, specialist) with nothing in the data between, "
                    "qualifications and activities that lead nowhere, records no path reaches, "
                    "and the records most routes into specialist roles pass through. Exit 0 "
                    "when it answers.",
    )
    diag.add_argument("--max-level-jump", type=_positive, default=1, metavar="N",
                      help="the longest climb, in rungs, that is not a missing rung (default 1)")
    diag.add_argument("--on", type=_date, metavar="DATE",
                      help="the date of the answer, YYYY-MM-DD (default: today)")
    diag.set_defaults(run=_diagnose)


def _plan_command(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """The command that plans CPD term by term: plan."""
    plan = sub.add_parser(
        "plan", parents=parents,
        help="a term-by-term CPD plan to a target, within the hours a term",
        description="What to do in each school term to reach a target (or cover outcomes) "
                    "within the hours a term: the best way's steps, each course's hours spread "
                    "over its terms, in the terms it is offered, statutory duties by their due "
                    "dates (over the cap if need be, and flagged). Exit 0 when anything is "
                    "scheduled (or nothing needs to be), 1 when nothing can be.",
    )
    _profile_options(plan)
    goal = plan.add_mutually_exclusive_group(required=True)
    goal.add_argument("--target", metavar="ID",
                      help="a role, qualification or activity (role:senco or senco)")
    goal.add_argument("--outcomes", nargs="+", metavar="ID",
                      help="outcomes or frameworks (a framework stands for all its outcomes)")
    plan.add_argument("--hours-per-term", required=True, type=_hours, metavar="N",
                      help="the hours a term for CPD (the cap)")
    plan.add_argument("--start", type=_term, metavar="TERM",
                      help="the first term, YEAR-SEASON such as 2026-autumn (default: the "
                           "term of --on)")
    plan.set_defaults(run=_plan)
    school = sub.add_parser(
        "plan-school", parents=parents,
        help="a school's CPD plan from its pupils' needs: who takes what in which term",
        description="Plan a school's SEND CPD from its pupils' needs: statutory duties first "
                    "(over the cap if they must be, flagged), then the development plan's "
                    "priorities, then awareness of every need for all who work with pupils, "
                    "enhanced for those who teach them, and a specialist where the pupils with "
                    "a need reach the threshold (sendpath's, not the law's). Exit 0 when "
                    "anything is planned, 1 when nothing is.",
    )
    school.add_argument("--pupils", required=True, metavar="FILE",
                        help="pupils by need: a CSV need,count with an optional class column")
    school.add_argument("--staff", required=True, metavar="FILE|DIR",
                        help="the staff's profiles: the long profile CSV, or a folder of "
                             "profile files")
    school.add_argument("--hours-per-term", required=True, type=_hours, metavar="N",
                        help="each person's hours a term for CPD (the cap)")
    school.add_argument("--budget", type=_pounds, metavar="POUNDS",
                        help="the CPD budget in pounds (funded courses cost nothing)")
    school.add_argument("--priorities", nargs="+", default=[], metavar="AREA",
                        help="areas of need the development plan puts first")
    school.add_argument("--start", type=_term, metavar="TERM",
                        help="the first term, YEAR-SEASON (default: the term of --on)")
    school.add_argument("--terms", type=_positive, metavar="N",
                        help="plan N terms only (default: as many as it takes)")
    school.add_argument("--threshold", type=_positive, metavar="N",
                        help="pupils with a need that call for a specialist (default: 10)")
    school.add_argument("--on", type=_date, metavar="DATE",
                        help="the day the plan is made, YYYY-MM-DD (default: today)")
    school.set_defaults(run=_plan_school)


def _synth_command(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """``synth-workforce``: a synthetic workforce as a long profile CSV."""
    synth = sub.add_parser(
        "synth-workforce", parents=parents,
        help="write a synthetic school workforce as a long profile CSV",
        description="Write a SYNTHETIC workforce of N persons (teachers, early career "
                    "teachers, head teachers, SENCOs, teachers of visually or hearing impaired "
                    "classes, teaching assistants and HLTAs), drawn from a seed and calibrated "
                    "on published figures for England, as the long profile CSV that "
                    "plan-school reads. No real person is described. The file is written "
                    "atomically. Exit 0 when it is written, 2 on bad input.",
    )
    synth.add_argument("n", type=_positive, metavar="N", help="the number of persons")
    synth.add_argument("--out", required=True, metavar="FILE", help="the CSV file to write")
    synth.add_argument("--seed", type=_whole, default=0, metavar="S",
                       help="the seed: the same seed writes the same file (default 0)")
    synth.add_argument("--on", type=_date, metavar="DATE",
                       help="the day the workforce stands on, YYYY-MM-DD (default 2026-09-01)")
    synth.set_defaults(run=_synth_workforce)


def _export_command(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    export = sub.add_parser(
        "export", parents=parents,
        help="the progression graph for other tools: node-link JSON, GraphML, DOT, Mermaid",
        description="Write the progression graph, or the part around one record (--subgraph: "
                    "a role's or qualification's requirements, a framework's or an area's "
                    "parts), as networkx node-link JSON, GraphML (Gephi, yEd), Graphviz DOT or "
                    "a Mermaid flowchart; DOT and Mermaid without --subgraph draw the "
                    "progression view of roles and qualifications. Output is sorted; -o writes "
                    "a file atomically, else stdout.",
    )
    export.add_argument("--format", required=True,
                        choices=("graphml", "node-link", "dot", "mermaid", "sssom", "case",
                                 "ctdl"),
                        help="the format (sssom: the crosswalks, as an SSSOM mapping set; "
                             "case: a framework as a 1EdTech CASE 1.1 package; ctdl: a role's "
                             "requirements as a CTDL Pathway, the SENCO's by default)")
    export.add_argument("--subgraph", metavar="ID", help="only the part around this record")
    export.add_argument("-o", "--out", metavar="FILE",
                        help="the file to write (default: stdout); for case without "
                             "--subgraph, a folder to write one file per framework into")
    export.set_defaults(run=_export)


def _schema_command(sub: Any) -> None:
    schema = sub.add_parser(
        "schema", help="the JSON Schema of the data package format (or, --profile, a profile)",
        description="Print the JSON Schema (draft 2020-12) of a data package's files "
                    "(package.toml or a record file), or with --profile of a profile file, "
                    "generated from the model. Editors check TOML against it through a "
                    "TOML-to-JSON step; `sendpath validate` checks what a schema cannot. -o "
                    "writes a file atomically, else stdout.",
    )
    schema.add_argument("--profile", action="store_true",
                        help="the schema of a profile instead of a package file")
    schema.add_argument("-o", "--out", metavar="FILE", help="the file to write (default: stdout)")
    schema.set_defaults(run=_schema)


#: ``import --from`` formats: the module and function that read each into an ``Imported``.
_IMPORTERS: dict[str, tuple[str, str]] = {
    "case": ("sendpath.interop.case", "read_case"),
    "ctdl": ("sendpath.interop.ctdl", "read_ctdl"),
    "ctdl-asn": ("sendpath.interop.ctdl_asn", "read_ctdl_asn"),
    "sssom": ("sendpath.export.sssom", "imported_sssom"),
}


def _import_command(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    imp = sub.add_parser(
        "import", parents=parents,
        help="another format's file as a data package folder (SSSOM crosswalks, ...)",
        description="Read FILE (with any companion files it refers to) in another format and "
                    "write it as a data package folder at -o DIR: package.toml and one JSON "
                    "file per kind of record. The package is checked before it is written, "
                    "and DIR must be new or empty. Every command then reads it with --data "
                    "DIR. --extends england makes it add to the shipped data (needed when it "
                    "refers to England's records, as SSSOM crosswalks do). What had to be "
                    "guessed is counted; --explain lists it. Exit 0 when written, 2 on bad "
                    "input.",
    )
    imp.add_argument("file", metavar="FILE", help="the file to read")
    imp.add_argument("companions", metavar="MORE", nargs="*",
                     help="companion files it refers to (a concept scheme, a course list)")
    imp.add_argument("--from", dest="fmt", required=True, choices=tuple(_IMPORTERS),
                     help="the file's format")
    imp.add_argument("-o", "--out", required=True, metavar="DIR",
                     help="the package folder to write (new or empty)")
    imp.add_argument("--extends", metavar="NAME",
                     help="the shipped package it adds to (england)")
    imp.add_argument("--name", metavar="NAME",
                     help="the package's name (default: made from the file's title)")
    imp.add_argument("--drop-dangling", action="store_true",
                     help="ctdl: leave out a condition's reference to a node the files do "
                          "not hold, with a warning (by default it is an error)")
    imp.set_defaults(run=_import)


def _bulk_commands(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """``bulk`` and ``impact``: a whole workforce at once."""
    bulk = sub.add_parser(
        "bulk", parents=parents,
        help="every person's status for a target, from a long profile CSV, to a CSV",
        description="Evaluate a target for every person of a long profile CSV (or a folder "
                    "of profiles): state, due date, reason codes and the ids each lacks, one "
                    "row per person, written atomically to --out (CSV, or JSON lines with "
                    "--format jsonl); totals by state on stdout. A progress bar shows on a "
                    "terminal when tqdm is installed. Exit 0 when it answers, 2 on bad input.",
    )
    _workforce_options(bulk)
    bulk.add_argument("--out", metavar="FILE",
                      help="where to write the rows (default: only the totals)")
    bulk.add_argument("--format", choices=("csv", "jsonl"), default="csv",
                      help="the rows' format (default: csv)")
    bulk.set_defaults(run=_bulk)
    imp = sub.add_parser(
        "impact", parents=parents,
        help="what a reform (a data package) or another date of the law would change",
        description="Compare every person's state for a target under the data and under a "
                    "reform: a data package that extends it and replaces whole records, or "
                    "the rules as worded on another date (--reform-rules-as-of). Prints the "
                    "table of transitions, with examples. Exit 0 when it answers.",
    )
    _workforce_options(imp)
    imp.add_argument("--reform", metavar="PATH",
                     help="the reform's data package folder (default: the same data)")
    imp.add_argument("--reform-rules-as-of", type=_date, metavar="DATE",
                     help="apply the reform's rules as worded on this date, YYYY-MM-DD")
    imp.set_defaults(run=_impact)


def _workforce_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--profiles", required=True, metavar="FILE|DIR",
                         help="the long profile CSV (one row per fact, a person column), or "
                              "a folder of profile files")
    command.add_argument("--target", required=True, metavar="ID",
                         help="a role, qualification or activity")
    _day_options(command)
    command.add_argument("--skip-bad", action="store_true",
                         help="leave out people whose rows have problems (reported) instead "
                              "of stopping")


def _profile_options(command: argparse.ArgumentParser) -> None:
    """The options of the commands that answer about a person: profile, date, rules' date."""
    command.add_argument("--profile", required=True, metavar="FILE",
                         help="the profile (TOML or JSON); short names are allowed")
    _day_options(command)


def _day_options(command: argparse.ArgumentParser) -> None:
    """``--on`` and ``--rules-as-of``: the day of the answer and the day of the rules."""
    command.add_argument("--on", type=_date, metavar="DATE",
                         help="the date of the answer, YYYY-MM-DD (default: today)")
    command.add_argument("--rules-as-of", type=_date, metavar="DATE",
                         help="apply the rules as worded on this date, YYYY-MM-DD (default: "
                              "the current wording)")


def _hours(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{safe_repr(text)} is not a number of hours") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"{safe_repr(text)} must be a number of 0 or more")
    return value


def _pounds(text: str) -> float:
    try:
        return _hours(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"{safe_repr(text)} is not an amount of pounds of 0 or "
                                         "more (write 2000 or 2000.50)") from None


def _term(text: str) -> Term:
    from sendpath.model.term import Term  # noqa: PLC0415

    try:
        return Term.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


#: The options whose dates (or term) must fall in the dates sendpath accepts.
_DAY_OPTIONS = ("on", "rules_as_of", "reform_rules_as_of", "start")


def _in_range(args: argparse.Namespace) -> None:
    """Refuse a date option outside 1900-2199 (``sendpath._dates``) as a usage error.

    Checked here rather than in the parsers of the values, so that the error is one
    ``sendpath: error:`` line, as every other bad value on the command line is reported.
    """
    from sendpath._dates import date_problem  # noqa: PLC0415

    for name in _DAY_OPTIONS:
        value = getattr(args, name, None)
        day = getattr(value, "first_day", value)  # a term by its first day (Term not imported)
        problem = date_problem(day) if isinstance(day, dt.date) else None
        if problem:
            shown = f"{value}: " if day is not value else ""
            raise _UsageError(f"argument --{name.replace('_', '-')}: {shown}{problem}")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{safe_repr(text)} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{safe_repr(text)} must be at least 1")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{safe_repr(text)} is not a whole number") from None


def _catalogue(args: argparse.Namespace) -> Catalogue:
    """The catalogue a command reads: ``--data PATH``, else the shipped England data."""
    from sendpath.catalogue import load, load_default  # noqa: PLC0415

    return load(args.data) if getattr(args, "data", None) else load_default()


def _envelope(cat: Catalogue, **payload: Any) -> dict[str, Any]:
    return envelope(cat.data_version, **payload)


def _print_json(value: Any) -> None:
    sys.stdout.write(dumps(value))


def _show(args: argparse.Namespace) -> int:
    from sendpath import ids  # noqa: PLC0415
    from sendpath.io import unstructure  # noqa: PLC0415
    from sendpath.render import describe  # noqa: PLC0415

    cat = _catalogue(args)
    entity = cat.get(args.id)
    if not args.json:
        print(describe(entity, cat))
        return EXIT_OK
    record = unstructure(entity)
    refs = sorted(_referenced(record) - {entity.id})
    _print_json(_envelope(
        cat, kind=ids.kind_of(entity.id), record=record,
        references={r: cat.get(r).title for r in refs if r in cat},
    ))
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    from sendpath.io.profile import load_profile  # noqa: PLC0415
    from sendpath.rules import evaluate  # noqa: PLC0415

    cat = _catalogue(args)
    target = cat.resolve(args.target)  # an unknown target fails before the profile is read
    profile = load_profile(args.profile, catalogue=cat)
    result = evaluate(cat, profile, target, on=args.on, rules_as_of=args.rules_as_of)
    _answer(args, result)
    return EXIT_OK if result.state in ("met", "due") else EXIT_NO_ANSWER


def _cases(args: argparse.Namespace) -> int:
    from pathlib import Path  # noqa: PLC0415

    from sendpath.cases import load_cases, run_cases  # noqa: PLC0415
    from sendpath.catalogue import load, load_default  # noqa: PLC0415

    path = Path(args.path) if args.path else None
    if path is not None and not path.exists():
        raise DataError([Problem(code="not-found", file=str(path),
                                 message="no such file or folder")])
    if args.data:
        cat = load(args.data)
    elif path is not None and path.is_dir():
        cat = load(path)
    elif path is not None and _package_of(path) is not None:
        cat = load(_package_of(path))
    else:
        cat = load_default()
    cases = load_cases(path, cat) if path is not None else load_cases(cat)
    report = run_cases(cat, cases)
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report.explain(every=args.every))
    return EXIT_OK if report.passed else EXIT_NO_ANSWER


def _package_of(case_file: Any) -> Any:
    """The package folder a case file sits in (``PKG/cases/x.toml``), if it is one."""
    folder = case_file.resolve().parent
    if folder.name == "cases" and (folder.parent / "package.toml").is_file():
        return folder.parent
    return None


def _routes(args: argparse.Namespace) -> int:
    from sendpath.query import routes  # noqa: PLC0415

    cat = _catalogue(args)
    profile = None
    if args.profile:
        from sendpath.io.profile import load_profile  # noqa: PLC0415

        profile = load_profile(args.profile, catalogue=cat)
    result = routes(cat.graph, args.start, args.target, k=args.k, weight=args.weight,
                    on=args.on, profile=profile, via=args.via, avoid=args.avoid)
    _answer(args, result)
    if not result:  # the answer (with its reason) is on stdout: one message, not two
        return EXIT_NO_ANSWER
    return EXIT_OK


def _answer(args: argparse.Namespace, result: Any) -> None:
    """Print a result: JSON, its full text (``--explain``) or its short text."""
    from sendpath.render import wrap  # noqa: PLC0415

    if args.json:
        _print_json(result.to_dict())
    else:  # lines wrap to the terminal
        text = result.explain() if args.explain else result.summary()
        # split at newlines only: str.splitlines would also break at a NEL or U+2028 in a title
        print("\n".join(wrap(text.rstrip("\n").split("\n"))))


def _gap(args: argparse.Namespace) -> int:
    from sendpath.io.profile import load_profile  # noqa: PLC0415
    from sendpath.query import gap  # noqa: PLC0415

    cat = _catalogue(args)
    profile = load_profile(args.profile, catalogue=cat)
    _answer(args, gap(cat.graph, profile, args.target, on=args.on,
                      rules_as_of=args.rules_as_of, assume=args.assume))
    return EXIT_OK


def _next(args: argparse.Namespace) -> int:
    from sendpath.io.profile import load_profile  # noqa: PLC0415
    from sendpath.query import next_steps  # noqa: PLC0415

    cat = _catalogue(args)
    profile = load_profile(args.profile, catalogue=cat)
    _answer(args, next_steps(cat.graph, profile, on=args.on, rules_as_of=args.rules_as_of))
    return EXIT_OK


def _requirements(args: argparse.Namespace) -> int:
    from sendpath.query import requirements  # noqa: PLC0415

    cat = _catalogue(args)
    _answer(args, requirements(cat.graph, args.id))
    return EXIT_OK


def _feeders(args: argparse.Namespace) -> int:
    from sendpath.query import feeders  # noqa: PLC0415

    cat = _catalogue(args)
    _answer(args, feeders(cat.graph, args.id, on=args.on))
    return EXIT_OK


def _coverage(args: argparse.Namespace) -> int:
    from sendpath.query import coverage  # noqa: PLC0415

    cat = _catalogue(args)
    _answer(args, coverage(cat.graph, args.framework, by=args.by))
    return EXIT_OK


def _crosswalk(args: argparse.Namespace) -> int:
    from sendpath.query import crosswalk  # noqa: PLC0415

    cat = _catalogue(args)
    _answer(args, crosswalk(cat.graph, args.outcome, depth=args.depth, to=args.to))
    return EXIT_OK


def _diagnose(args: argparse.Namespace) -> int:
    from sendpath.query import diagnose  # noqa: PLC0415

    cat = _catalogue(args)
    _answer(args, diagnose(cat.graph, max_level_jump=args.max_level_jump, on=args.on))
    return EXIT_OK


def _plan(args: argparse.Namespace) -> int:
    from sendpath.io.profile import load_profile  # noqa: PLC0415
    from sendpath.query import sequence  # noqa: PLC0415

    cat = _catalogue(args)
    profile = load_profile(args.profile, catalogue=cat)
    try:
        result = sequence(cat.graph, profile, args.target or args.outcomes,
                          hours_per_term=args.hours_per_term, start=args.start, on=args.on,
                          rules_as_of=args.rules_as_of)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    _answer(args, result)
    return EXIT_OK if result or not result.unplanned else EXIT_NO_ANSWER


def _plan_school(args: argparse.Namespace) -> int:
    from sendpath.io.pupils import read_pupils  # noqa: PLC0415
    from sendpath.io.staff import read_staff  # noqa: PLC0415
    from sendpath.query import SPECIALIST_THRESHOLD, plan_school  # noqa: PLC0415

    cat = _catalogue(args)
    pupils = read_pupils(args.pupils, cat)
    staff = dict(read_staff(args.staff, catalogue=cat))
    try:
        result = plan_school(cat.graph, pupils, staff, hours_per_term=args.hours_per_term,
                             budget=args.budget, priorities=args.priorities, start=args.start,
                             on=args.on, terms=args.terms,
                             threshold=args.threshold or SPECIALIST_THRESHOLD)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    _answer(args, result)
    return EXIT_OK if result else EXIT_NO_ANSWER


def _export(args: argparse.Namespace) -> int:
    from sendpath import export  # noqa: PLC0415
    from sendpath.io.output import atomic_write, check_not_input  # noqa: PLC0415

    if args.out and args.format != "case":
        check_not_input(args.out, [args.data])  # before the data is read: it may be bad
    g = _catalogue(args).graph
    if args.format == "graphml":
        data = export.graphml_bytes(g, args.subgraph)
    elif args.format == "dot":
        data = export.to_dot(g, args.subgraph).encode()
    elif args.format == "mermaid":
        data = export.to_mermaid(g, args.subgraph).encode()
    elif args.format == "sssom":
        if args.subgraph:
            raise _UsageError("--subgraph does not apply to sssom (it writes every crosswalk)")
        data = export.to_sssom(g.catalogue).encode()
    elif args.format == "case":
        from sendpath.interop import case  # noqa: PLC0415

        if args.subgraph is None:
            return _export_frameworks(g.catalogue, args.out, args.data)
        data = case.case_bytes(g.catalogue, args.subgraph)
    elif args.format == "ctdl":
        from sendpath.interop import ctdl  # noqa: PLC0415

        data = dumps(ctdl.to_ctdl(g, args.subgraph or "role:senco")).encode()
    else:
        data = dumps(export.node_link_data(g, args.subgraph)).encode()
    if args.out:
        atomic_write(args.out, data, inputs=[args.data])
    else:
        sys.stdout.write(data.decode())
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from sendpath.io.output import atomic_write  # noqa: PLC0415
    from sendpath.io.schema import package_schema, profile_schema  # noqa: PLC0415

    text = dumps(profile_schema() if args.profile else package_schema())
    if args.out:
        atomic_write(args.out, text.encode())
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    import importlib  # noqa: PLC0415

    import attrs  # noqa: PLC0415

    from sendpath.catalogue import SHIPPED, load  # noqa: PLC0415
    from sendpath.interop import write_package  # noqa: PLC0415

    if args.extends is not None and args.extends not in SHIPPED:
        raise _UsageError(f"--extends: no shipped package {safe_repr(args.extends)}; sendpath "
                          f"ships {', '.join(SHIPPED)}")
    module, function = _IMPORTERS[args.fmt]
    options = {"on_dangling": "drop"} if args.drop_dangling else {}
    if options and args.fmt != "ctdl":
        raise _UsageError("--drop-dangling applies to --from ctdl only")
    imported = getattr(importlib.import_module(module), function)(args.file, *args.companions,
                                                                  **options)
    if args.name is not None:
        imported = attrs.evolve(imported, name=args.name)
    out = write_package(imported, args.out, extends=args.extends)
    cat = load(out)
    tables = {name: len(records) for name, records in imported.tables().items()}
    if args.json:
        _print_json(_envelope(cat, out=str(out), package=cat.info.name, records=tables,
                              warnings=[p.to_dict() for p in imported.warnings]))
        return EXIT_OK
    from sendpath.render import wrap  # noqa: PLC0415

    counted = ", ".join(f"{n} {name}" if n == 1 else
                        f"{n} {name[:-1] + 'ies' if name.endswith('y') else name + 's'}"
                        for name, n in tables.items())
    n = len(imported.warnings)
    lines = [f"wrote {safe_text(out)}: package {cat.info.name}, {counted or 'no records'}"
             + (f" (extends {args.extends})" if args.extends else ""),
             (f"{n} guess{'es' if n != 1 else ''} or omission{'s' if n != 1 else ''}"
              + (":" if args.explain else " (--explain lists them)")) if n
             else "nothing had to be guessed"]
    if args.explain:
        lines += [f"  {p}" for p in imported.warnings]
    print("\n".join(wrap(lines)))
    return EXIT_OK


def _export_frameworks(cat: Catalogue, out: str | None, data: str | None) -> int:
    """``export --format case -o DIR``: one CASE package per framework, ``<slug>.case.json``.

    Every file is made in memory first; then all are written, or (on a failure) none.
    """
    from pathlib import Path  # noqa: PLC0415

    from sendpath.interop import case  # noqa: PLC0415
    from sendpath.io.output import atomic_write_all  # noqa: PLC0415

    if not out:
        raise _UsageError("a CASE package holds one framework: give --subgraph FRAMEWORK, or "
                          "-o DIR to write one file per framework")
    folder = Path(out)
    files = {folder / f"{fw.partition(':')[2]}.case.json": case.case_bytes(cat, fw)
             for fw in cat.frameworks}
    atomic_write_all(files, inputs=[data])
    print(f"wrote {len(cat.frameworks)} CASE packages to {safe_text(out)}")
    return EXIT_OK


def _bulk(args: argparse.Namespace) -> int:
    from sendpath import bulk  # noqa: PLC0415

    if args.out:  # before anything is read: the input may be bad, and stays as it is
        from sendpath.io.output import check_not_input  # noqa: PLC0415

        check_not_input(args.out, [args.profiles, args.data])
    cat = _catalogue(args)
    result = bulk.evaluate(args.profiles, args.target, on=args.on,
                           rules_as_of=args.rules_as_of, catalogue=cat,
                           errors="skip" if args.skip_bad else "raise")
    if args.out:
        with _progress() as tick:
            result.write(args.out, fmt=args.format, progress=tick)
    _answer(args, result)
    return EXIT_OK


@contextlib.contextmanager
def _progress() -> Iterator[Callable[[int], object]]:
    """A progress bar on stderr when it is a terminal and tqdm is installed; else nothing."""
    import importlib.util  # noqa: PLC0415

    if not sys.stderr.isatty() or importlib.util.find_spec("tqdm") is None:
        yield lambda _n: None
        return
    import shutil  # noqa: PLC0415

    from tqdm import tqdm  # noqa: PLC0415

    size = shutil.get_terminal_size()  # 80 by 24 where a terminal gives no size (tqdm would
    stderr = getattr(sys.stderr, "inner", sys.stderr)  # the bar's carriage returns, unescaped
    with tqdm(unit=" people", file=stderr, unit_scale=True,  # then draw nothing)
              ncols=size.columns, nrows=size.lines) as bar:
        def tick(n: int) -> None:
            bar.update(n - bar.n)

        yield tick


def _impact(args: argparse.Namespace) -> int:
    from sendpath import bulk  # noqa: PLC0415

    cat = _catalogue(args)
    result = bulk.impact(args.profiles, args.target, base=cat, reform=args.reform, on=args.on,
                         rules_as_of=args.rules_as_of,
                         reform_rules_as_of=args.reform_rules_as_of,
                         errors="skip" if args.skip_bad else "raise")
    _answer(args, result)
    return EXIT_OK


def _find(args: argparse.Namespace) -> int:
    from sendpath.query import find  # noqa: PLC0415

    text = " ".join(args.text)
    cat = _catalogue(args)
    try:
        result = find(cat, text, kinds=args.kind, limit=args.limit)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    if args.json:
        _print_json(result.to_dict())
    else:
        print(result.explain())
    return EXIT_OK if result else EXIT_NO_ANSWER


def _synth_workforce(args: argparse.Namespace) -> int:
    from sendpath import synth  # noqa: PLC0415

    on = args.on or dt.date(2026, 9, 1)
    try:
        persons = synth.write_workforce(args.out, args.n, seed=args.seed, on=on)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    if args.json:
        _print_json(envelope(None, as_of=on.isoformat(), out=args.out, persons=persons,
                             seed=args.seed, synthetic=True))
    else:
        print(f"{safe_text(args.out)}: wrote {persons:,} synthetic persons (seed {args.seed}, "
              f"as of {on.isoformat()})")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from sendpath.catalogue import load  # noqa: PLC0415

    try:
        cat = load(args.path)
    except DataError as exc:
        if args.json:
            _print_json(envelope(None, valid=False,
                                 problems=[p.to_dict() for p in exc.problems]))
        for line in render_problems(exc.problems):  # capped, as every problem list is
            print(f"sendpath: {line}", file=sys.stderr)
        n = len(exc.problems)
        print(f"sendpath: error: {n} problem{'s' if n != 1 else ''} in {safe_text(args.path)}",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        _print_json(_envelope(cat, valid=True, package=cat.info.name, records=len(cat)))
    else:
        print(f"{safe_text(args.path)}: valid: package {cat.info.name} (data_version "
              f"{cat.data_version}), {len(cat)} records")
    return EXIT_OK


def _referenced(value: Any) -> set[str]:
    from sendpath.ids import is_id  # noqa: PLC0415

    if isinstance(value, str):
        return {value} if is_id(value) else set()
    if isinstance(value, dict):
        return set().union(*(_referenced(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_referenced(v) for v in value))
    return set()


def _report(exc: SendpathError, as_json: bool) -> None:
    """Say what went wrong on stderr; with ``--json``, also as a JSON object on stdout."""
    if as_json:
        error: dict[str, Any] = {"type": type(exc).__name__, "message": str(exc)}
        if isinstance(exc, DataError):
            error["problems"] = [p.to_dict() for p in exc.problems]
        if isinstance(exc, UnknownIdError):
            error["candidates"] = list(exc.candidates)
        _print_json(envelope(_shipped_data_version(), error=error))
    print(f"sendpath: error: {exc}", file=sys.stderr)


def _shipped_data_version() -> str | None:
    """The shipped data's version, or None if even that cannot be read."""
    from sendpath.catalogue import load_default  # noqa: PLC0415

    try:
        return load_default().data_version
    except SendpathError:  # pragma: no cover - the shipped data is checked by the tests
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``sendpath`` command with ``argv`` (default: the process's arguments).

    Returns:
        The exit code (the console script passes it to :func:`sys.exit`).

    Example:
        >>> from sendpath.cli import main
        >>> main(["show", "role:headteacher"])  # doctest: +ELLIPSIS
        role:headteacher: Head teacher (or acting head teacher)
        ...
        0
    """
    words = list(argv if argv is not None else sys.argv[1:])
    parser = _parser(_command_word(words))
    debug = "--debug" in words
    as_json = "--json" in words
    out, err = _Terminal(sys.stdout), _Terminal(sys.stderr)
    sys.stdout, sys.stderr = out, err  # every word printed passes through safe_text
    try:
        args = parser.parse_args(words)
        _in_range(args)
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except _UsageError as exc:
        message = _shortened(str(exc), words)
        if as_json:
            _print_json(envelope(None, error={"type": "UsageError", "message": message}))
        print(f"sendpath: error: {message}", file=sys.stderr)
        sys.stderr.write(exc.usage)
        return EXIT_BAD_INPUT
    except SendpathError as exc:
        if debug:
            raise
        _report(exc, as_json=as_json)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("sendpath: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        for stream in (out, err):
            stream.flush()  # now, so a reader that has gone is noticed here, not at exit
        sys.stdout, sys.stderr = out.inner, err.inner
        for stream in (out, err):
            if stream.broken:
                _quiet(stream.inner)


def _shortened(message: str, words: Sequence[str]) -> str:
    """A usage error's message with each long argument it echoes cut (argparse echoes them whole).

    Example:
        >>> _shortened("unrecognized arguments: " + "x" * 300, ["x" * 300])[-40:]
        'xxxxxxxxxxxxxxxxxxxx... (300 characters)'
    """
    for word in sorted({w for w in words if len(w) > _SHOWN_ARGUMENT}, key=len, reverse=True):
        for form in (word, repr(word)[1:-1]):  # as given, and as argparse quotes a bad choice
            message = message.replace(form, safe_text(form, _SHOWN_ARGUMENT))
    return message


#: How many characters of a command argument an error message shows.
_SHOWN_ARGUMENT = 60


class _Terminal:
    r"""A standard stream as sendpath writes to it (stdout or stderr, text).

    - What is written passes through :func:`~sendpath.errors.safe_text` (lines kept): no
      control, bidirectional or invisible format character reaches the terminal, whatever the
      data or the arguments hold.
    - A character the stream's encoding cannot carry (an ASCII terminal, ``LC_ALL=C``) is
      written as a ``\uXXXX`` escape (``\u00a3`` for a pound sign) instead of failing; in
      ``--json`` output that is JSON's own escape, so the JSON reads back the same.
    - Once the reader has gone (``sendpath ... | head``), writes are dropped: the command runs
      on and returns its own exit code.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.broken = False

    def write(self, text: str) -> int:
        if not self.broken:
            safe = safe_text(text, None, lines=True)
            try:
                try:
                    self.inner.write(safe)
                except UnicodeEncodeError:  # encoded whole before any of it is written
                    self.inner.write(_encodable(safe, getattr(self.inner, "encoding", None)))
            except BrokenPipeError:
                self.broken = True
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self.inner.flush()
            except BrokenPipeError:
                self.broken = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _encodable(text: str, encoding: str | None) -> str:
    r"""``text`` with each character ``encoding`` cannot carry as ``\uXXXX`` (JSON's escape).

    Example:
        >>> print(_encodable("£1,265 😀", "ascii"))
        \u00a31,265 \ud83d\ude00
    """
    import codecs  # noqa: PLC0415

    try:
        codecs.lookup_error("sendpath-json-escape")
    except LookupError:
        codecs.register_error("sendpath-json-escape", _json_escape)
    encoding = encoding or "ascii"
    return text.encode(encoding, "sendpath-json-escape").decode(encoding)


def _json_escape(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):  # pragma: no cover - only encoding uses it
        raise exc
    escaped = []
    for ch in exc.object[exc.start:exc.end]:
        code = ord(ch)
        units = [code] if code < 0x10000 else [0xD800 + ((code - 0x10000) >> 10),
                                              0xDC00 + ((code - 0x10000) & 0x3FF)]
        escaped += [f"\\u{unit:04x}" for unit in units]
    return "".join(escaped), exc.end


def _quiet(stream: Any) -> None:
    """After a closed pipe, point the stream at devnull so Python's exit flush stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError):  # a stream with no file descriptor
        pass


def run() -> NoReturn:
    """Run the ``sendpath`` command on the process's arguments and end the process.

    The console script and ``python -m sendpath`` come here; a program calls :func:`main`.
    Before the interpreter shuts down, what the command built is moved out of the cyclic
    collector's reach (:func:`gc.freeze`): the process is ending, and the collections of its
    shutdown would walk, and take apart one by one, tens of thousands of objects (the catalogue
    and its graph, networkx) that the end of the process frees at once. That was about 100 ms
    of a 480 ms ``sendpath routes`` on the 2-core CI machine. Files are closed and standard
    output flushed as before; only the cyclic collector's last passes are skipped.

    Then, when the command has started no thread that the interpreter would wait for, the exit
    handlers run (:mod:`atexit`) and the process ends at once, without the interpreter taking
    apart, module by module, the several hundred modules networkx brings: another 35 to 50 ms
    that nobody waits for usefully. Everything the command writes is closed or flushed by then.
    """
    code = main()
    gc.freeze()
    _end(code)


def _end(code: int) -> NoReturn:
    """End the process with ``code``: at once when nothing is left to wait for, else as usual."""
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's, since Python 3.0
    if run_exit_handlers is None or threading.active_count() > 1:
        sys.exit(code)
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()  # (the reader may have gone: main already reported that)
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
