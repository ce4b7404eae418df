# Service Excellence course. The two commands: `make lab` and `make test`.
# Both create .venv (if missing) and install the pinned versions first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
JOBS   ?= 2
STAMP  := $(VENV)/.installed
NB     ?=

export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Kernels (nbval's too) must use the inline backend so plots are compared as outputs.
unexport MPLBACKEND

.PHONY: lab lab-zh test test-fast outputs exercises editions catalogues datasets doctor bench clean install site

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	$(PY) -c "import matplotlib.pyplot, course_lib.style as s; s.register_font()"  # build the font cache once
	touch $(STAMP)

# Serves the whole course folder (links from lessons to ../exercises work) and opens the start page.
# Offline-friendly: no news feed; --allow-root only when run as root (containers, CI).
START ?= notebooks/00_start_here.ipynb
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/$(START) \
	    --LabApp.news_url=None \
	    $(if $(filter 0,$(shell id -u)),--allow-root,)

# The Chinese edition: the same course, opened on the Chinese start page (中文版).
lab-zh:
	$(MAKE) lab START=zh/notebooks/00_start_here.ipynb

# Library tests + doctests, nbval on lessons and solutions (strict checks), exercises and
# parameter sets executed, hygiene, links, concept map; in parallel on $(JOBS) workers.
test: $(STAMP)
	COURSE_CHECKS_STRICT=1 COURSE_WARNINGS=error \
	$(PY) -m pytest -n $(JOBS) --dist loadscope tests course_lib \
	    --nbval notebooks solutions zh/notebooks zh/solutions --nbval-sanitize-with tests/nbval_sanitize.cfg \
	    --ignore=tests/fixtures

# Library tests only (no notebooks): quick feedback while editing course_lib.
test-fast: $(STAMP)
	$(PY) -m pytest -n $(JOBS) tests course_lib -m "not notebook and not browser and not site"

# Re-execute lessons and solutions in place, both editions (make outputs NB=notebooks/03_servqual.ipynb
# for one: then only the Chinese notebooks whose text changed are re-executed), then regenerate the
# exercises from the refreshed solutions.
outputs: $(STAMP)
	$(PY) -m course_lib.cli outputs -j $(JOBS) $(NB)
	$(PY) -m course_lib.cli exercises
ifeq ($(NB),)
	$(PY) -m course_lib.cli editions --no-execute
	$(PY) -m course_lib.cli outputs -j $(JOBS) zh/notebooks zh/solutions
else
	$(PY) -m course_lib.cli editions -j $(JOBS)
endif

# The Chinese edition (zh/): rebuilt from the English notebooks and translations/zh_CN/*.po, executed.
editions: $(STAMP)
	$(PY) -m course_lib.cli editions -j $(JOBS)

# Bring the translation catalogues up to date with the English (new entries empty, changed ones fuzzy).
catalogues: $(STAMP)
	$(PY) -m course_lib.cli editions --catalogues

exercises: $(STAMP)
	$(PY) -m course_lib.cli exercises

datasets: $(STAMP)
	$(PY) datasets/generate.py
	$(PY) datasets/generate.py --readme

doctor: $(STAMP)
	$(VENV)/bin/service-course doctor

# The course website, English and Chinese, from the committed notebooks (not executed), into site/_build/html
# (skipped when nothing changed; site/build_site.py --force builds it again). No network needed.
site: $(STAMP)
	$(PY) site/build_site.py -j 1

bench: $(STAMP)
	$(PY) benchmarks/run_all.py

clean:
	rm -rf .course_runs .pytest_cache .hypothesis
