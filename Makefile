# Every target installs what it needs first, so a fresh clone needs only `make run` or `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
CICA   := $(VENV)/bin/cica
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Two workers on two cores (pytest-xdist), each test file on one worker so that its module fixtures
# are built once; PostgreSQL tests each take a schema of their own, so workers never meet.
PYTEST_ARGS ?= --durations=40 -n auto --dist loadfile

.PHONY: install run test bench lint translations docs clean lock extract axe fonts

install: $(STAMP) translations fonts

$(STAMP): pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Compiles the UI message catalogues (.po -> .mo); cheap, so it runs on every install.
translations: $(STAMP)
	$(VENV)/bin/pybabel -q compile --use-fuzzy -d src/cica/core/translations -D messages

# Server-side images and PDFs draw their own text: Chinese needs a CJK font on the machine, and
# WeasyPrint needs Pango. No PyPI package ships a CJK font, so this names the Debian packages
# (`.ci/run` installs them); without them Chinese in PNGs and PDFs is drawn as empty boxes.
fonts:
	@fc-list :lang=zh family 2>/dev/null | grep -q . || \
	  echo "No CJK font found: install one for PNG plots and PDFs, e.g. sudo apt-get install fonts-noto-cjk"
	@ldconfig -p 2>/dev/null | grep -q libpango-1.0 || \
	  echo "Pango not found: decision PDFs need it, e.g. sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"

# axe-core (accessibility checks injected into pages by the browser tests), from the npm registry.
# Without npm the accessibility checks skip with a visible reason (and fail under CI=true).
axe: package.json
	@if command -v npm >/dev/null 2>&1; then \
	  [ node_modules/.installed -nt package.json ] || { npm install --no-audit --no-fund --silent && touch node_modules/.installed; }; \
	else echo "npm not found: the browser tests' accessibility checks will be skipped"; fi

run: install
	$(CICA) demo
	$(CICA) serve --host $(HOST) --port $(PORT)

test: install axe
	$(PY) -m pytest $(PYTEST_ARGS)

# The HTTP benchmarks load servers with wrk (Debian's package), installed here when missing.
bench: install
	@command -v wrk >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null); } || \
	  { echo "make bench needs wrk (apt-get install wrk)"; exit 2; }
	$(PY) -m bench

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# Re-extracts the UI strings into the catalogue template and merges them into each language.
extract: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k translated -k translated_plural:1,2 -o src/cica/core/translations/messages.pot --no-location --omit-header src/cica
	$(VENV)/bin/pybabel update -i src/cica/core/translations/messages.pot -d src/cica/core/translations -D messages --no-fuzzy-matching --omit-header

docs: install
	$(CICA) docs write

# Re-pins constraints.txt to the newest versions pyproject.toml allows (then run the suite).
lock:
	rm -rf .lock-venv && python3 -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check -e '.[dev]'
	(echo "# Tested versions of every package cica installs (pip freeze of a clean 'make install')."; \
	 echo "# make install uses it as constraints; refresh with: make lock"; \
	 .lock-venv/bin/pip freeze | grep -v '^-e\|^cica') > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
