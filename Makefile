# The two commands of the README. Each needs only Python 3.10 or newer and make.
#   make course   create .venv, install what a student needs (once), open the course in JupyterLab
#   make test     create .venv, install that and the test tools (once), run every test
# For teachers (docs/teaching.md):
#   make student  write build/student/: the notebooks without their solutions, for a class
#   make slides   write build/slides/: a reveal.js deck per notebook, for a lecture (works offline)
#   make site     write build/site/: the course as a JupyterLite site, every notebook running in the
#                 browser with no server; publish it by copying the folder to any static web host
#                 (STUDENT=1: the student copies)
#   make html     write build/html/: a web page per notebook, for a screen reader or a browser without
#                 Python (works offline; docs/teaching.md, "Accessibility")
# All install the exact, hash-checked versions of locks/ (the course's outputs were made with them), and
# are remembered by stamp files in .venv, redone when a lock or pyproject.toml changes.
# For authors, after editing a notebook or its chapter module (CONTRIBUTING.md):
#   make notebooks ONLY=04   regenerate what the tools write into notebook 04 (ONLY="04 05": several;
#                            no ONLY: all), executing it; CHECK=1: change nothing, name what is stale
# For maintainers:
#   make lock     recompile locks/ from requirements.txt and pyproject.toml with upgrades, reinstall, rerun nbval
#   make release  tag this commit v + gdcore's version: the release every link and install names
#                 (tools/release.py says the steps; CONTRIBUTING.md, "Releases")
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
COURSE_STAMP := $(VENV)/.installed-course
# The course opens at chapter 00, whatever its name (gdcore/course.py lists the chapters).
START := $(firstword $(wildcard notebooks/00_*.ipynb))
TEST_STAMP   := $(VENV)/.installed-test
# The ranges of requirements.txt and pyproject.toml, resolved once by `make lock` to exact versions with
# hashes. course.txt is what a student (and Binder: binder/requirements.txt is a copy) gets; test.txt adds
# the test tools, and is compiled first so that course.txt can be held to its versions.
COURSE_LOCK := locks/course.txt
TEST_LOCK   := locks/test.txt
UV_VERSION  := 0.13.9
# One lock for every Python from requires-python's 3.10 up, on every platform: where a library has dropped
# an older Python, a marker picks the version for each. Only PyPI, whatever pip.conf adds on this machine.
UV_COMPILE  := $(BIN)/uv pip compile --universal --python-version 3.10 --generate-hashes \
               --default-index https://pypi.org/simple --custom-compile-command "make lock" --quiet
# `make lock LOCK_UPGRADE=` recompiles keeping every version it can (after adding a dependency, say).
LOCK_UPGRADE ?= --upgrade

# JupyterLab reads its default settings from tools/lab-settings/overrides.json (no "news" pop-up in
# front of the class); tools/lab_harness.py starts the test server with the same folder.
LAB_FLAGS := "--LabApp.app_settings_dir=$(CURDIR)/tools/lab-settings"
ifeq ($(shell id -u),0)
  # As root (a container, a cloud VM) Jupyter stops with "Running as root is not recommended".
  LAB_FLAGS += --allow-root
  ROOT_NOTE := @echo "make course: running as root (as in a container or cloud VM), so JupyterLab gets --allow-root, without which it refuses to start."
endif

.PHONY: course test install lock images benchmark student slides html site release

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The package itself without its dependencies: the lock already holds them, at the versions it says.
# gdcore/__init__.py holds the version, which the installed package's metadata repeats.
$(COURSE_STAMP): $(COURSE_LOCK) pyproject.toml gdcore/__init__.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(COURSE_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(TEST_STAMP): $(COURSE_STAMP) $(TEST_LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(TEST_LOCK)
	touch $@

course: $(COURSE_STAMP)
	$(ROOT_NOTE)
	$(BIN)/jupyter lab $(LAB_FLAGS) $(START)

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check gdcore tests tools benchmarks
	$(BIN)/mypy
	MPLCONFIGDIR=$$(mktemp -d) $(BIN)/python -m pytest

install: $(TEST_STAMP)

# New versions for next term: recompile both locks, copy the course's for Binder, install them here, and
# rerun every notebook with nbval. If nbval fails, a new version changed an output: rerun that notebook.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) $(LOCK_UPGRADE) requirements.txt pyproject.toml --extra test --extra site -o $(TEST_LOCK)
	$(UV_COMPILE) requirements.txt pyproject.toml --constraint $(TEST_LOCK) -o $(COURSE_LOCK)
	cp $(COURSE_LOCK) binder/requirements.txt
	$(MAKE) $(TEST_STAMP)
	MPLCONFIGDIR=$$(mktemp -d) $(BIN)/python -m pytest -p no:cacheprovider -q notebooks

# Student copies in build/student/: no solutions, an empty cell before each self-check. Their Colab and
# Binder badges point at STUDENT_REPO (USER/REPO on GitHub, where you publish them), if given.
STUDENT_BRANCH ?= main
student: $(COURSE_STAMP)
	$(BIN)/python tools/make_student.py$(if $(STUDENT_REPO), --repo $(STUDENT_REPO) --branch $(STUDENT_BRANCH))

images: $(COURSE_STAMP)
	MPLCONFIGDIR=$$(mktemp -d) $(BIN)/python tools/make_images.py

# The first build downloads reveal.js, MathJax and require.js from the npm registry (pinned, into
# ~/.cache/gdcore-course/); the decks then open from the disk, without the network.
slides: $(COURSE_STAMP)
	$(BIN)/python tools/make_slides.py build/slides

# The first build downloads Pyodide and its packages' wheels (pinned and sha256-checked, into
# ~/.cache/gdcore-course/); later builds need no network. Its tools (jupyterlite) are in the test lock.
site: $(TEST_STAMP)
	$(BIN)/python tools/make_site.py build/site$(if $(STUDENT), --student)

# The notebooks as they were executed, one accessible page each, with MathJax from the same cache.
html: $(COURSE_STAMP)
	$(BIN)/python tools/make_html.py build/html

# The self-check cells, execution in a fresh kernel (nbclient, installed with JupyterLab), navigation
# and badges, slide metadata: in that order, by tools/build_notebooks.py.
.PHONY: notebooks
notebooks: $(COURSE_STAMP)
	$(BIN)/python tools/build_notebooks.py$(if $(CHECK), --check)$(if $(ONLY), $(ONLY))

benchmark: $(TEST_STAMP)
	$(BIN)/python benchmarks/descent_speed.py

release: $(COURSE_STAMP)
	$(BIN)/python tools/release.py
