# The two commands of the README:
#   make lab    set everything up (once) and open the tutorial in JupyterLab
#   make test   set everything up (once) and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: lab test test-lib lint typecheck notebooks clean bench-widgets bench-training bench-drag tfjs site site-js

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# The test tooling (pytest, nbval, Hypothesis, Playwright, coverage), which a learner's install leaves out.
$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $(TEST_STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --config=jupyter_server_config.py $(if $(filter 0,$(shell id -u)),--allow-root) \
		notebooks/00_start_here.ipynb

# On every core (pytest-xdist): each notebook runs on one worker, in order, and so do the tests marked
# xdist_group("browser") (tests/conftest.py groups them).
WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup

test: $(TEST_STAMP)
	$(PYTEST) --nbval tests notebooks

test-lib: $(TEST_STAMP)
	$(PYTEST) tests

# The linter and the formatter (rules and their reasons: pyproject.toml), then the type check of the whole package.
lint: $(TEST_STAMP)
	$(BIN)/ruff check sgd_lib tests benchmarks
	$(BIN)/ruff format --check sgd_lib tests benchmarks

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

# Re-execute every notebook top to bottom in a fresh kernel and store the outputs in place.
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.timeout=600 \
		--ExecutePreprocessor.kernel_name=python3 notebooks/*.ipynb notebooks/solutions/*.ipynb

# TensorFlow.js itself (Node.js and npm needed), for tests/test_tfjs_reference.py; without it that test skips.
tfjs: tests/tfjs/node_modules/.installed

tests/tfjs/node_modules/.installed: tests/tfjs/package.json tests/tfjs/package-lock.json
	npm ci --prefix tests/tfjs --no-audit --no-fund
	touch $@

# The widget renderer, require.js and MathJax for the static pages, at the versions of site/package-lock.json (npm needed).
site-js: site/node_modules/.installed

site/node_modules/.installed: site/package.json site/package-lock.json
	npm ci --prefix site --no-audit --no-fund
	touch $@

# Every notebook as a static HTML page in _site/, whose explorers work without a kernel.
site: $(STAMP) site-js
	$(BIN)/python site/build.py _site

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis tests/tfjs/node_modules site/node_modules _site

# Benchmarks (not tests): explorer latency in a real kernel, and training speed against peers.
bench-widgets: $(TEST_STAMP)
	$(BIN)/python benchmarks/widgets.py

bench-training: $(TEST_STAMP)
	$(BIN)/python benchmarks/training.py

bench-drag: $(TEST_STAMP)
	$(BIN)/python benchmarks/drag.py
