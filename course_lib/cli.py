"""``service-course``: the course's command line.

    service-course doctor                 check this machine can run the course
    service-course run [PATHS…] [-j N]    execute notebooks in fresh kernels (copies in .course_runs/)
    service-course outputs [PATHS…]       refresh the committed outputs of lessons and solutions
    service-course exercises [--force]    regenerate exercises/ from solutions/
    service-course reset-exercise NAME    restore one pristine exercise (your version is backed up)
    service-course hub-link --hub URL     print an nbgitpuller link that opens the course on a JupyterHub
    service-course bundle --student OUT   copy the course without solutions, for trainees' hubs
    service-course report SURVEY --out F  turn a survey export into a self-contained HTML report
    service-course slides [LESSONS…]      offline reveal.js slides of the lessons
    service-course editions [--catalogues] build the Chinese edition (zh/) from the catalogues
    service-course progress PATHS…        the room view: per task, who answered, got it right, is stuck
    service-course tasks [--track T]      every exercise's tasks with their track (manager or analyst)

Every command is a module with ``add_arguments(parser)`` and ``run(args) -> int`` whose docstring's
first line is its help; :data:`COMMANDS` lists them. Adding a command is one module and one line here.
"""

from __future__ import annotations

import argparse
import importlib
import sys

__all__ = ["COMMANDS", "main"]

#: command name → module (with ``add_arguments(parser)`` and ``run(args)``).
COMMANDS = {
    "doctor": "course_lib.commands.doctor",
    "run": "course_lib.commands.run",
    "outputs": "course_lib.commands.outputs",
    "exercises": "course_lib.commands.exercises",
    "reset-exercise": "course_lib.commands.reset_exercise",
    "hub-link": "course_lib.commands.hub_link",
    "bundle": "course_lib.commands.bundle",
    "report": "course_lib.report.command",
    "slides": "course_lib.slides",
    "editions": "course_lib.commands.editions",
    "progress": "course_lib.commands.progress",
    "tasks": "course_lib.commands.tasks",
}


def _help(module) -> str:
    return (module.__doc__ or "").strip().splitlines()[0].rstrip(".") if module.__doc__ else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="service-course", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    modules = {}
    for name, path in COMMANDS.items():
        modules[name] = module = importlib.import_module(path)
        module.add_arguments(sub.add_parser(name, help=_help(module), description=module.__doc__))
    args = parser.parse_args(argv)
    try:
        return modules[args.command].run(args)
    except FileNotFoundError as exc:
        print(f"service-course {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
