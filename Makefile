# The two commands of the README: `make run` and `make test`. Each sets up .venv if missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test bench dist bundle lint i18n-extract i18n-update clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/clinic-app

test: $(STAMP_TEST)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q --durations=8

# mypy takes its settings from pyproject.toml: strict, relaxed only where stubs fall short.
lint: $(STAMP_TEST)
	$(BIN)/ruff check clinic_app curriculum screening tests bench
	$(BIN)/mypy clinic_app curriculum screening

bench: $(STAMP_TEST)
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/run_all.py

dist: $(STAMP_TEST)
	$(BIN)/python -m pip install --quiet build
	$(BIN)/python -m build --wheel --outdir dist .

# A one-folder bundle that runs without Python (PyInstaller): dist/clinic-app/ and, on
# Linux, dist/clinic-app-VERSION-linux-ARCH.tar.gz. See docs/install.md.
STAMP_BUNDLE := $(VENV)/.installed-bundle

$(STAMP_BUNDLE): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bundle]'
	touch $@

bundle: $(STAMP_BUNDLE)
	$(BIN)/python packaging/build.py

# Refresh translations/messages.pot from the source, then merge it into each .po.
i18n-extract: $(STAMP_TEST)
	$(BIN)/python -m clinic_app.i18n_catalogs extract

i18n-update: i18n-extract
	$(BIN)/python -m clinic_app.i18n_catalogs update

clean-venv:
	rm -rf $(VENV)
