"""A real JupyterHub on this machine, used like a room of trainees uses it (tests/test_hub.py and
benchmarks/bench_hub.py).

:class:`Room` starts configurable-http-proxy (from npm) as a service of its own and JupyterHub with
``deploy/jupyterhub_config.py`` (the deploy file itself, with the dummy authenticator and the local
spawner, each trainee's home under a temporary folder), and a throw-away git repository holding HEAD of
this checkout as the course's "upstream".

:class:`Trainee` does what a person in the room does, over HTTP and the kernel websocket only: log in
through the hub's login form, ask for an API token, start a server, open the course's nbgitpuller link
(:func:`course_lib.commands.hub_link.hub_link`), open ``exercises/03_servqual.ipynb``, start a kernel,
run every code cell with their own answers filled in, save the notebook (contents API), read the
check results from the kernel's outputs, and log out. Every request that fails is recorded in
``Room.failures``.

Nothing here imports jupyterhub: it runs in its own processes, which :meth:`Room.close` ends by
their ids (hub, proxy, and the servers and kernels whose environment names this room's hub).
"""

from __future__ import annotations

import asyncio
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlencode

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
EXERCISE = "exercises/03_servqual.ipynb"
COURSE_FOLDER = "service-course"     # the upstream's folder name = nbgitpuller's target folder
CHECK_MIMETYPE = "application/vnd.service-course.check+json"
BIN = Path(sys.executable).parent
GIT_ID = ["-c", "user.name=Instructor", "-c", "user.email=instructor@example.org", "-c", "commit.gpgsign=false"]
THREAD_VARS = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


# --------------------------------------------------------------------------- what the machine needs
def proxy_command() -> str | None:
    """configurable-http-proxy: in the venv (``.ci/install-hub.sh`` puts it there) or on PATH."""
    for candidate in (BIN / "configurable-http-proxy",
                      ROOT / ".venv" / "node_modules" / ".bin" / "configurable-http-proxy"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("configurable-http-proxy")


def missing() -> str | None:
    """Why a hub cannot run here, or ``None`` when it can."""
    import importlib.util

    for module in ("jupyterhub", "nbgitpuller", "jupyterhub_idle_culler", "psutil", "httpx", "tornado"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (run: bash .ci/install-hub.sh)"
    if not (BIN / "jupyterhub").exists() or not (BIN / "jupyterhub-singleuser").exists():
        return f"jupyterhub's commands are not in {BIN} (run: bash .ci/install-hub.sh)"
    if proxy_command() is None:
        return "configurable-http-proxy is not installed (run: bash .ci/install-hub.sh)"
    if shutil.which("git") is None:
        return "git is not installed"
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        return f"{ROOT} is not a git checkout (the upstream course is made from its HEAD)"
    return None


_POOL = None


async def blocking(fn, *args):
    """Run a blocking call (psutil, the admin API, starting the hub) in this module's own threads,
    so that the event loop's default executor stays free for tornado's name resolution."""
    global _POOL
    if _POOL is None:
        from concurrent.futures import ThreadPoolExecutor

        _POOL = ThreadPoolExecutor(4, thread_name_prefix="hub-helpers")
    return await asyncio.get_running_loop().run_in_executor(_POOL, fn, *args)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *GIT_ID, "-C", str(repo), *args], check=True, capture_output=True,
                          text=True).stdout


def make_upstream(parent: Path) -> Path:
    """The course at HEAD of this checkout, as a new one-commit repository on branch ``main``."""
    repo = parent / COURSE_FOLDER
    repo.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "HEAD"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(repo)], input=archive, check=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "The course, as the instructor published it")
    return repo


# --------------------------------------------------------------------------- the hub
class Room:
    """A proxy and a hub for one room, in ``workdir`` (homes in ``workdir/homes/<name>``)."""

    def __init__(self, workdir: Path, *, cull_timeout: int = 5400, env: dict | None = None,
                 without_rfc3987_syntax: bool = True):
        self.workdir = Path(workdir)
        self.data = self.workdir / "hub"
        self.homes = self.workdir / "homes"
        self.data.mkdir(parents=True, exist_ok=True)
        self.homes.mkdir(parents=True, exist_ok=True)
        self.port, self.hub_port, self.proxy_api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proxy_token = secrets.token_hex(32)
        self.admin_token = secrets.token_hex(32)
        self.cull_timeout = cull_timeout
        self.extra_env = env or {}
        self.stubs = None
        if without_rfc3987_syntax:
            # deploy/README.md removes rfc3987-syntax from the hub's environment: jsonschema builds its
            # IRI grammar at import otherwise, 3-7 s of CPU in the hub and in every trainee's server.
            # The shared venv keeps the package, so here a module that refuses to import stands in
            # for its removal (jsonschema then skips the "iri" format, as without the package).
            self.stubs = self.workdir / "without"
            self.stubs.mkdir(exist_ok=True)
            (self.stubs / "rfc3987_syntax.py").write_text(
                'raise ImportError("rfc3987-syntax is left out of this hub (deploy/README.md)")\n')
        self.failures: list[str] = []
        self.upstream: Path | None = None
        self.proxy: subprocess.Popen | None = None
        self.hub: subprocess.Popen | None = None
        self.hub_starts = 0
        self._write_config()

    # -- set-up
    def _write_config(self) -> None:
        self.config = self.workdir / "jupyterhub_config.py"
        self.config.write_text(
            "# Written by tests/hub_helpers.py: the deploy config, plus this room's ports and an admin service.\n"
            "c = get_config()  # noqa\n"
            f"load_subconfig({str(DEPLOY_CONFIG)!r})  # noqa\n"
            f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{self.hub_port}'\n"
            "c.JupyterHub.services.append({'name': 'room-admin', 'api_token': "
            f"{self.admin_token!r}}})\n"
            "c.JupyterHub.load_roles.append({'name': 'room-admin', 'services': ['room-admin'], 'scopes': "
            "['admin:users', 'admin:servers', 'admin:server_state', 'list:users', 'read:users', 'tokens']})\n"
            "c.JupyterHub.log_level = 'INFO'\n",
            encoding="utf-8")

    def hub_env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "JPY_"))}
        env.update({
            "COURSE_HUB_DATA": str(self.data),
            "COURSE_HUB_BIND_URL": self.url,
            "COURSE_HUB_AUTH": "dummy",
            "COURSE_HUB_SPAWNER": "local",
            "COURSE_HUB_HOMES": str(self.homes),
            "COURSE_HUB_CULL_TIMEOUT": str(self.cull_timeout),
            "COURSE_HUB_PYTHON": sys.executable,
            "CONFIGPROXY_AUTH_TOKEN": self.proxy_token,
            "COURSE_HUB_PROXY_API_URL": f"http://127.0.0.1:{self.proxy_api_port}",
            "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        })
        if self.stubs is not None:
            env["PYTHONPATH"] = os.pathsep.join(p for p in (str(self.stubs), env.get("PYTHONPATH", "")) if p)
        env.update(self.extra_env)
        return env

    def start(self) -> "Room":
        """The upstream repository (made in a thread meanwhile), the proxy, then the hub."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            upstream = pool.submit(make_upstream, self.workdir / "upstream")
            self.start_proxy()
            self.start_hub()
            self.upstream = upstream.result()
        return self

    def start_proxy(self) -> None:
        log = open(self.workdir / "proxy.log", "ab")
        self.proxy = subprocess.Popen(
            [proxy_command(), "--ip", "127.0.0.1", "--port", str(self.port), "--api-ip", "127.0.0.1",
             "--api-port", str(self.proxy_api_port), "--default-target", f"http://127.0.0.1:{self.hub_port}",
             "--error-target", f"http://127.0.0.1:{self.hub_port}/hub/error", "--log-level", "warn"],
            env={"PATH": os.environ.get("PATH", ""), "CONFIGPROXY_AUTH_TOKEN": self.proxy_token},
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _wait_port(self.proxy_api_port, 20, self.proxy, "configurable-http-proxy")

    def start_hub(self, timeout: float = 60) -> float:
        """Start the hub; return the seconds until its API answers through the proxy."""
        t0 = time.perf_counter()
        log = open(self.workdir / "hub.log", "ab")
        self.hub = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(self.config)], cwd=self.data,
                                    env=self.hub_env(), stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL)
        self.hub_starts += 1
        import httpx

        deadline = time.monotonic() + timeout
        while True:
            if self.hub.poll() is not None:
                raise RuntimeError(f"the hub exited with {self.hub.returncode}:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/hub/api/", timeout=2).status_code == 200:
                    return time.perf_counter() - t0
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the hub did not answer within {timeout} s:\n{self.log_tail()}")
            time.sleep(0.1)

    def stop_hub(self, timeout: float = 30) -> None:
        """Stop the hub process only (SIGTERM, as systemd does): servers and proxy go on running."""
        if self.hub is not None and self.hub.poll() is None:
            self.hub.send_signal(signal.SIGTERM)
            try:
                self.hub.wait(timeout)
            except subprocess.TimeoutExpired:
                self.hub.kill()
                self.hub.wait()

    def log_tail(self, lines: int = 60) -> str:
        path = self.workdir / "hub.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    # -- the hub's REST API, as the room's admin service
    def api(self, method: str, path: str, **kwargs):
        import httpx

        r = httpx.request(method, f"{self.url}/hub/api{path}", timeout=30,
                          headers={"Authorization": f"token {self.admin_token}"}, **kwargs)
        if r.status_code >= 400:
            self.failures.append(f"admin {method} {path}: {r.status_code} {r.text[:200]}")
        return r

    def servers(self) -> dict[str, dict]:
        """user name → their default server's model (with ``state``), for users with a server."""
        users = self.api("GET", "/users", params={"state": "active"}).json()
        out = {}
        for u in users:
            full = self.api("GET", f"/users/{u['name']}").json()
            if full.get("servers", {}).get(""):
                out[u["name"]] = full["servers"][""]
        return out

    def server_pid(self, name: str) -> int | None:
        server = self.api("GET", f"/users/{name}").json().get("servers", {}).get("")
        return (server or {}).get("state", {}).get("pid") or None

    def home(self, name: str) -> Path:
        return self.homes / name

    # -- instructor
    def publish_update(self) -> dict:
        """The instructor changes the course upstream while trainees work: a new file, a changed file
        nobody edits, and a changed cell (the last one) of the exercise that trainees have edited."""
        import nbformat

        repo = self.upstream
        (repo / "exercises" / "WORKSHOP_NOTES.md").write_text("# Notes for today's room\n\nBreak at 10:15.\n",
                                                              encoding="utf-8")
        readme = repo / "README.md"
        readme.write_text(readme.read_text(encoding="utf-8") + "\n<!-- updated for the workshop -->\n",
                          encoding="utf-8")
        nb_path = repo / EXERCISE
        nb = nbformat.read(nb_path, as_version=4)
        nb.cells[-1].source += "\n\nUpdated reading list: see the lesson."
        nbformat.write(nb, nb_path)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "Workshop notes, reading list")
        return {"new": "exercises/WORKSHOP_NOTES.md", "changed": "README.md",
                "exercise_tail": "Updated reading list: see the lesson."}

    # -- clean-up
    def room_processes(self) -> list:
        """Servers, kernels and services started by this room's hub (found by their environment)."""
        import psutil

        mine = []
        hub_url = f"127.0.0.1:{self.hub_port}"
        for p in psutil.process_iter(["pid"]):
            try:
                env = p.environ()
            except (psutil.Error, OSError):
                continue
            if hub_url in env.get("JUPYTERHUB_API_URL", "") or env.get("COURSE_HUB_HOMES") == str(self.homes):
                mine.append(p)
        return mine

    def close(self) -> None:
        import psutil

        self.stop_hub()
        procs = self.room_processes()
        for p in procs:
            with _suppress(psutil.Error):
                procs.extend(c for c in p.children(recursive=True) if c not in procs)
        for p in procs:
            with _suppress(psutil.Error):
                p.terminate()
        _, alive = psutil.wait_procs(procs, timeout=5)
        for p in alive:
            with _suppress(psutil.Error):
                p.kill()
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.terminate()
            try:
                self.proxy.wait(5)
            except subprocess.TimeoutExpired:
                self.proxy.kill()


class _suppress:
    def __init__(self, *exc):
        self.exc = exc

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        return kind is not None and issubclass(kind, self.exc)


def _wait_port(port: int, timeout: float, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout} s")


# --------------------------------------------------------------------------- a trainee's answers
STATUSES = ("pass", "fail", "unanswered")

#: Per task of exercise 03, in the order the exercise asks them (manager track first): the answer line(s)
#: for a right and a wrong answer ({k} = trainee number).
ANSWERS = {
    "servqual.gap_improve": ('improve = "reliability"', 'improve = ["tangibles", "empathy", "assurance"][{k} % 3]'),
    "servqual.zone_position": ('reliability_zone = "within"', 'reliability_zone = ["below", "above"][{k} % 2]'),
    "servqual.ipa_concentrate": (
        'concentrate = ["reliability", "responsiveness"]',
        'concentrate = ["empathy"] * {k}'),
    "servqual.what_first": ('first = "b"', 'first = "acde"[{k} % 4]'),
    "servqual.clean_survey": (
        'items = [f"{k}{i}" for k in "EP" for i in range(1, 23)]\n'
        "labels = sq.likert_map()\n"
        "survey_clean = raw.copy()\n"
        "for col in items:\n"
        "    text = survey_clean[col].str.strip()\n"
        '    number = pd.to_numeric(text, errors="coerce").fillna(text.str.lower().map(labels))\n'
        "    survey_clean[col] = number.where(number.between(1, 7))\n"
        'survey_clean = survey_clean.drop_duplicates(subset="respondent", keep="first")\n'
        "same = survey_clean[items].max(axis=1) == survey_clean[items].min(axis=1)\n"
        "survey_clean = survey_clean[~(same & survey_clean[items].notna().all(axis=1))]",
        'survey_clean = raw.drop_duplicates(subset="respondent").head({k} + 10)'),
    "servqual.reliability_gap": (
        "item_gaps = survey[P].to_numpy() - survey[E].to_numpy()\n"
        "reliability_gap = pd.DataFrame(item_gaps).mean(axis=1).mean()",
        "reliability_gap = (survey[P].mean() - survey[E].mean()).sum() + {k}"),
    "servqual.alpha_reliability": (
        "complete = survey[P].dropna()\n"
        "k = complete.shape[1]\n"
        "alpha_p = k / (k - 1) * (1 - complete.var().sum() / complete.sum(axis=1).var())",
        "alpha_p = 0.{k}1"),
    "servqual.weighted_score": (
        "per_respondent = sq.gap_scores(survey).respondents[list(sq.DIMENSIONS)]\n"
        "points = survey[list(sq.WEIGHT_COLUMNS.values())].to_numpy() / 100\n"
        "weighted = (per_respondent.to_numpy() * points).sum(axis=1).mean()",
        "weighted = -{k}.5"),
    "servqual.zone_below": (
        "z = sq.zone_of_tolerance(zone).dimensions\n"
        'below = z.index[z["MSA"] < 0].tolist()',
        'below = ["tangibles"] * {k}'),
}
TASKS = list(ANSWERS)


def planned_statuses(k: int, mode: str = "mixed") -> dict[str, str]:
    """What trainee ``k`` (1, 2, …) does on each task: ``mixed`` rotates right, wrong and not
    answered across trainees and tasks (so every trainee's notebook differs); ``right`` answers all."""
    if mode == "right":
        return {t: "pass" for t in TASKS}
    return {t: STATUSES[(k + j) % 3] for j, t in enumerate(TASKS)}


def answer_source(k: int, task_id: str, status: str, original: str) -> str:
    """The answer cell as trainee ``k`` leaves it: their own lines (marked with their number) above the
    cell's ``check(...)`` line; a task left unanswered keeps the ``...`` line."""
    check_line = next(line for line in original.splitlines() if line.startswith("check("))
    marker = f"# answer of trainee {k}"
    if status == "unanswered":
        first = next(line for line in original.splitlines() if "= ..." in line)
        return f"{marker} (not yet)\n{first}\n{check_line}"
    right, wrong = ANSWERS[task_id]
    body = right if status == "pass" else wrong.replace("{k}", str(k))
    return f"{marker}\n{body}\n{check_line}"


def check_id(source: str) -> str | None:
    m = re.search(r'^check\(\s*["\']([\w.]+)["\']', source, re.M)
    return m.group(1) if m else None


def read_check(outputs: list[dict]) -> dict | None:
    """The check result in a cell's outputs: the course's record if published, else read from the
    message's first character (✅ pass, ❌ fail, ✍ unanswered)."""
    for out in outputs:
        record = out.get("data", {}).get(CHECK_MIMETYPE)
        if record:
            return dict(record)
    for out in outputs:
        text = out.get("text") or out.get("data", {}).get("text/plain") or ""
        text = "".join(text) if isinstance(text, list) else text
        for mark, status in (("✅", "pass"), ("❌", "fail"), ("✍", "unanswered")):
            if text.lstrip().startswith(mark):
                return {"status": status, "hint_shown": "💡" in text, "from_text": True}
    return None


# --------------------------------------------------------------------------- a trainee
class KernelDied(RuntimeError):
    pass


@dataclass
class Trainee:
    room: Room
    k: int                                  # 1, 2, … (user name trainee-k)
    mode: str = "mixed"
    name: str = ""
    plan: dict = field(default_factory=dict)
    times: dict = field(default_factory=dict)        # event → seconds since login started
    checks: dict = field(default_factory=dict)       # task → record, from the kernel's outputs
    kernel_ids: list = field(default_factory=list)
    kernel_pids: list = field(default_factory=list)
    server_pid: int | None = None
    deaths: int = 0
    cell_times: dict = field(default_factory=dict)   # code cell index → seconds (last run)
    usage: dict = field(default_factory=dict)        # CPU and memory of server + kernel when done

    def __post_init__(self):
        import httpx

        self.name = self.name or f"trainee-{self.k}"
        self.plan = planned_statuses(self.k, self.mode)
        self.http = httpx.AsyncClient(base_url=self.room.url, timeout=httpx.Timeout(300, connect=60))
        self.token = ""
        self.t0 = 0.0

    # -- HTTP with every failure recorded
    async def request(self, method: str, url: str, *, ok=(200, 201, 202, 204), auth=True, **kwargs):
        headers = kwargs.pop("headers", {})
        if auth and self.token:
            headers["Authorization"] = f"token {self.token}"
        try:
            r = await self.http.request(method, url, headers=headers, **kwargs)
        except Exception as exc:
            self.room.failures.append(f"{self.name} {method} {url}: {type(exc).__name__}: {exc}")
            raise
        if r.status_code not in ok:
            self.room.failures.append(f"{self.name} {method} {url}: {r.status_code} {r.text[:300]}")
            raise RuntimeError(f"{self.name} {method} {url}: {r.status_code}")
        return r

    def mark(self, event: str) -> None:
        """Note when ``event`` first happened (seconds since this trainee began to log in)."""
        self.times.setdefault(event, time.perf_counter() - self.t0)

    @property
    def prefix(self) -> str:
        return f"/user/{self.name}"

    # -- steps
    async def login(self) -> None:
        """The hub's login form (as a browser posts it), then an API token from the hub."""
        self.t0 = time.perf_counter()
        page = await self.request("GET", "/hub/login", auth=False)
        xsrf = re.search(r'name="_xsrf"\s+value="([^"]+)"', page.text)
        data = {"username": self.name, "password": f"pw-{self.k}"} | ({"_xsrf": xsrf.group(1)} if xsrf else {})
        await self.request("POST", "/hub/login", data=data, ok=(302,), auth=False)
        home = await self.request("GET", "/hub/home", auth=False)
        token = re.search(r'xsrf_token:\s*"([^"]+)"', home.text)
        r = await self.request("POST", f"/hub/api/users/{self.name}/tokens", auth=False,
                               headers={"X-XSRFToken": token.group(1) if token else ""},
                               json={"note": "workshop", "expires_in": 4 * 3600})
        self.token = r.json()["token"]
        self.mark("logged_in")

    async def start_server(self, timeout: float = 600) -> None:
        """Ask the hub for a server and follow its progress event stream (as the hub's spawn page does)
        until the server is ready."""
        r = await self.request("POST", f"/hub/api/users/{self.name}/server", ok=(201, 202))
        if r.status_code == 202:
            ready = False
            async with self.http.stream("GET", f"/hub/api/users/{self.name}/server/progress",
                                        headers={"Authorization": f"token {self.token}"},
                                        timeout=timeout) as events:
                if events.status_code != 200:
                    self.room.failures.append(f"{self.name} server progress: {events.status_code}")
                async for line in events.aiter_lines():
                    if line.startswith("data:"):
                        event = json.loads(line[5:])
                        if event.get("failed"):
                            self.room.failures.append(f"{self.name}: spawn failed: {event.get('message')}")
                            raise RuntimeError(f"{self.name}: spawn failed")
                        if event.get("ready"):
                            ready = True
                            break
            if not ready:
                self.room.failures.append(f"{self.name}: progress stream ended before the server was ready")
                raise RuntimeError(f"{self.name}: server not ready")
        self.mark("server_ready")

    async def open_link(self, branch: str = "main") -> list[str]:
        """Click the course's nbgitpuller link: hub → server (OAuth) → nbgitpuller's page, whose script
        streams the pull from ``git-pull/api``; then JupyterLab opens the exercise. Returns git's output."""
        from course_lib.commands.hub_link import hub_link

        link = hub_link(self.room.url, repo=str(self.room.upstream), branch=branch, path=EXERCISE)
        page = await self.request("GET", link, auth=False, follow_redirects=True)
        attrs = {m.group(1): unquote(m.group(2)) for m in re.finditer(r'data-([\w-]+)="([^"]*)"', page.text)}
        params = {"_xsrf": attrs["xsrf"], "repo": attrs["repo"], "targetpath": attrs["targetpath"]}
        if "branch" in attrs:
            params["branch"] = attrs["branch"]
        lines, phase = [], None
        async with self.http.stream("GET", f"{attrs['base-url']}git-pull/api?{urlencode(params)}") as r:
            if r.status_code != 200:
                self.room.failures.append(f"{self.name} git-pull/api: {r.status_code}")
            async for line in r.aiter_lines():
                if line.startswith("data: "):
                    event = json.loads(line[6:])
                    phase = event.get("phase")
                    lines.append(event.get("output") or event.get("message") or phase)
                    if phase in ("finished", "error"):
                        break
        if phase != "finished":
            self.room.failures.append(f"{self.name}: nbgitpuller ended with {phase}: {lines[-3:]}")
            raise RuntimeError(f"{self.name}: nbgitpuller {phase}")
        await self.request("GET", attrs["base-url"] + attrs["path"], auth=False, follow_redirects=True)
        self.mark("pulled" if "pulled" not in self.times else "pulled_again")
        return lines

    async def get_notebook(self, path: str = f"{COURSE_FOLDER}/{EXERCISE}") -> dict:
        r = await self.request("GET", f"{self.prefix}/api/contents/{path}", params={"content": "1"})
        return r.json()["content"]

    async def save_notebook(self, nb: dict, path: str = f"{COURSE_FOLDER}/{EXERCISE}") -> None:
        await self.request("PUT", f"{self.prefix}/api/contents/{path}",
                           json={"type": "notebook", "format": "json", "content": nb})
        self.mark("saved")

    async def start_kernel(self) -> "KernelChannel":
        r = await self.request("POST", f"{self.prefix}/api/sessions",
                               json={"path": f"{COURSE_FOLDER}/{EXERCISE}", "type": "notebook",
                                     "name": "03_servqual.ipynb", "kernel": {"name": "python3"}})
        kid = r.json()["kernel"]["id"]
        self.kernel_ids.append(kid)
        channel = await self.connect(kid)
        self.mark("kernel_ready")
        return channel

    async def connect(self, kid: str, timeout: float = 120) -> "KernelChannel":
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = (f"ws://127.0.0.1:{self.room.port}{self.prefix}/api/kernels/{kid}/channels"
               f"?session_id={uuid.uuid4().hex}")
        try:
            ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {self.token}"},
                                                     connect_timeout=300, request_timeout=300))
        except Exception as exc:
            self.room.failures.append(f"{self.name} websocket {kid}: {type(exc).__name__}: {exc}")
            raise
        channel = KernelChannel(ws, kid, self)
        await channel.ready(timeout)
        return channel

    async def wait_kernel_back(self, kid: str, timeout: float = 120) -> None:
        """After a crash the server restarts the kernel by itself; wait until it is idle again."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r = await self.request("GET", f"{self.prefix}/api/kernels/{kid}")
            if r.json().get("execution_state") in ("idle", "busy"):
                return
            await asyncio.sleep(0.3)
        raise RuntimeError(f"{self.name}: kernel {kid} did not come back")

    async def stop(self) -> None:
        """Log out: stop the server through the hub, then the hub's logout page."""
        await self.request("DELETE", f"/hub/api/users/{self.name}/server", ok=(202, 204))
        for _ in range(300):
            user = (await self.request("GET", f"/hub/api/users/{self.name}")).json()
            if not user.get("servers", {}).get(""):
                break
            await asyncio.sleep(0.5)
        await self.request("GET", "/hub/logout", auth=False, ok=(200, 302))
        await self.http.aclose()

    # -- the exercise
    def cell_source(self, cell: dict) -> str:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        task = check_id(source)
        if cell["cell_type"] == "code" and task in self.plan and "answer" in cell.get("metadata", {}).get("tags", []):
            return answer_source(self.k, task, self.plan[task], source)
        return source

    def own_answers(self, nb: dict) -> dict[str, str]:
        """task → the answer cell's source this trainee writes into ``nb``."""
        out = {}
        for cell in nb["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            task = check_id(source)
            if cell["cell_type"] == "code" and task in self.plan:
                out[task] = self.cell_source(cell)
        return out

    async def run_cells(self, channel: "KernelChannel", nb: dict, cells: range | list[int]) -> None:
        """Type each cell's source (answers filled in), run it, keep its outputs in ``nb``."""
        for i in cells:
            cell = nb["cells"][i]
            if cell["cell_type"] != "code":
                continue
            cell["source"] = self.cell_source(cell)
            t0 = time.perf_counter()
            count, outputs = await channel.execute(cell["source"])
            self.cell_times[i] = time.perf_counter() - t0
            cell["execution_count"], cell["outputs"] = count, outputs
            task = check_id(cell["source"])
            if task:
                record = read_check(outputs)
                if record is not None:
                    self.checks[task] = record
                    if "first_check" not in self.times:
                        self.mark("first_check")


class KernelChannel:
    """A kernel's websocket (JupyterLab's protocol, JSON messages), one cell at a time."""

    def __init__(self, ws, kernel_id: str, trainee: Trainee):
        self.ws, self.kernel_id, self.trainee = ws, kernel_id, trainee
        self.session = uuid.uuid4().hex
        self.on_sent = None      # called once a cell is sent (to kill the kernel while it runs)

    def _msg(self, msg_type: str, content: dict, channel: str = "shell") -> dict:
        return {"header": {"msg_id": uuid.uuid4().hex, "username": self.trainee.name, "session": self.session,
                           "msg_type": msg_type, "version": "5.3",
                           "date": datetime.datetime.now(datetime.timezone.utc).isoformat()},
                "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}

    async def _read(self, timeout: float) -> dict:
        raw = await asyncio.wait_for(self.ws.read_message(), timeout)
        if raw is None:
            raise KernelDied(f"{self.trainee.name}: kernel websocket closed")
        msg = json.loads(raw)
        if msg.get("msg_type") == "status" and msg["content"].get("execution_state") in ("restarting", "dead"):
            raise KernelDied(f"{self.trainee.name}: kernel {msg['content']['execution_state']}")
        return msg

    async def ready(self, timeout: float) -> None:
        """Ask for kernel_info until the kernel answers (it may still be starting)."""
        deadline = time.monotonic() + timeout
        while True:
            msg = self._msg("kernel_info_request", {})
            await self.ws.write_message(json.dumps(msg))
            try:
                while True:
                    reply = await self._read(min(5.0, max(0.1, deadline - time.monotonic())))
                    if reply.get("parent_header", {}).get("msg_id") == msg["header"]["msg_id"] and \
                            reply["msg_type"] == "kernel_info_reply":
                        return
            except asyncio.TimeoutError:
                if time.monotonic() > deadline:
                    raise

    async def execute(self, code: str, timeout: float = 300) -> tuple[int | None, list[dict]]:
        msg = self._msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                            "user_expressions": {}, "allow_stdin": False,
                                            "stop_on_error": True})
        msg_id = msg["header"]["msg_id"]
        await self.ws.write_message(json.dumps(msg))
        if self.on_sent is not None:
            self.on_sent()
        outputs, count, replied, idle = [], None, False, False
        while not (replied and idle):
            reply = await self._read(timeout)
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = reply["msg_type"], reply["content"]
            if kind == "execute_reply":
                replied = True
                count = content.get("execution_count")
                if content.get("status") == "error":
                    self.trainee.room.failures.append(
                        f"{self.trainee.name}: cell raised {content.get('ename')}: {content.get('evalue')}")
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "stream":
                if outputs and outputs[-1]["output_type"] == "stream" and outputs[-1]["name"] == content["name"]:
                    outputs[-1]["text"] += content["text"]
                else:
                    outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
            elif kind in ("display_data", "execute_result"):
                out = {"output_type": kind, "data": content.get("data", {}), "metadata": content.get("metadata", {})}
                if kind == "execute_result":
                    out["execution_count"] = content.get("execution_count")
                outputs.append(out)
            elif kind == "error":
                outputs.append({"output_type": "error", "ename": content["ename"], "evalue": content["evalue"],
                                "traceback": content["traceback"]})
            elif kind == "clear_output":
                outputs.clear()
        return count, outputs

    async def close(self) -> None:
        self.ws.close()


def _environ(pid: int | None, names: list[str]) -> dict:
    import psutil

    try:
        env = psutil.Process(pid).environ()
    except (psutil.Error, TypeError, ValueError):
        return {}
    return {name: env.get(name) for name in names}


def usage(server_pid: int | None, kernel: int | None) -> dict:
    """CPU seconds and memory (RSS, USS, PSS in bytes) of a trainee's server and kernel, now."""
    import psutil

    out = {"server_cpu": 0.0, "kernel_cpu": 0.0, "rss": 0, "uss": 0, "pss": 0}
    for role, pid in (("server", server_pid), ("kernel", kernel)):
        if not pid:
            continue
        with _suppress(psutil.Error):
            proc = psutil.Process(pid)
            cpu = proc.cpu_times()
            out[f"{role}_cpu"] = cpu.user + cpu.system
            mem = proc.memory_full_info()
            out["rss"] += mem.rss
            out["uss"] += mem.uss
            out["pss"] += getattr(mem, "pss", 0)
            out[f"{role}_rss"] = mem.rss
    return out


def kernel_pid(server_pid: int | None, kernel_id: str) -> int | None:
    """The process of kernel ``kernel_id`` (its connection file names it), among the server's children."""
    import psutil

    if not server_pid:
        return None
    try:
        for child in psutil.Process(server_pid).children(recursive=True):
            with _suppress(psutil.Error):
                if any(kernel_id in part for part in child.cmdline()):
                    return child.pid
    except psutil.Error:
        return None
    return None


def _source(cell: dict) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def code_cells(nb: dict) -> list[int]:
    return [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]


# --------------------------------------------------------------------------- a whole room
@dataclass
class Scenario:
    """What happens in the room. Cells are code-cell indices of the exercise notebook."""

    n: int = 4
    mode: str = "mixed"                 # "mixed" (rotating right/wrong/unanswered) or "right"
    kill: int | None = None             # trainee whose kernel is SIGKILLed mid-exercise
    restart_hub: bool = False           # stop and start the hub at the midpoint
    update: bool = False                # the instructor publishes an update; trainees click the link again
    split: int = 10                     # cells up to this index run before the midpoint (task 3)
    same_cell: int | None = None        # the room runs this cell at the same moment (CPU per trainee)
    sample_memory: bool = False         # psutil RSS of each trainee's server + kernel, every second
    logout: bool = True


@dataclass
class RoomResult:
    trainees: list
    failures: list
    events: dict = field(default_factory=dict)
    wall: float = 0.0


async def _trainee(tr: Trainee, sc: Scenario, sync: dict, nb_out: dict) -> None:
    room = tr.room
    await tr.login()
    await tr.start_server()
    tr.server_pid = await blocking(room.server_pid, tr.name)
    await tr.open_link()
    nb = await tr.get_notebook()
    tr.channel = await tr.start_kernel()
    tr.kernel_pids.append(kernel_pid(tr.server_pid, tr.kernel_ids[-1]))
    tr.kernel_env = await blocking(_environ, tr.kernel_pids[-1], [*THREAD_VARS, "HOME"])
    cells = code_cells(nb)

    async def run(todo: list[int]) -> None:
        """Run ``todo``; if the kernel dies, wait for the server to restart it and run everything
        again from the top (what a trainee does after "the kernel died": Run All Above)."""
        while True:
            try:
                await tr.run_cells(tr.channel, nb, todo)
                return
            except KernelDied:
                tr.deaths += 1
                await tr.wait_kernel_back(tr.kernel_ids[-1])
                tr.channel = await tr.connect(tr.kernel_ids[-1])
                tr.kernel_pids.append(kernel_pid(tr.server_pid, tr.kernel_ids[-1]))
                todo = [i for i in cells if i <= max(todo)]
                tr.mark("recovered")

    before = [i for i in cells if i <= sc.split]
    after = [i for i in cells if i > sc.split]
    if sc.kill == tr.k:
        first_check = next(i for i in cells if check_id(_source(nb["cells"][i])))
        await run([i for i in before if i <= first_check])
        victim = [i for i in before if i > first_check]
        pid = tr.kernel_pids[-1]
        tr.channel.on_sent = lambda: (os.kill(pid, signal.SIGKILL), tr.mark("killed"))
        try:
            await run(victim[:1])
        finally:
            tr.channel.on_sent = None
        await run(victim)
    elif sc.same_cell is not None:
        await run([i for i in cells if i < sc.same_cell])
        await asyncio.wait_for(sync["same"].arrive_and_wait(), 900)
        import psutil

        kernel = psutil.Process(tr.kernel_pids[-1])
        cpu0, t0 = sum(kernel.cpu_times()[:2]), time.perf_counter()
        await run([sc.same_cell])
        tr.same_cell = {"wall": time.perf_counter() - t0, "cpu": sum(kernel.cpu_times()[:2]) - cpu0}
        before = [i for i in cells if sc.same_cell < i <= sc.split]
        after = [i for i in cells if i > max(sc.split, sc.same_cell)]
        await run(before)
    else:
        await run(before)
    await tr.save_notebook(nb)

    if sc.restart_hub:
        sync["midpoint"].arrive()                                  # mid-exercise, work saved
        await asyncio.wait_for(sync["hub_down"].wait(), 900)
        await run(after[:1])                                       # works on while the hub is down
        tr.mark("ran_while_hub_down")
        sync["worked"].arrive()
        await asyncio.wait_for(sync["hub_up"].wait(), 900)
        after = after[1:]
    await run(after)
    await tr.save_notebook(nb)
    tr.mark("done")
    tr.usage = await blocking(usage, tr.server_pid, tr.kernel_pids[-1])
    nb_out[tr.name] = nb
    tr.saved = await tr.get_notebook()                             # what the server holds now

    if sc.update:
        await asyncio.wait_for(sync["updated"].wait(), 900)
        tr.pull_output = await tr.open_link()
        tr.after_update = await tr.get_notebook()
        notes = await tr.request("GET", f"{tr.prefix}/api/contents/{COURSE_FOLDER}/exercises/WORKSHOP_NOTES.md",
                                 params={"content": "1"})
        readme = await tr.request("GET", f"{tr.prefix}/api/contents/{COURSE_FOLDER}/README.md",
                                  params={"content": "1"})
        tr.update_seen = {"notes": notes.json()["content"], "readme": readme.json()["content"]}
    await tr.channel.close()
    if sc.logout:
        await tr.stop()


async def _coordinator(room: Room, sc: Scenario, trainees: list, sync: dict, events: dict) -> None:
    if sc.restart_hub:
        await asyncio.wait_for(sync["midpoint"].event.wait(), 900)
        events["servers_before"] = await blocking(room.servers)
        t0 = time.perf_counter()
        await blocking(room.stop_hub)
        events["hub_stopped"] = True
        sync["hub_down"].set()
        await asyncio.wait_for(sync["worked"].event.wait(), 900)  # every trainee ran a cell meanwhile
        events["hub_start_s"] = await blocking(room.start_hub)
        events["hub_down_s"] = time.perf_counter() - t0
        events["servers_after"] = await blocking(room.servers)
        sync["hub_up"].set()
    if sc.update:
        while not all("done" in t.times for t in trainees):
            await asyncio.sleep(0.2)
        events["update"] = await blocking(room.publish_update)
        sync["updated"].set()


class _Count:
    """``event`` is set when ``n`` parties have arrived."""

    def __init__(self, n: int):
        self.n, self.arrived, self.event = n, 0, asyncio.Event()

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived >= self.n:
            self.event.set()

    async def arrive_and_wait(self) -> None:
        self.arrive()
        await self.event.wait()


async def _sampler(trainees: list, stop: asyncio.Event, period: float = 1.0) -> None:
    import psutil

    def sample() -> None:
        for t in trainees:
            pids = [t.server_pid] + (t.kernel_pids[-1:] if t.kernel_pids else [])
            rss = 0
            for pid in pids:
                with _suppress(psutil.Error, TypeError, ValueError):
                    rss += psutil.Process(pid).memory_info().rss
            if t.server_pid:
                t.rss_peak = max(getattr(t, "rss_peak", 0), rss)
                if t.kernel_pids:
                    t.rss_last = rss
    while not stop.is_set():
        await blocking(sample)
        try:
            await asyncio.wait_for(stop.wait(), period)
        except asyncio.TimeoutError:
            pass


async def run_room(room: Room, sc: Scenario) -> RoomResult:
    """Run ``sc`` with ``sc.n`` trainees at once; every trainee's notebook, times and checks come back."""
    trainees = [Trainee(room, k, mode=sc.mode) for k in range(1, sc.n + 1)]
    for t in trainees:
        t.channel = None
    sync = {"midpoint": _Count(sc.n), "worked": _Count(sc.n), "same": _Count(sc.n),
            "hub_down": asyncio.Event(), "hub_up": asyncio.Event(), "updated": asyncio.Event()}
    events: dict = {}
    notebooks: dict = {}
    stop = asyncio.Event()
    t0 = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        sampler = group.create_task(_sampler(trainees, stop)) if sc.sample_memory else None
        jobs = [group.create_task(_trainee(t, sc, sync, notebooks)) for t in trainees]
        coord = group.create_task(_coordinator(room, sc, trainees, sync, events))
        await asyncio.gather(*jobs, coord)
        stop.set()
    del sampler
    for t in trainees:
        t.notebook = notebooks.get(t.name)
    return RoomResult(trainees, room.failures, events, time.perf_counter() - t0)
