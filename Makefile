# Two commands on a fresh machine: `make run` and `make test`. Each creates the virtual
# environment and installs the project (with its extras and test tools) when needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-thorough bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Documented example requests, valid and invalid, through the command line.
run: $(STAMP)
	-$(VENV)/bin/ua-validate check GET '/uapi/cdr/@me?count=100&startDate=2024-01-01T00:00:00&sortOrder=desc'
	-$(VENV)/bin/ua-validate check GET '/uapi/cdr/@me?startDate=2024-02-01T00:00:00&endDate=2024-01-01T00:00:00'
	-$(VENV)/bin/ua-validate check POST /uapi/phoneCalls/@me/simple --body '{"extension":"210","phoneCallView":[{"source":["5354353","5302040"],"destination":["5353535"],"callerId":"John Doe <4242425>"}]}'
	-$(VENV)/bin/ua-validate check PUT '/uapi/phoneCalls/12/0003*210/b817d2618fe6f1804333' --body '{"action":"StartRecording","format":"mp3","phoneCallViewId":"01"}'
	-$(VENV)/bin/ua-validate check PUT '/uapi/extensions/@me/0003*212/queue/agents/0003*210' --body '{"status":"1"}'
	-$(VENV)/bin/ua-validate check GET '/uapi/cdr/@me?count=6000'

test: $(STAMP)
	$(PY) -m pytest -n 2 -q

test-thorough: $(STAMP)
	HYPOTHESIS_PROFILE=thorough $(PY) -m pytest -n 2 -q

bench: $(STAMP)
	$(PY) benchmarks/run.py

lint: $(STAMP)
	$(PY) -m ruff check src tests benchmarks
	$(PY) -m mypy

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
