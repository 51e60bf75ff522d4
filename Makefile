# 案例通 (casebook). `make serve` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := tests/js/node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint js-test bench chromium node-deps clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

serve: $(STAMP)  ## build the shipped library and serve it at http://127.0.0.1:8000
	$(VENV)/bin/casebook validate
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## write the static site into site/
	$(VENV)/bin/casebook build --site-dir site

chromium:  ## Debian's Chromium and CJK fonts for the browser tests
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
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

js-test:  ## unit tests of the browser engine's pure logic (node's own test runner, no npm package)
	node --test tests/js/unit/

test: $(STAMP) chromium node-deps lint js-test  ## install everything the tests need and run them all, browser tests included
	$(VENV)/bin/pytest

bench: $(STAMP)  ## print generator and build figures for 1,000 and 5,000 synthetic cases
	$(PY) bench/bench.py

clean:
	rm -rf site $(VENV)
