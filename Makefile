# Two commands set everything up: `make html` builds the blog, `make test` proves it.
# The virtual environment is created from the locks on first use.

# The newest Python 3.11 or newer on this machine (tools/find-python); PYTHON=... picks another.
ifndef PYTHON
PYTHON := $(shell sh tools/find-python)
endif
ifeq ($(strip $(PYTHON)),)
$(error no Python 3.11 or newer found: install one, or name it with PYTHON=...)
endif
# "3.13 3.13.0 True /path/to/python3.13", asked once per make run: the interpreter's own
# file, so that python3 and python3.13 of one install are one Python to the venv.
PYTHON_ID := $(shell $(PYTHON) -c 'import os, sys; v = sys.version_info; print(f"{v[0]}.{v[1]}", \
  sys.version.split()[0], v >= (3, 11), os.path.realpath(sys.executable))' 2>/dev/null)
ifneq ($(word 3,$(PYTHON_ID)),True)
$(error $(PYTHON) is not Python 3.11 or newer: name another with PYTHON=...)
endif
PYTHON_VERSION := $(word 1,$(PYTHON_ID))

# Each Sphinx needs a newer Python (9.0 runs on 3.11, 9.1 needs 3.12, 9.2 needs 3.13): each
# Python gets the locks with the newest versions pyproject.toml's ranges allow on it.
LOCKS := requirements/$(or $(filter py3.11 py3.12,py$(PYTHON_VERSION)),py3.13+)

VENV   ?= .venv
# Options for `python -m venv` (--system-site-packages, say).
VENVFLAGS ?=
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --quiet --disable-pip-version-check
OUT    := _build
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Strict by default: any warning (a bad post included) fails the build.
SPHINXOPTS ?= -W --keep-going -j auto

ifneq ($(filter-out clean locks,$(or $(MAKECMDGOALS),venv)),)
$(info Python $(word 2,$(PYTHON_ID)) ($(word 4,$(PYTHON_ID))): $(VENV)/ from $(LOCKS)/)
endif

.PHONY: venv html docs live test check post clean lint locks vendor messages

venv: $(VENV)/.test-installed

# What the venv was made from: the Python and its locks. When either changes, the venv is
# made anew: never one Python's packages reused by another, nor packages a lock dropped.
# The file is rewritten only then, so that only then everything is installed again.
MADE_FROM := $(PYTHON_ID) $(LOCKS) $(shell cat $(LOCKS)/*.lock | cksum)

$(VENV)/.made-from: FORCE
	@if [ "$$(cat $@ 2>/dev/null)" != "$(MADE_FROM)" ]; then \
	  if [ -e $(VENV) ] && [ ! -f $(VENV)/pyvenv.cfg ]; then \
	    echo "$(VENV) is not a virtual environment: not replacing it"; exit 1; fi; \
	  echo "making $(VENV)/ with Python $(word 2,$(PYTHON_ID)) from $(LOCKS)/"; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENVFLAGS) $(VENV) && echo "$(MADE_FROM)" > $@; \
	fi
FORCE:

# Every package from the locks, each checked against its hashes. The build backend comes
# first, from its own lock: blogkit and feedgen (published only as source) are built with
# it, not with whatever a build in isolation would download. blogkit itself (editable)
# with nothing more: its dependencies are all in the lock.
$(VENV)/.site-installed: $(VENV)/.made-from pyproject.toml
	$(PIP) install --require-hashes -r $(LOCKS)/build.lock
	$(PIP) install --require-hashes --no-build-isolation -r $(LOCKS)/site.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.test-installed: $(VENV)/.site-installed
	$(PIP) install --require-hashes --no-build-isolation -r $(LOCKS)/test.lock
	@touch $@

html: $(VENV)/.site-installed
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html -d $(OUT)/doctrees . $(OUT)/html

# blogkit's own documentation, a small blogkit blog under docs/, strict like the blog.
docs: $(VENV)/.site-installed
	$(BIN)/sphinx-build -W --keep-going -b html -d $(OUT)/docs-doctrees docs $(OUT)/docs

# sphinx-autobuild, strict, drafts shown, watching the site's sources only (see blogkit/cli/__init__.py).
live: $(VENV)/.site-installed
	$(BIN)/blogkit live --host $(HOST) --port $(PORT)

check: $(VENV)/.site-installed
	$(BIN)/blogkit check

post: $(VENV)/.site-installed
	@test -n "$(TITLE)" || { echo 'usage: make post TITLE="My title" [TAGS=a,b]'; exit 2; }
	$(BIN)/blogkit new "$(TITLE)" $(if $(TAGS),--tags "$(TAGS)")

# The blog's own labels (blogkit/i18n.py): every msgid of the code and templates into
# blogkit.pot, each language's .po updated from it (new ones empty, changed ones fuzzy), and
# the .mo compiled from each .po, which is shipped (a test checks it matches its .po).
# NEW=fr starts a catalog for another language.
LOCALE := blogkit/locale
messages: $(VENV)/.site-installed
	$(BIN)/pybabel -q extract -F $(LOCALE)/babel.cfg -c Translators: --add-location=file \
	  --sort-output --project=blogkit --copyright-holder="blogkit's authors" \
	  -o $(LOCALE)/blogkit.pot.new blogkit
	@# A new .pot only when a msgid changed, not for its creation date: fewer merge conflicts.
	@if diff -q -I '^"POT-Creation-Date:' $(LOCALE)/blogkit.pot $(LOCALE)/blogkit.pot.new >/dev/null 2>&1; \
	then rm $(LOCALE)/blogkit.pot.new; else mv $(LOCALE)/blogkit.pot.new $(LOCALE)/blogkit.pot; fi
	$(if $(NEW),$(BIN)/pybabel -q init -D blogkit -i $(LOCALE)/blogkit.pot -d $(LOCALE) -l $(NEW))
	$(BIN)/pybabel -q update -D blogkit -i $(LOCALE)/blogkit.pot -d $(LOCALE) --ignore-pot-creation-date
	$(BIN)/pybabel compile -D blogkit -d $(LOCALE) --statistics

# axe-core for the accessibility tests, from the npm lock (the tests say so if npm is missing).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility tests will fail (apt-get install npm)"; fi

# The asciinema player blogkit ships: a copy of the npm package pinned in package-lock.json
# (pip installs no npm packages, so the copy is committed; a test checks it equals the lock's).
PLAYER := blogkit/static/asciinema-player
vendor: node_modules/.package-lock.json
	cp node_modules/asciinema-player/dist/bundle/asciinema-player.min.js \
	   node_modules/asciinema-player/dist/bundle/asciinema-player.css \
	   node_modules/asciinema-player/LICENSE $(PLAYER)/

# Test files run on TEST_JOBS processes (pytest-xdist), each file's tests in one of them,
# so that a file's shared site is built once.
TEST_JOBS ?= 2
test: $(VENV)/.test-installed node_modules/.package-lock.json
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile $(PYTEST_ARGS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# The locks, after a change to pyproject.toml: each set resolved by the Python it is for,
# with pip-tools from its own hashed lock. Pins that the ranges still allow are kept;
# `make locks UPGRADE=1` moves every pin to the newest version the ranges allow.
PIP_COMPILE := pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
  --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)

locks:
	@set -e; export CUSTOM_COMPILE_COMMAND="make locks"; \
	for lock in "3.11 py3.11" "3.12 py3.12" "3.13 py3.13+"; do \
	  set -- $$lock; \
	  python=$$(sh tools/find-python $$1) || { echo "make locks needs Python $$1"; exit 1; }; \
	  tools=.venv-locks-$$1; \
	  if [ ! -x $$tools/bin/pip-compile ]; then \
	    $$python -m venv $$tools; \
	    $$tools/bin/python -m pip --quiet --disable-pip-version-check install \
	      --require-hashes -r requirements/pip-tools.lock; \
	  fi; \
	  echo "requirements/$$2/ with Python $$1"; \
	  $$tools/bin/$(PIP_COMPILE) --only-build-deps --all-build-deps \
	    -o requirements/$$2/build.lock pyproject.toml; \
	  $$tools/bin/$(PIP_COMPILE) -o requirements/$$2/site.lock pyproject.toml; \
	  $$tools/bin/$(PIP_COMPILE) --extra test -c requirements/$$2/site.lock \
	    -o requirements/$$2/test.lock pyproject.toml; \
	done; \
	.venv-locks-3.11/bin/$(PIP_COMPILE) -o requirements/pip-tools.lock requirements/pip-tools.in

clean:
	rm -rf $(OUT)
