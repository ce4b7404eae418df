"""Print an nbgitpuller link that opens the course on a JupyterHub."""

from __future__ import annotations

from .. import files

__all__ = ["repository_url", "hub_link", "add_arguments", "run"]


def repository_url() -> str:
    """The course repository's address (set once, in pyproject.toml)."""
    import tomllib

    return tomllib.loads((files.project_root() / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]


def hub_link(hub: str, repo: str | None = None, branch: str = "main",
             path: str = "notebooks/00_start_here.ipynb") -> str:
    """An nbgitpuller link: the hub clones (or updates) the course and opens ``path`` in JupyterLab.

    The link names the folder the course is cloned into (``targetpath``: the repository's name without
    ``.git``), so that the page it opens is in that folder whatever form the repository address takes
    (nbgitpuller's own default keeps a ``.git`` ending).

    Examples
    --------
    >>> hub_link("https://hub.example.org/", repo="https://github.com/o/course.git")
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fcourse.git&branch=main&targetpath=course&urlpath=lab%2Ftree%2Fcourse%2Fnotebooks%2F00_start_here.ipynb'
    """
    from urllib.parse import quote

    repo = repo or repository_url()
    folder = repo.rstrip("/").split("/")[-1].removesuffix(".git")
    return (f"{hub.rstrip('/')}/hub/user-redirect/git-pull?repo={quote(repo, safe='')}"
            f"&branch={quote(branch, safe='')}&targetpath={quote(folder, safe='')}"
            f"&urlpath={quote(f'lab/tree/{folder}/{path}', safe='')}")


def add_arguments(parser) -> None:
    parser.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    parser.add_argument("--repo", default=None, help="course repository (default: the one in pyproject.toml)")
    parser.add_argument("--branch", default="main")
    parser.add_argument("--lang", choices=["en", "zh"], default="en",
                        help="the edition whose start page the link opens (zh: the Chinese edition)")


def run(args) -> int:
    print(hub_link(args.hub, args.repo, args.branch, path=files.start_page(args.lang)))
    return 0
