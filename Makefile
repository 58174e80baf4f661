# Two commands set everything up: `make html` builds the blog, `make test` proves it.
# The virtual environment is created from the locks on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := _build
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Strict by default: any warning (a bad post included) fails the build.
SPHINXOPTS ?= -W --keep-going -j auto

.PHONY: html docs live test check post clean lint vendor

$(VENV)/.site-installed: requirements/site.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/site.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(VENV)/.test-installed: $(VENV)/.site-installed requirements/test.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/test.lock
	@touch $@

html: $(VENV)/.site-installed
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html -d $(OUT)/doctrees . $(OUT)/html

# blogkit's own documentation, a small blogkit blog under docs/, strict like the blog.
docs: $(VENV)/.site-installed
	$(BIN)/sphinx-build -W --keep-going -b html -d $(OUT)/docs-doctrees docs $(OUT)/docs

# sphinx-autobuild, strict, drafts shown, watching the site's sources only (see blogkit/cli.py).
live: $(VENV)/.site-installed
	$(BIN)/blogkit live --host $(HOST) --port $(PORT)

check: $(VENV)/.site-installed
	$(BIN)/blogkit check

post: $(VENV)/.site-installed
	@test -n "$(TITLE)" || { echo 'usage: make post TITLE="My title" [TAGS=a,b]'; exit 2; }
	$(BIN)/blogkit new "$(TITLE)" $(if $(TAGS),--tags "$(TAGS)")

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

test: $(VENV)/.test-installed node_modules/.package-lock.json
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(OUT)
