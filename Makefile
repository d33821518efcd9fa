# The two commands of the README. Each needs only Python 3.10-3.13 and make.
#   make course   create/update .venv, install, open the course in JupyterLab
#   make test     create/update .venv, install, run every test (lint, gdcore, notebooks, browser)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: course test install images benchmark

install:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e ".[test]"

course: install
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

test: install
	$(BIN)/ruff check .
	MPLCONFIGDIR=$$(mktemp -d) $(BIN)/python -m pytest

images: install
	MPLCONFIGDIR=$$(mktemp -d) $(BIN)/python tools/make_images.py

benchmark: install
	$(BIN)/python benchmarks/descent_speed.py
