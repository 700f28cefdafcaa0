# Two commands on a fresh clone: `make run` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test lint bench fuzz samples picture clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps make the install step re-run only when pyproject.toml changes.
$(VENV)/.run-stamp: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.test-stamp: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	touch $@ $(VENV)/.run-stamp

$(VENV)/.bench-stamp: pyproject.toml $(VENV)/.test-stamp
	$(PIP) install -e '.[test,bench]'
	touch $@

run: $(VENV)/.run-stamp
	$(BIN)/ascent-replay

lint: $(VENV)/.test-stamp
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -q -n 2

bench: $(VENV)/.bench-stamp
	$(BIN)/python -m bench

# Damaged and hostile files for half an hour (FUZZ_MINUTES=N for another length); the figures
# go to docs/benchmarks.md.
fuzz: $(VENV)/.test-stamp
	$(BIN)/python -m bench.fuzz

# Regenerate sample_telemetry/ (a test checks the committed files are exactly what this writes).
samples: $(VENV)/.run-stamp
	$(BIN)/python -m replay.sim.samples

# The README's pictures: the MS-04 replay just after the loss of signal, its crosshair at T+300,
# and MS-04 against M-12M (both third-stage failures) aligned at the third stage's ignition.
picture: $(VENV)/.run-stamp
	QT_QPA_PLATFORM=offscreen $(BIN)/ascent-replay snapshot sample_telemetry/progress-ms-04.csv.gz \
		--at 382.5 -o docs/images/progress-ms-04-T382.png
	QT_QPA_PLATFORM=offscreen $(BIN)/ascent-replay snapshot sample_telemetry/progress-ms-04.csv.gz \
		--at 382.5 --crosshair 300 -o docs/images/crosshair-ms-04.png
	QT_QPA_PLATFORM=offscreen $(BIN)/ascent-replay snapshot sample_telemetry/progress-ms-04.csv.gz \
		--compare sample_telemetry/progress-m-12m.csv.gz --align upper_stage_ignition --at 345 \
		-o docs/images/compare-ms-04-m-12m.png

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build dist
