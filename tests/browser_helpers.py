"""Helpers for tests/test_browser.py: JupyterLab in a subprocess, a lesson page in headless Chromium.

Nothing here is a test; the fixtures and the assertions live in ``test_browser.py``.

* :class:`LabServer` starts JupyterLab from the project venv on a free 127.0.0.1 port with a random
  token, in a scratch folder that holds a *copy* of the lessons (autosave off: the committed notebooks
  are never touched), with the plugins that call out to the network (news/announcements, extension
  manager) disabled, and stops it (and its kernels) again.
* :class:`LessonPage` drives one notebook tab: open it, run all cells, find a widget cell, set a control
  through the DOM (a slider's editable readout, a ``<select>``) and read back what the widget's output
  area shows (tables as text, ``text/plain`` outputs as text).
* :func:`widget_cells` finds the lessons' widget cells: code cells that call a ``course_lib`` function
  which builds its widget with :func:`course_lib.widgets.live`.

Every wait is on a DOM or server state with a deadline; there is no fixed sleep.
"""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTEFACTS = ROOT / ".course_runs" / "browser"   # screenshots and server logs (git-ignored)

# Frontend plugins that call out to the network; switched off through labconfig/page_config.json.
NETWORK_PLUGINS = ("@jupyterlab/extensionmanager-extension", "@jupyterlab/apputils-extension:announcements")
# User settings for the scratch server: no autosave (belt and braces: the lessons are copies anyway),
# every cell in the DOM (no windowing), no news or update checks.
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                           "checkForUpdates": False},
}


def fontconfig_file(workdir: Path) -> Path:
    """A fontconfig file: the system's fonts plus the course's CJK font, so that Chinese text in the
    lessons renders in Chromium's screenshots without a system CJK font package."""
    workdir.mkdir(parents=True, exist_ok=True)
    conf = workdir / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f'  <dir>{ROOT / "course_lib" / "fonts"}</dir>\n'
        f'  <cachedir>{workdir / "fontcache"}</cachedir>\n</fontconfig>\n', encoding="utf-8")
    return conf


def lab_python() -> Path:
    """The interpreter that runs JupyterLab: the project venv's, else the one running pytest."""
    venv = ROOT / ".venv" / "bin" / "python"
    return venv if venv.exists() else Path(sys.executable)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- which lessons have widgets
def widget_functions() -> dict[str, set[str]]:
    """``{module: {function, …}}`` for every course_lib function whose body calls ``live(...)``."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "course_lib").rglob("*.py")):
        rel = path.relative_to(ROOT / "course_lib")
        if path.name == "__init__.py" or rel.as_posix() == "widgets.py":
            continue
        module = rel.parts[0] if len(rel.parts) > 1 else path.stem  # a concept package's widgets.py → the package
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", None)) == "live"
                    for n in ast.walk(node)):
                found.setdefault(module, set()).add(node.name)
    return found


@dataclass(frozen=True)
class WidgetCell:
    notebook: Path      # the lesson (in the repository)
    index: int          # position of the cell in the notebook
    function: str       # "module.function", e.g. "standards.staffing_widget"
    source: str


def _module_aliases(tree: ast.AST) -> dict[str, str]:
    """Names under which a notebook refers to course_lib modules: ``{"st": "standards", …}``."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "course_lib":
            for a in node.names:
                aliases[a.asname or a.name] = a.name
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("course_lib."):
                    aliases[a.asname or a.name] = a.name.split(".", 1)[1]
    return aliases


def widget_cells(notebooks: list[Path]) -> list[WidgetCell]:
    """The code cells of ``notebooks`` that call a course_lib widget function (see :func:`widget_functions`)."""
    import nbformat

    functions = widget_functions()
    cells: list[WidgetCell] = []
    for nb_path in notebooks:
        nb = nbformat.read(nb_path, as_version=4)
        code = [(i, c.source) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        aliases: dict[str, str] = {}
        for i, src in code:
            try:
                tree = ast.parse(src)
            except SyntaxError:  # cell magics and the like: not a widget call
                continue
            aliases.update(_module_aliases(tree))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                owner = node.func.value
                if isinstance(owner, ast.Name):
                    module = aliases.get(owner.id)
                elif isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name):
                    module = owner.attr if owner.value.id in {"cl", "course_lib"} else None
                else:
                    module = None
                if module and node.func.attr in functions.get(module, ()):
                    cells.append(WidgetCell(nb_path, i, f"{module}.{node.func.attr}", src))
    return cells


def notebook_parameters(nb_path: Path) -> dict:
    """The default values of the cell tagged ``parameters`` (plain assignments of literals)."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    values: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign):
                    value = ast.literal_eval(node.value)
                    for target in node.targets:
                        values[target.id] = value
    return values


# --------------------------------------------------------------------------- the JupyterLab server
def browser_missing() -> str | None:
    """Why a real-browser test cannot run here (no Chromium, no playwright), or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found: install Debian's chromium (.ci/install-browser.sh)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed: run .ci/install-browser.sh (pip install playwright)"
    return None


def _without_outputs(notebook: Path) -> dict:
    """The notebook with its committed outputs cleared: the tests run every cell anyway, and JupyterLab
    opens a lesson without its dozens of committed figures in a fraction of the time."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return nb


@dataclass
class LabServer:
    """A JupyterLab in a scratch folder; ``start()`` waits until it answers, ``stop()`` ends it and its kernels."""

    workdir: Path
    notebooks: list[Path]
    startup_timeout: float = 90.0
    port: int = 0
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def root_dir(self) -> Path:
        return self.workdir / "lab"

    @property
    def log_path(self) -> Path:
        return self.workdir / "jupyterlab.log"

    @staticmethod
    def lab_path(notebook: Path) -> str:
        """Where the server has its copy of ``notebook``, relative to its root: the path in the repository
        (``notebooks/03_servqual.ipynb``, ``zh/notebooks/03_servqual.ipynb``), so that the editions do not
        collide and a lesson's relative links (``../exercises/…``) point where they point in the course."""
        path = Path(notebook).resolve()
        return (path.relative_to(ROOT) if path.is_relative_to(ROOT) else Path(path.name)).as_posix()

    def _prepare(self) -> dict[str, str]:
        for sub in ("lab", "config/labconfig", "settings", "workspaces", "runtime", "data", "ipython"):
            (self.workdir / sub).mkdir(parents=True, exist_ok=True)
        for nb in self.notebooks:  # the repository's layout: zh/notebooks/x.ipynb beside notebooks/x.ipynb
            target = self.root_dir / self.lab_path(nb)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(_without_outputs(nb)), encoding="utf-8")
        page_config = {"disabledExtensions": {name: True for name in NETWORK_PLUGINS}}
        (self.workdir / "config/labconfig/page_config.json").write_text(json.dumps(page_config), encoding="utf-8")
        for rel, value in USER_SETTINGS.items():
            target = self.workdir / "settings" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(value), encoding="utf-8")
        env = dict(os.environ)
        env.update({
            "PATH": f"{lab_python().parent}{os.pathsep}{env.get('PATH', '')}",
            "JUPYTER_CONFIG_DIR": str(self.workdir / "config"),
            "JUPYTER_RUNTIME_DIR": str(self.workdir / "runtime"),
            "JUPYTER_DATA_DIR": str(self.workdir / "data"),
            "IPYTHONDIR": str(self.workdir / "ipython"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "COURSE_WARNINGS": "error",      # as the notebook runner does for every kernel
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        })
        env.pop("MPLBACKEND", None)          # the kernel must use the inline backend
        return env

    def command(self) -> list[str]:
        return [str(lab_python()), "-m", "jupyterlab", "--no-browser",
                "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root_dir}",
                "--ServerApp.terminals_enabled=False",
                "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                "--LabApp.extension_manager=readonly",
                f"--LabApp.user_settings_dir={self.workdir / 'settings'}",
                f"--LabApp.workspaces_dir={self.workdir / 'workspaces'}",
                "--LabApp.expose_app_in_browser=True",
                *(["--ServerApp.allow_root=True"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])]

    def start(self) -> "LabServer":
        env = self._prepare()
        last = ""
        for _attempt in range(3):  # the free port may be taken between probing and binding: retry
            self.port = free_port()
            log = self.log_path.open("ab")
            self.process = subprocess.Popen(self.command(), cwd=self.root_dir, env=env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
            log.close()
            deadline = time.monotonic() + self.startup_timeout
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    break
                try:
                    self.api("GET", "/api/status", timeout=2)
                    return self
                except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                    pass
                try:  # poll the server's status (returns early when the process exits)
                    self.process.wait(timeout=0.25)
                except subprocess.TimeoutExpired:
                    pass
            last = self.log_tail()
            self.stop()
            if "already in use" not in last:  # only a lost port race is worth another try
                break
        raise RuntimeError(f"JupyterLab did not start; its log ends with:\n{last}")

    def api(self, method: str, path: str, timeout: float = 10):
        req = urllib.request.Request(self.base_url + path, method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """End every kernel session (between lessons: each lesson starts on a fresh kernel)."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        try:
            self.api("POST", "/api/shutdown", timeout=5)
            proc.wait(timeout=15)
        except Exception:  # noqa: BLE001 - any failure: fall back to signals
            pass
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            if proc.poll() is not None:
                break
            try:
                os.killpg(proc.pid, sig)   # the server's own process group: it and its kernels
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
        # kernels live in the server's process group; end any that outlived a clean shutdown
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def call_arguments(cell: WidgetCell, names: dict) -> tuple[list, dict]:
    """Positional and keyword arguments of the widget call in ``cell``: literals evaluated, plain names
    looked up in ``names`` (e.g. the notebook's parameters); anything else is left as ``ast`` source text."""
    module, function = cell.function.split(".")
    for node in ast.walk(ast.parse(cell.source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == function:
            break
    else:  # pragma: no cover - widget_cells found it
        raise LookupError(f"no call of {function} in cell {cell.index} of {cell.notebook.name}")

    def value(expr):
        if isinstance(expr, ast.Name) and expr.id in names:
            return names[expr.id]
        try:
            return ast.literal_eval(expr)
        except ValueError:
            return ast.unparse(expr)

    return [value(a) for a in node.args], {k.arg: value(k.value) for k in node.keywords}


# --------------------------------------------------------------------------- the page
# Reads what a widget's output area shows: every pandas table (row label → column → cell text) and every
# text/plain output (a pandas Series prints as "label   value" lines, read into column "").
_JS_READ = r"""
(el) => {
  const tables = [...el.querySelectorAll("table.dataframe")].map((t) => {
    const head = t.querySelector("thead tr");
    const cols = head ? [...head.querySelectorAll("th, td")].slice(1).map((c) => c.textContent.trim()) : [];
    const rows = {};
    for (const tr of t.querySelectorAll("tbody tr")) {
      const label = [...tr.querySelectorAll("th")].map((c) => c.textContent.trim()).join(" / ");
      const cells = [...tr.querySelectorAll("td")].map((c) => c.textContent.trim());
      rows[label] = Object.fromEntries(cols.map((c, i) => [c, cells[i]]));
    }
    return rows;
  });
  const texts = [...el.querySelectorAll('[data-mime-type="text/plain"] pre')].map((p) => p.textContent);
  for (const text of texts) {
    const rows = {};
    for (const line of text.split("\n")) {
      const m = line.match(/^(\S.*?)\s{2,}(\S+)\s*$/);
      if (m) rows[m[1].trim()] = { "": m[2] };
    }
    if (Object.keys(rows).length) tables.push(rows);
  }
  return { tables, texts, images: el.querySelectorAll('[data-mime-type="image/png"] img').length };
}
"""

# True when some table in the output shows every expected cell: [row, column, value, tol] with a number
# (|shown − value| ≤ tol; tol null: the rounding of the display, 5e-4 as cl.setup() shows 3 decimals, or
# half a unit of the mantissa's last digit in scientific notation), a string (shown exactly) or null (NaN).
_JS_MATCHES = r"""
(shown, expected) => shown.tables.some((rows) => expected.every(([row, col, value, tol]) => {
  const text = rows[row] && rows[row][col];
  if (text === undefined) return false;
  if (value === null) return text === "NaN";
  if (typeof value === "string") return text === value;
  const x = Number(text);
  if (!Number.isFinite(x)) return false;
  const decimals = (text.split("e")[0].split(".")[1] || "").length;
  const rounding = text.includes("e") ? Math.abs(x) * 10 ** -decimals / 2 : 5e-4;
  return Math.abs(x - value) <= (tol ?? rounding + 1e-9);
}))
"""


def mismatches(shown: dict, expected: list) -> list[str]:
    """Python twin of the in-page matcher, for the failure message: the expected cells that the
    closest table shows differently (empty when some table matches)."""
    import math

    def ok(rows, row, col, value, tol):
        text = rows.get(row, {}).get(col)
        if text is None:
            return False
        if value is None:
            return text == "NaN"
        if isinstance(value, str):
            return text == value
        try:
            x = float(text)
        except ValueError:
            return False
        decimals = len((text.split("e")[0].split(".") + [""])[1])
        rounding = abs(x) * 10 ** -decimals / 2 if "e" in text else 5e-4
        return math.isfinite(x) and abs(x - value) <= (tol if tol is not None else rounding + 1e-9)

    best: list[str] | None = None
    for rows in shown["tables"] or [{}]:
        bad = [f"[{row!r}, {col!r}] shows {rows.get(row, {}).get(col)!r}, expected {value!r}"
               for row, col, value, tol in expected if not ok(rows, row, col, value, tol)]
        if best is None or len(bad) < len(best):
            best = bad
    return best or []


# --------------------------------------------------------------------------- visible labels and glyphs
# What a widget shows as labels: its title (an HTML child outside the output area), every control's
# description, every option of a <select> (Dropdown, SelectMultiple), and in its output area every
# table's header cells (column labels, index name, row labels) and the labels of text/plain
# "label   value" lines (a pandas Series). Figures are PNG images: their titles are not DOM text.
_JS_LABELS = r"""
(root) => {
  const outside = (el) => el.closest(".widget-output") === null;
  const text = (el) => el.textContent.replace(/\s+/g, " ").trim();
  const out = [];
  const add = (kind, els) => { for (const el of els) { const t = text(el); if (t) out.push([kind, t]); } };
  add("title", [...root.querySelectorAll(".widget-html, .widget-htmlmath")].filter(outside));
  add("description", [...root.querySelectorAll("label.widget-label")].filter(outside));
  add("option", [...root.querySelectorAll("select option")].filter(outside));
  add("column", root.querySelectorAll(".widget-output table.dataframe thead th"));
  add("row", root.querySelectorAll(".widget-output table.dataframe tbody th"));
  for (const pre of root.querySelectorAll('.widget-output [data-mime-type="text/plain"] pre')) {
    for (const line of pre.textContent.split("\n")) {
      const m = line.match(/^(\S.*?)\s{2,}(\S+)\s*$/);
      if (m) out.push(["row", m[1].trim()]);
    }
  }
  return out;
}
"""

#: A Chinese label has at least one CJK ideograph (unified, extension A, compatibility, extensions B+).
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
#: Tokens that need no translation: numbers, symbols and abbreviations in capitals (E, P, P−E, NPS,
#: SERVQUAL), a single letter (n), identifiers (p_wait, give_bags), codes with digits (S08, Q3), punctuation.
_CODE_TOKEN = re.compile(r"""
    [-+−–]?\d[\d.,]*(e[-+]?\d+)?%?              # a number: 12, 0.95, -3, 1.2e-05, 45%
  | [A-Z][A-Z0-9]*(?:[−–\-/&][A-Z0-9]+)*        # capitals: E, NPS, SERVQUAL, P−E, Q&A
  | [A-Za-z]                                   # a one-letter symbol: n, x
  | [A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+     # an identifier: p_wait, asa_seconds, give_bags
  | [A-Za-z]+\d[A-Za-z0-9]*                    # a code with digits: S08, T2
  | [^\w]+                                     # punctuation and symbols only: —, (, %, ·
""", re.VERBOSE)
_TOKENS = re.compile(r"[^\s()（）\[\]:：,，;；/·]+")


def untranslated(label: str) -> bool:
    """True when ``label`` should be Chinese in the Chinese edition but is not.

    The rule: a label is Chinese when it contains a CJK ideograph. One without any is still fine when
    every token of it (split at spaces and brackets, colons, commas, slashes) is a code or a number in
    the sense of ``_CODE_TOKEN``; a single word of English makes it untranslated ("差距 P−E", "E",
    "p_wait", "S08" pass; "gap", "first visit", "Reliability E" do not: see test_browser.py).
    """
    text = label.strip()
    if not text or CJK.search(text):
        return False
    return not all(_CODE_TOKEN.fullmatch(token) for token in _TOKENS.findall(text))


# Which characters of an element have no glyph in any font the browser can use. document.fonts.check()
# cannot tell: it answers true for any text whose font is not a web font still loading (it does for a
# Private Use Area code point); and widths cannot tell either (the course font's missing-glyph box is
# 1 em wide, exactly as wide as every ideograph). So each distinct character is drawn on a canvas, in
# the font its element computes (family list, style and weight; at 32 px), and its pixels are compared
# with those of characters no font has (U+0378, unassigned, and U+10FFFD, private use): Chromium draws
# every character that no font covers as the same missing-glyph box ("tofu"), and an identical picture
# means a missing glyph. A printable character that leaves no ink at all counts as missing too.
_JS_GLYPHS = r"""
(items) => {
  const size = 64, canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const draw = (font, ch) => {
    ctx.clearRect(0, 0, size, size);
    ctx.font = "10px serif";
    ctx.font = font;
    if (!ctx.font.includes("32px")) throw new Error(`the canvas refused the font ${font}`);
    ctx.fillStyle = "#000"; ctx.textBaseline = "middle";
    ctx.fillText(ch, 4, size / 2);
    const alpha = ctx.getImageData(0, 0, size, size).data.filter((_, i) => i % 4 === 3);
    return { key: alpha.join(","), ink: alpha.some((a) => a > 0) };
  };
  const skip = /[\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
  const missing = [];
  for (const [font, text, where] of items) {
    const tofu = draw(font, "\u0378"), other = draw(font, "\u{10FFFD}");
    if (tofu.key !== other.key || !tofu.ink)
      throw new Error(`cannot tell the missing-glyph box in ${font}: the reference characters differ`);
    for (const ch of new Set(text)) {
      if (skip.test(ch)) continue;
      const got = draw(font, ch);
      if (got.key === tofu.key || !got.ink)
        missing.push({ char: ch, code: "U+" + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0"),
                       font, where, blank: !got.ink });
    }
  }
  return missing;
}
"""

# The text of an element (its text nodes, <option>s included) grouped by the font each is drawn in.
_JS_TEXT_BY_FONT = r"""
(root) => {
  const byFont = new Map();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("style, script") || !node.textContent.trim()) continue;
    const s = getComputedStyle(el);
    const font = `${s.fontStyle} ${s.fontWeight} 32px ${s.fontFamily}`;
    const entry = byFont.get(font) || { text: "", where: el.tagName.toLowerCase() + "." + [...el.classList].join(".") };
    entry.text += node.textContent;
    byFont.set(font, entry);
  }
  return [...byFont].map(([font, e]) => [font, e.text, e.where]);
}
"""


def missing_glyphs(page, element=None, texts: list[tuple[str, str]] | None = None) -> list[dict]:
    """The characters drawn as missing-glyph boxes: of ``element``'s text (each in its element's font),
    or of ``texts`` given as ``[(css font family list, text)]``. Each: char, code, font, where, blank."""
    items = []
    if element is not None:
        items += element.evaluate(_JS_TEXT_BY_FONT)
    for family, text in texts or []:
        items.append([f"normal 400 32px {family}", text, "text"])
    return page.evaluate(_JS_GLYPHS, items) if items else []


class LessonPage:
    """One notebook tab in JupyterLab (``window.jupyterapp`` is exposed by :class:`LabServer`)."""

    def __init__(self, page, server: LabServer, notebook: str, *, timeout_s: float = 60, run_timeout_s: float = 300):
        self.page = page
        self.server = server
        self.notebook = notebook
        self.timeout_ms = timeout_s * 1000
        self.run_timeout_ms = run_timeout_s * 1000
        self.panel_id = ""
        page.set_default_timeout(self.timeout_ms)

    def open(self) -> None:
        """Open the notebook in a workspace of its own (nothing restored from an earlier test)."""
        workspace = re.sub(r"[^A-Za-z0-9_-]", "-", self.notebook.removesuffix(".ipynb"))
        self.page.goto(f"{self.server.base_url}/lab/workspaces/{workspace}/tree/{self.notebook}"
                       f"?reset&token={self.server.token}")
        # the notebook is the current widget and its kernel is connected and idle
        self.page.wait_for_function(
            """(path) => {
                 const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                 const k = w && w.context && w.context.path === path && w.sessionContext.session
                           && w.sessionContext.session.kernel;
                 return !!k && k.connectionStatus === "connected" && k.status === "idle"
                        && w.content.widgets.length > 0;
               }""", arg=self.notebook, timeout=self.run_timeout_ms)
        self.panel_id = self.page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
        # the network plugins are off (the notebook tracker, surely active, shows that the probe works)
        probe = ["@jupyterlab/notebook-extension:tracker", "@jupyterlab/extensionmanager-extension:plugin",
                 "@jupyterlab/apputils-extension:announcements"]
        active = self.page.evaluate("(ids) => ids.map((id) => window.jupyterapp.isPluginActivated(id))", probe)
        if active != [True, False, False]:
            raise AssertionError(f"plugin activation {dict(zip(probe, active))}: network plugins must be off")
        tabs = self.page.evaluate("() => [...window.jupyterapp.shell.widgets('main')].map((w) => w.title.label)")
        if tabs != [Path(self.notebook).name]:
            raise AssertionError(f"expected only {self.notebook} open, found tabs {tabs}")

    def run_all(self) -> None:
        """Run every cell and wait for the last one; raise with the error outputs if a cell failed."""
        ok = self.page.evaluate(
            """async ([ms, id]) => {
                 const app = window.jupyterapp;
                 if (app.shell.currentWidget.id !== id) throw new Error("the lesson is no longer the current tab");
                 const timeout = new Promise((_, reject) => setTimeout(
                     () => reject(new Error(`run-all-cells did not finish within ${ms / 1000} s`)), ms));
                 return await Promise.race([app.commands.execute("notebook:run-all-cells"), timeout]);
               }""", [self.run_timeout_ms, self.panel_id])
        if ok is not True:
            errors = self.page.locator(f'[id="{self.panel_id}"] '
                                       '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
            texts = [errors.nth(i).inner_text()[-1500:] for i in range(errors.count())]
            raise AssertionError(f"running all cells of {self.notebook} failed:\n" + "\n---\n".join(texts))

    def cell_count(self) -> int:
        return self.page.locator(f'[id="{self.panel_id}"] .jp-Notebook .jp-Cell').count()

    def cell(self, index: int):
        cells = self.page.locator(f'[id="{self.panel_id}"] .jp-Notebook .jp-Cell')
        return cells.nth(index)

    def widget(self, index: int):
        """The widget shown by code cell ``index`` (its outermost ipywidgets box), once rendered."""
        box = self.cell(index).locator(".jp-Cell-outputArea .jp-OutputArea-output > .jupyter-widgets").first
        box.wait_for(state="visible")
        return box

    def control(self, widget, description: str):
        """The control whose description label is exactly ``description``."""
        label = self.page.locator("label.widget-label", has_text=re.compile(rf"^\s*{re.escape(description)}\s*$"))
        found = widget.locator(".widget-inline-hbox").filter(has=label)
        if found.count() != 1:
            raise AssertionError(f"{found.count()} controls labelled {description!r} in {self.notebook}")
        return found

    def set_slider(self, widget, description: str, value) -> None:
        """Type ``value`` into the slider's editable readout and press Enter, as a user would."""
        readout = self.control(widget, description).locator(".widget-readout")
        readout.fill(str(value))
        readout.press("Enter")

    def set_text(self, widget, description: str, value) -> None:
        """Type ``value`` into a text/number box and press Enter (IntText/FloatText update on change)."""
        box = self.control(widget, description).locator("input")
        box.fill(str(value))
        box.press("Enter")

    def slider_readout(self, widget, description: str) -> str:
        return self.control(widget, description).locator(".widget-readout").inner_text().strip()

    def select(self, widget, description: str, labels) -> None:
        """Choose option label(s) of a Dropdown or SelectMultiple."""
        self.control(widget, description).locator("select").select_option(label=labels)

    def output(self, widget):
        return widget.locator(".widget-output").last

    def read(self, widget) -> dict:
        return self.output(widget).evaluate(_JS_READ)

    def labels(self, widget) -> list[tuple[str, str]]:
        """The widget's visible labels as ``(kind, text)``: see ``_JS_LABELS``."""
        return [tuple(pair) for pair in widget.evaluate(_JS_LABELS)]

    def missing_glyphs(self, widget) -> list[dict]:
        """The characters of the widget (controls and output) that no available font can draw."""
        return missing_glyphs(self.page, widget)

    def wait_for_output(self, widget, expected: list) -> dict:
        """Wait until the widget's output shows every ``expected`` cell; return what it shows."""
        handle = self.output(widget).element_handle()
        try:
            self.page.wait_for_function(
                f"([el, expected]) => ({_JS_MATCHES})(({_JS_READ})(el), expected)",
                arg=[handle, expected], timeout=self.timeout_ms)
        except Exception as err:  # noqa: BLE001 - report what is shown instead of a bare timeout
            shown = self.read(widget)
            bad = mismatches(shown, expected)
            raise AssertionError(
                f"{self.notebook}: the widget output does not show what the function returns "
                f"({len(bad)} of {len(expected)} cells differ):\n  " + "\n  ".join(bad[:15])
                + f"\nshown: {json.dumps(shown, ensure_ascii=False)[:1500]}\n({type(err).__name__})") from None
        return self.read(widget)
