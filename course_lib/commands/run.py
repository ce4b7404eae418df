"""Execute notebooks in fresh kernels (executed copies in .course_runs/)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import files
from ..files import find_notebooks

__all__ = ["add_arguments", "run", "summary"]


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", help="notebooks or folders (default: notebooks solutions exercises)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=files.project_root() / ".course_runs")
    parser.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--strict", dest="strict", action="store_true", default=None, help="checks must pass")
    parser.add_argument("--no-strict", dest="strict", action="store_false")
    parser.add_argument("-q", "--quiet", action="store_true")


def summary(results) -> int:
    width = max(len(r.label) for r in results)
    print(f"\n{'notebook':<{width}}  result   seconds")
    for r in results:
        print(f"{r.label:<{width}}  {'ok' if r.ok else 'FAILED':<7} {r.seconds:8.1f}")
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"\n--- {r.label} failed:\n{r.error}\n    executed copy: {r.output}")
    print(f"\n{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def _parse_params(items: list[str]) -> dict:
    """``KEY=VALUE`` options as a dict; each value is read by the course's safe YAML reader.

    Examples
    --------
    >>> _parse_params(["n=3", "store=上海", "stages=[a, b]"])
    {'n': 3, 'store': '上海', 'stages': ['a', 'b']}
    """
    from ..errors import CourseDataError
    from ..yaml_files import parse_yaml

    params = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CourseDataError(f"{item!r} is not a name and a value", source="--param",
                                  expected="KEY=VALUE, e.g. -p n_stores=12", fix="write the name, '=' and the value")
        params[key.strip()] = parse_yaml(value, source=f"--param {key.strip()}",
                                         expected="a YAML value: a number, a word, or a list such as [a, b]",
                                         fix="quote the value if it holds ':' or '#'")
    return params


def run(args) -> int:
    from ..errors import CourseDataError

    try:  # a bad --param is refused before the notebooks and the runner are loaded
        params = _parse_params(args.param)
    except CourseDataError as exc:
        print(f"service-course run: {exc}", file=sys.stderr)
        return 2
    from ..runner import Job, run_jobs

    nbs = find_notebooks(args.paths, ("notebooks", "solutions", "exercises"))
    strict = None if args.strict is None else args.strict
    jobs = [Job.for_notebook(nb, args.out, params, strict) for nb in nbs]
    return summary(run_jobs(jobs, n_jobs=args.jobs, progress=not args.quiet))
