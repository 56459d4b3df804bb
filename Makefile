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

# The reference server (SPEC §9) on http://127.0.0.1:8080, in the foreground; Ctrl-C stops it.
run: $(STAMP)
	@echo "Try, from another terminal:"
	@echo "  curl -i 'http://127.0.0.1:8080/uapi/cdr/@me?count=100&startDate=2024-01-01T00:00:00&sortOrder=desc'"
	@echo "  curl -i -X POST 'http://127.0.0.1:8080/uapi/phoneCalls/@me/simple' -H 'Content-Type: application/json' -d '{\"extension\":\"@self\"}'"
	$(VENV)/bin/ua-validate serve

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
