# JupyterHub for a workshop room on ONE machine (plain JupyterHub, in the spirit of The Littlest
# JupyterHub): every trainee gets their own Jupyter server and home folder, the course arrives with an
# nbgitpuller link, idle servers are stopped by jupyterhub-idle-culler, and each trainee's server is
# capped in memory and CPU (with the systemd spawner).  deploy/README.md walks through it.
#
#     jupyterhub -f deploy/jupyterhub_config.py
#
# Every setting below can be changed with an environment variable (all optional):
#
#   COURSE_HUB_DATA         folder for the hub's database and cookie secret   (default /srv/jupyterhub)
#   COURSE_HUB_BIND_URL     where the hub (its proxy) listens                  (default http://:8000)
#   CONFIGPROXY_AUTH_TOKEN  set it (same value for the proxy service) to run configurable-http-proxy
#                           as a service of its own (deploy/systemd/), so that restarting the hub does
#                           not cut the trainees off; unset, the hub starts the proxy itself
#   COURSE_HUB_AUTH         shared-password (default) | firstuse | dummy (tests only)
#   COURSE_HUB_PASSWORD     the workshop password, 8 characters or more (shared-password)
#   COURSE_HUB_ADMINS       instructor user names, comma separated
#   COURSE_HUB_ADMIN_PASSWORD  the instructors' password (shared-password; 32 characters or more)
#   COURSE_HUB_SPAWNER      systemd (default: limits enforced by cgroups) | local (no isolation: tests
#                           and demos only; homes under COURSE_HUB_HOMES/{username})
#   COURSE_HUB_HOMES        parent folder of the home folders for COURSE_HUB_SPAWNER=local
#   COURSE_HUB_MEM_LIMIT    memory cap per trainee (default 1G; see the sizing table in
#                           instructor/GUIDE.md: one trainee working through an exercise peaks at
#                           286 MiB RSS for server + kernel)
#   COURSE_HUB_CPU_LIMIT    CPU cap per trainee, in cores (default 1.0)
#   COURSE_HUB_CULL_TIMEOUT seconds of inactivity after which a trainee's server is stopped
#                           (default 5400 = 90 min, longer than a lunch break; work is on disk anyway)
#   COURSE_HUB_PYTHON       the Python environment holding the course (default: the hub's own)
#
# Per-user limits: JupyterHub passes mem_limit/cpu_limit to the spawner. The systemd spawner
# (jupyterhub-systemdspawner, what The Littlest JupyterHub uses) enforces them as MemoryMax= and
# CPUQuota= of each trainee's unit; the plain local spawner only announces them (MEM_LIMIT/CPU_LIMIT
# in the server's environment) and enforces nothing.
# ruff: noqa: F821  (c, get_config and load_subconfig are given by JupyterHub)

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821


def setting(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


DATA = Path(setting("COURSE_HUB_DATA", "/srv/jupyterhub"))
PYTHON_BIN = Path(setting("COURSE_HUB_PYTHON", sys.executable)).parent
MEM_LIMIT = setting("COURSE_HUB_MEM_LIMIT", "1G")
CPU_LIMIT = float(setting("COURSE_HUB_CPU_LIMIT", "1.0"))
CULL_TIMEOUT = int(setting("COURSE_HUB_CULL_TIMEOUT", "5400"))

# --------------------------------------------------------------------------- the hub and its proxy
c.JupyterHub.bind_url = setting("COURSE_HUB_BIND_URL", "http://:8000")
c.JupyterHub.db_url = f"sqlite:///{DATA / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(DATA / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(DATA / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(DATA / "jupyterhub-proxy.pid")
if os.environ.get("CONFIGPROXY_AUTH_TOKEN"):
    # The proxy runs as its own service (deploy/systemd/configurable-http-proxy.service) with the same
    # token; its REST API listens on 127.0.0.1:8001 unless COURSE_HUB_PROXY_API_URL says otherwise.
    c.ConfigurableHTTPProxy.should_start = False
    c.ConfigurableHTTPProxy.api_url = setting("COURSE_HUB_PROXY_API_URL", "http://127.0.0.1:8001")
# A hub restart (a config change, an update) leaves the trainees' servers, kernels and work running.
c.JupyterHub.cleanup_servers = False
c.JupyterHub.cleanup_proxy = False
# Thirty trainees click the link within the same minute: let them all start, and give slow starts time.
c.JupyterHub.concurrent_spawn_limit = 100
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120

# --------------------------------------------------------------------------- who may log in
AUTH = setting("COURSE_HUB_AUTH", "shared-password")
admins = {name.strip() for name in os.environ.get("COURSE_HUB_ADMINS", "").split(",") if name.strip()}
c.Authenticator.admin_users = admins
if AUTH == "shared-password":
    # One workshop password on the first slide; each trainee picks a user name. Anybody with the
    # password can log in under any trainee's name: fine for a workshop among colleagues, not for
    # graded work (use firstuse, or your organisation's login).
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = os.environ.get("COURSE_HUB_PASSWORD") or None
    c.SharedPasswordAuthenticator.admin_password = os.environ.get("COURSE_HUB_ADMIN_PASSWORD") or None
    c.Authenticator.allow_all = True
elif AUTH == "firstuse":
    # pip install jupyterhub-firstuseauthenticator: the first login under a name sets its password.
    c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
    c.FirstUseAuthenticator.create_users = True
    c.Authenticator.allow_all = True
elif AUTH == "dummy":
    c.JupyterHub.authenticator_class = "dummy"   # any name, any password: tests only
    c.Authenticator.allow_all = True
else:
    raise ValueError(f"COURSE_HUB_AUTH must be shared-password, firstuse or dummy, not {AUTH!r}")

# --------------------------------------------------------------------------- each trainee's server
SPAWNER = setting("COURSE_HUB_SPAWNER", "systemd")
c.Spawner.cmd = [str(PYTHON_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.args = [
    "--LabApp.news_url=None",                     # no news feed from the internet
    "--LabApp.extension_manager=readonly",        # trainees do not install JupyterLab extensions
    "--LanguageServerManager.autodetect=False",   # no language servers to look for (saves ~1 s a start)
]
c.Spawner.mem_limit = MEM_LIMIT
c.Spawner.cpu_limit = CPU_LIMIT
c.Spawner.environment = {
    # Numerical libraries must not start one thread per core in every trainee's kernel: on a shared
    # machine thirty kernels x N threads only fight for the same cores (the course's arithmetic is
    # small and single-threaded anyway).
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    # nbgitpuller links open in JupyterLab; the course's commands run from the hub's environment.
    "NBGITPULLER_APP": "lab",
    "PATH": f"{PYTHON_BIN}:/usr/local/bin:/usr/bin:/bin",
}
if SPAWNER == "systemd":
    # pip install jupyterhub-systemdspawner (in the course's `hub` extra). Each trainee runs as a
    # throw-away system user (DynamicUser=) with a home that persists in /var/lib/private/<name>.
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.dynamic_users = True
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.disable_user_sudo = True
    c.SystemdSpawner.default_shell = "/bin/bash"
elif SPAWNER == "local":
    # SimpleLocalProcessSpawner: every server runs as the hub's own user, homes are plain folders.
    # No isolation between trainees and no limits: for tests and a one-person demo only.
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(Path(setting("COURSE_HUB_HOMES", str(DATA / "homes")))
                                                        / "{username}")
    if os.geteuid() == 0:   # the hub itself runs as root (a container, CI): so do the servers
        c.Spawner.args = [*c.Spawner.args, "--ServerApp.allow_root=True"]
    c.Spawner.env_keep = ["LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "OPENBLAS_CORETYPE",
                          "OPENBLAS_L2_SIZE", "JUPYTERHUB_SINGLEUSER_APP"]
else:
    raise ValueError(f"COURSE_HUB_SPAWNER must be systemd or local, not {SPAWNER!r}")

# --------------------------------------------------------------------------- idle culling
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={CULL_TIMEOUT}", f"--cull-every={max(60, CULL_TIMEOUT // 6)}"],
    },
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
]
