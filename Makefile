# Two commands on a fresh machine: `make run` and `make test`. Each checks the Python version,
# creates the virtual environment and installs what it needs (the server alone for `run`;
# the project with its extras and test tools for `test`).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The interpreter that made the venv (version, implementation, installation): another one
# (PYTHON=python3.13, or an upgrade that broke the venv's link) makes the venv again.
PYTHON_ID := $(VENV)/.python-id
VENV_STAMP := $(VENV)/.venv-stamp
STAMP := $(VENV)/.installed-stamp
SERVER_STAMP := $(VENV)/.server-stamp
MUTATION_STAMP := $(VENV)/.mutation-stamp
IDENTIFY := -c 'import platform, sys; print(platform.python_implementation(), sys.version.split()[0], sys.base_prefix)'

.PHONY: run test test-thorough bench lint mutation clean FORCE

# requires-python >= 3.11 (pyproject.toml), checked first. The file is rewritten only when
# PYTHON or the venv's own interpreter is another than the one it names, so that the venv
# is made again then and only then.
$(PYTHON_ID): FORCE
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "ua_validate needs Python 3.11 or newer, and PYTHON=$(PYTHON) is $$($(PYTHON) -V 2>&1 | head -1 || true)." >&2; \
	  echo "Run it with a newer one, e.g.: make PYTHON=python3.12 $(MAKECMDGOALS)" >&2; exit 1; }
	@mkdir -p $(VENV)
	@want="$$($(PYTHON) $(IDENTIFY))"; \
	if [ "$$want" != "$$(cat $@ 2>/dev/null)" ] || [ "$$want" != "$$($(PY) $(IDENTIFY) 2>/dev/null)" ]; then \
	  echo "$$want" > $@; fi

$(VENV_STAMP): $(PYTHON_ID)
	@if [ "$$($(PY) $(IDENTIFY) 2>/dev/null)" != "$$(cat $(PYTHON_ID))" ]; then \
	  if [ -e $(VENV)/bin ]; then echo "$(VENV) was made with another Python; making it again with $(PYTHON)."; fi; \
	  find $(VENV) -mindepth 1 -maxdepth 1 ! -name .python-id -exec rm -rf {} +; \
	  echo "$(PYTHON) -m venv $(VENV)"; $(PYTHON) -m venv $(VENV); \
	fi
	touch $@

$(STAMP): pyproject.toml $(VENV_STAMP)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# `make run` needs the server's dependencies only (the [server] extra), not the test tools.
$(SERVER_STAMP): pyproject.toml $(VENV_STAMP)
	$(PY) -m pip install --quiet -e '.[server]'
	touch $@

$(MUTATION_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,mutation]'
	touch $@

# The reference server (SPEC §9) on http://127.0.0.1:8080, in the foreground; Ctrl-C stops it.
run: $(SERVER_STAMP)
	@echo "Try, from another terminal:"
	@echo "  curl -i 'http://127.0.0.1:8080/uapi/cdr/@me?count=100&startDate=2024-01-01T00:00:00&sortOrder=desc'"
	@echo "  curl -i -X POST 'http://127.0.0.1:8080/uapi/phoneCalls/@me/simple' -H 'Content-Type: application/json' -d '{\"extension\":\"@self\"}'"
	$(VENV)/bin/ua-validate serve

# Every core of the machine (pytest-xdist's -n auto).
test: $(STAMP)
	@# pytest's exit code 5 means that no test ran: a failure, never a silent pass.
	@status=0; $(PY) -m pytest -n auto -q || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: no test ran" >&2; exit 1; fi; exit $$status

test-thorough: $(STAMP)
	HYPOTHESIS_PROFILE=thorough $(PY) -m pytest -n auto -q

bench: $(STAMP)
	$(PY) benchmarks/run.py

# The import-linter contracts (pyproject.toml [tool.importlinter]) are checked where they exist.
lint: $(STAMP)
	$(PY) -m ruff check src tests benchmarks tools
	$(PY) -m mypy
	$(VENV)/bin/lint-imports

# Mutation testing (docs/mutation.md): mutmut on types.py and rules.py, one mutant at a time
# (MUTATION_CHILDREN=2 on a quiet machine), then every limit and enum value of the schema files.
MUTATION_CHILDREN ?= 1
mutation: $(MUTATION_STAMP)
	HYPOTHESIS_PROFILE=mutation $(VENV)/bin/mutmut run --max-children $(MUTATION_CHILDREN)
	$(VENV)/bin/mutmut results
	HYPOTHESIS_PROFILE=mutation $(PY) tools/mutate_schemas.py

clean:
	rm -rf $(VENV) build dist mutants .pytest_cache .mypy_cache .ruff_cache .hypothesis

FORCE:
