"""Exercise checks. ``from course_lib.checks import check`` in a notebook, then
``check("<lesson>.<task>", answer)``. One module per lesson registers its tasks."""

from ._core import (  # noqa: F401
    LANG_ENV,
    STRICT_ENV,
    CheckError,
    CheckFailed,
    CheckResult,
    Task,
    check,
    evaluate,
    expect,
    expect_choice,
    expect_close,
    expect_equal,
    expect_fraction,
    expect_list,
    expect_type,
    get_task,
    is_unanswered,
    registry,
    set_lang,
    task,
)
