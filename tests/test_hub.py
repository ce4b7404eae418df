"""A room of trainees on a real JupyterHub (issue 14): deploy/jupyterhub_config.py with the dummy
authenticator and the local spawner, configurable-http-proxy from npm, the course handed out by its
nbgitpuller link from a local git repository.

N trainees (``COURSE_HUB_TRAINEES``, default 4) log in through the hub's login form, start a server,
open the link, run exercises/03_servqual.ipynb with their own answers in a kernel over the websocket,
save it, read their check results, and log out. Meanwhile trainee 1's kernel is killed mid-exercise,
the hub is stopped and started again at the midpoint, and the instructor publishes an update that the
trainees pull by clicking the link again. Then ``service-course progress`` reads the room's homes.

Needs the ``hub`` extra and the proxy: ``bash .ci/install-hub.sh``. Skipped when they are missing,
unless ``COURSE_HUB_REQUIRED=1`` (CI), where a missing piece fails the test.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import re
import time

import pytest

import hub_helpers as hh

N = int(os.environ.get("COURSE_HUB_TRAINEES", "4"))
VICTIM = 1


@pytest.fixture(scope="module")
def room_run(tmp_path_factory):
    reason = hh.missing()
    if reason:
        if os.environ.get("COURSE_HUB_REQUIRED") == "1":
            pytest.fail(f"COURSE_HUB_REQUIRED=1 but {reason}")
        pytest.skip(reason)
    workdir = tmp_path_factory.mktemp("hub")
    room = hh.Room(workdir)
    t0 = time.perf_counter()
    try:
        room.start()
        sc = hh.Scenario(n=N, kill=VICTIM, restart_hub=True, update=True)
        # in a thread of its own: the browser tests' Playwright driver keeps an event loop running in
        # this process's main thread when they share a pytest-xdist worker
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            result = pool.submit(lambda: asyncio.run(asyncio.wait_for(hh.run_room(room, sc), 900))).result()
        result.events["total_s"] = time.perf_counter() - t0
        yield room, result
    except BaseException:
        print(room.log_tail(80))
        raise
    finally:
        room.close()
        print(f"hub test: {N} trainees, {time.perf_counter() - t0:.1f} s wall")


def _answers(nb: dict) -> dict[str, str]:
    out = {}
    for cell in nb["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        task = hh.check_id(source)
        if cell["cell_type"] == "code" and task:
            out[task] = source
    return out


@pytest.mark.hub
@pytest.mark.notebook
def test_no_request_failed(room_run):
    room, result = room_run
    assert result.failures == []
    assert all("done" in t.times for t in result.trainees)


@pytest.mark.hub
@pytest.mark.notebook
def test_each_trainee_has_a_home_and_single_threaded_kernels(room_run):
    room, result = room_run
    for t in result.trainees:
        assert t.kernel_env["HOME"] == str(room.home(t.name))
        assert {k: t.kernel_env[k] for k in hh.THREAD_VARS} == hh.THREAD_VARS


@pytest.mark.hub
@pytest.mark.notebook
def test_each_saved_notebook_holds_exactly_its_trainees_answers(room_run):
    room, result = room_run
    for t in result.trainees:
        mine = t.own_answers(t.saved)
        assert _answers(t.saved) == mine, t.name              # read back through the contents API
        on_disk = json.loads((room.home(t.name) / hh.COURSE_FOLDER / hh.EXERCISE).read_text(encoding="utf-8"))
        assert _answers(on_disk) == mine, t.name               # in the trainee's own home folder
        authors = {int(k) for k in re.findall(r"# answer of trainee (\d+)", json.dumps(on_disk))}
        assert authors == {t.k}, f"{t.name}'s notebook holds answers of trainees {authors - {t.k}}"
        assert len({src for src in mine.values()}) == len(mine)


@pytest.mark.hub
@pytest.mark.notebook
def test_check_results_match_each_trainees_answers(room_run):
    room, result = room_run
    for t in result.trainees:
        got_kernel = {task: rec["status"] for task, rec in t.checks.items()}
        assert got_kernel == t.plan, t.name                    # from the kernel's outputs
        saved = {}
        for cell in t.saved["cells"]:
            if cell["cell_type"] == "code" and hh.check_id(cell["source"]):
                saved[hh.check_id(cell["source"])] = (hh.read_check(cell["outputs"]) or {}).get("status")
        assert saved == t.plan, t.name                         # from the saved notebook (REST)
        for task, status in t.plan.items():
            assert t.checks[task]["hint_shown"] == (status == "fail")
    # the trainees' answers differ: no two notebooks are the same
    assert len({json.dumps(_answers(t.saved), sort_keys=True) for t in result.trainees}) == N


@pytest.mark.hub
@pytest.mark.notebook
def test_killed_kernel_restarts_and_finishes_others_unaffected(room_run):
    room, result = room_run
    victim = next(t for t in result.trainees if t.k == VICTIM)
    assert "killed" in victim.times and victim.deaths == 1
    assert victim.times["killed"] < victim.times["recovered"] < victim.times["done"]
    assert len(victim.kernel_pids) == 2 and victim.kernel_pids[0] != victim.kernel_pids[1]
    assert victim.checks and {r["status"] for r in victim.checks.values()} <= set(hh.STATUSES)
    for t in result.trainees:
        if t.k != VICTIM:
            assert t.deaths == 0 and len(t.kernel_pids) == 1 and len(t.kernel_ids) == 1, t.name


@pytest.mark.hub
@pytest.mark.notebook
def test_hub_restart_keeps_servers_and_work(room_run):
    room, result = room_run
    ev = result.events
    assert ev["hub_stopped"] and room.hub_starts == 2
    before, after = ev["servers_before"], ev["servers_after"]
    assert set(before) == set(after) == {t.name for t in result.trainees}
    for name in before:
        assert after[name]["ready"] and after[name]["url"] == before[name]["url"]
        assert after[name]["state"]["pid"] == before[name]["state"]["pid"]
    for t in result.trainees:
        assert "ran_while_hub_down" in t.times            # a cell ran through the proxy meanwhile
        # the kernel kept its state: the cells after the restart use data loaded before it
        assert t.checks["servqual.what_first"]["status"] == t.plan["servqual.what_first"]


@pytest.mark.hub
@pytest.mark.notebook
def test_update_keeps_trainees_edits_and_brings_new_files(room_run):
    room, result = room_run
    update = result.events["update"]
    for t in result.trainees:
        assert _answers(t.after_update) == t.own_answers(t.saved), t.name     # edits kept
        assert "Break at 10:15" in t.update_seen["notes"]                       # new file arrived
        assert "updated for the workshop" in t.update_seen["readme"]           # changed file arrived
        last = t.after_update["cells"][-1]["source"]
        # the exercise's last cell: changed upstream, untouched by the trainee → merged in
        assert update["exercise_tail"] in last, t.name


@pytest.mark.hub
@pytest.mark.notebook
def test_progress_reads_the_rooms_homes(room_run, capsys):
    """The room view on the hub's home folders (a glob, as an instructor types it) counts what each
    trainee's checks said; names stay hidden."""
    from course_lib.cli import main
    from course_lib.commands import progress

    room, result = room_run
    pattern = str(room.homes / "*" / hh.COURSE_FOLDER / "exercises" / "*.ipynb")
    view = progress.read_room([pattern])
    assert sorted(view.trainees) == sorted(t.name for t in result.trainees)
    rows = {row.task: row for row in view.rows("servqual")}
    assert list(rows) == hh.TASKS
    for task, row in rows.items():
        plans = [t.plan[task] for t in result.trainees]
        assert (row.trainees, row.right, row.stuck, row.unanswered) == (
            N, plans.count("pass"), plans.count("fail"), plans.count("unanswered")), task
    capsys.readouterr()
    out_html = room.workdir / "room.html"
    assert main(["progress", pattern, "--html", str(out_html), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert f"Exercise 03_servqual: {N} trainees" in text
    for shown in (text, out_html.read_text(encoding="utf-8")):
        assert not any(t.name in shown for t in result.trainees)


# --------------------------------------------------------------------------- the deploy files (fast)
def _load_config(monkeypatch, tmp_path, **env):
    from traitlets.config.loader import PyFileConfigLoader

    for key in [k for k in os.environ if k.startswith("COURSE_HUB_") or k == "CONFIGPROXY_AUTH_TOKEN"]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return PyFileConfigLoader(hh.DEPLOY_CONFIG.name, path=str(hh.DEPLOY_CONFIG.parent)).load_config()


def test_deploy_config_defaults_are_a_workshop_hub(monkeypatch, tmp_path):
    c = _load_config(monkeypatch, tmp_path, COURSE_HUB_PASSWORD="workshop-2026")
    assert c.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner" and c.SystemdSpawner.dynamic_users
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "workshop-2026"
    assert c.Spawner.mem_limit == "1G" and c.Spawner.cpu_limit == 1.0
    assert c.JupyterHub.cleanup_servers is False                       # a hub restart keeps servers
    assert {k: c.Spawner.environment[k] for k in hh.THREAD_VARS} == hh.THREAD_VARS
    (culler,) = [s for s in c.JupyterHub.services if s["name"] == "idle-culler"]
    assert "--timeout=5400" in culler["command"] and culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    (role,) = c.JupyterHub.load_roles
    assert role["services"] == ["idle-culler"] and "delete:servers" in role["scopes"]
    assert "should_start" not in c.ConfigurableHTTPProxy                # no external proxy token: hub starts it


def test_deploy_config_external_proxy_local_spawner_and_bad_values(monkeypatch, tmp_path):
    c = _load_config(monkeypatch, tmp_path, CONFIGPROXY_AUTH_TOKEN="x" * 64, COURSE_HUB_SPAWNER="local",
                     COURSE_HUB_HOMES=str(tmp_path), COURSE_HUB_AUTH="dummy", COURSE_HUB_MEM_LIMIT="2G")
    assert c.ConfigurableHTTPProxy.should_start is False
    assert c.JupyterHub.spawner_class == "simple"
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "{username}")
    assert c.Spawner.mem_limit == "2G" and "OPENBLAS_CORETYPE" in c.Spawner.env_keep
    with pytest.raises(ValueError, match="COURSE_HUB_SPAWNER"):
        _load_config(monkeypatch, tmp_path, COURSE_HUB_SPAWNER="docker")


def test_z2jh_values_agree_with_the_single_machine_config(monkeypatch, tmp_path):
    """Both deployments give a trainee the same limits, threads and culling (from the same measurements)."""
    import yaml

    values = yaml.safe_load((hh.ROOT / "deploy" / "z2jh-values.yaml").read_text(encoding="utf-8"))
    c = _load_config(monkeypatch, tmp_path)
    su = values["singleuser"]
    assert su["memory"]["limit"] == c.Spawner.mem_limit and float(su["cpu"]["limit"]) == c.Spawner.cpu_limit
    assert {k: su["extraEnv"][k] for k in hh.THREAD_VARS} == hh.THREAD_VARS
    assert values["cull"]["enabled"] and f"--timeout={values['cull']['timeout']}" in c.JupyterHub.services[0]["command"]
    assert su["defaultUrl"] == c.Spawner.default_url == "/lab"
    dockerfile = (hh.ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert "environment.yml" in dockerfile and "nbgitpuller" in dockerfile


@pytest.mark.hub
@pytest.mark.notebook
def test_idle_culler_runs_with_its_role(room_run):
    """The culler service of deploy/jupyterhub_config.py starts with the hub and may read the users
    (its first pass runs at once): its role and token work. Culling itself is the culler's own logic."""
    room, result = room_run
    log = (room.workdir / "hub.log").read_text(errors="replace")
    assert "Starting managed service idle-culler" in log
    assert re.search(r"\] 200 GET /hub/api/users\S* \(idle-culler@127\.0\.0\.1\)", log)
    assert not re.search(r"\] 40[13] \S+ /hub/api/\S* \(idle-culler@", log)
