# 案例通 (casebook). `make serve` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := tests/js/node_modules/.installed
# The second back-end (ProperDocs) in a venv of its own, without MkDocs: see requirements-properdocs.txt.
PD_VENV := .venv-properdocs
PD_STAMP := $(PD_VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build build-properdocs properdocs test lint js-test bench system-deps node-deps clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# --no-deps twice: the pinned list is complete, and casebook's own pin on MkDocs must not pull MkDocs in.
$(PD_STAMP): requirements-properdocs.txt pyproject.toml
	python3 -m venv $(PD_VENV)
	$(PD_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PD_VENV)/bin/python -m pip install --quiet --no-deps -r requirements-properdocs.txt
	$(PD_VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $(PD_STAMP)

properdocs: $(PD_STAMP)  ## the ProperDocs back-end in .venv-properdocs (the tests build the site with it too)

build-properdocs: $(PD_STAMP)  ## write the static site into site/ with ProperDocs instead of MkDocs
	$(PD_VENV)/bin/casebook build --backend properdocs --site-dir site

serve: $(STAMP)  ## preview the shipped library at http://127.0.0.1:8000 (problems show in the browser)
	$(VENV)/bin/casebook serve --dev-addr $(or $(DEV_ADDR),127.0.0.1:8000)

build: $(STAMP)  ## write the static site into site/
	$(VENV)/bin/casebook build --site-dir site

system-deps:  ## Debian's Chromium and CJK fonts (browser tests) and nginx (the compressed-serving test)
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto sans cjk" \
			|| ! { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; }; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk nginx-light >/dev/null; \
	fi

# gift-pegjs, the independent GIFT parser the export tests check our GIFT files with.
# Without npm the GIFT test skips locally and fails under CI, like the browser tests.
$(NODE_STAMP): tests/js/package-lock.json tests/js/package.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/js --no-audit --no-fund && touch $(NODE_STAMP); \
	elif [ -n "$$CI" ]; then \
		echo "npm is missing: install Node.js (Debian: apt-get install nodejs npm)" >&2; exit 1; \
	else \
		echo "npm is missing: the GIFT export test will be skipped (Debian: apt-get install nodejs npm)"; \
	fi

node-deps: $(NODE_STAMP)  ## the Node.js test dependency (gift-pegjs) in tests/js/node_modules

lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests bench
	$(VENV)/bin/ruff format --check generator tests bench
	$(VENV)/bin/mypy

js-test: $(STAMP)  ## unit tests of the browser engine's pure logic and the search worker (node's own test runner; Material's worker from the venv)
	node --test tests/js/unit/

test: $(STAMP) $(PD_STAMP) system-deps node-deps lint js-test  ## install everything the tests need and run them all, browser tests included
	$(VENV)/bin/pytest

bench: $(STAMP) system-deps  ## casebook vs plain MkDocs + Material at 1,000 and 5,000 synthetic cases (interleaved pairs, medians), then the preview's edit→visible time
	$(PY) bench/bench.py
	$(PY) bench/preview.py --cases 1000 --edits 5

clean:
	rm -rf site site.casebook $(VENV) $(PD_VENV)
