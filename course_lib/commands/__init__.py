"""The commands of ``service-course``, one module each.

Every command is a module with ``add_arguments(parser)`` and ``run(args) -> int``; the first
line of its docstring is its help. :data:`course_lib.cli.COMMANDS` lists them by module path,
so adding a command is one module and one line there.
"""
