# Coordinator: `make run` to start the app with demo data, `make test` to run every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app coordinator
STAMP := $(VENV)/.installed-stamp
TRANSLATIONS := coordinator/translations
CATALOGS := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: install chromium run serve test test-sqlite db demo translations extract-messages bench bench-febrl bench-names clean vendor-map

install: $(STAMP) $(COMPILED)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

translations: $(COMPILED)

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching

db: install
	mkdir -p instance
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo load --if-empty
	$(FLASK) demo accounts

run: demo
	@$(MAKE) --no-print-directory serve

# The app and its workers (the Procfile's processes) without installing or loading anything; Ctrl-C stops them all.
serve:
	@echo "Coordinator on http://$${COORDINATOR_HOST:-127.0.0.1}:$${COORDINATOR_PORT:-5000} (Ctrl-C stops it and its workers)"
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/honcho start --no-colour --procfile Procfile --app-root .

test: install chromium
	$(BIN)/python -m pytest

test-sqlite: install chromium
	env -u COORDINATOR_TEST_POSTGRES_URL $(BIN)/python -m pytest

# The browser tests drive Debian's Chromium (CI runs as root on a fresh machine).
chromium:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

bench: bench-febrl bench-names

bench-febrl: install
	$(BIN)/python -m benchmarks.febrl4

bench-names: install
	$(BIN)/python -m benchmarks.binational
	$(BIN)/python -m benchmarks.realnames

# Leaflet and the offline basemap, from the npm packages pinned in tools/vendor-map/package-lock.json.
# Their output in static/vendor/ is committed: only refreshing them needs npm.
vendor-map:
	cd tools/vendor-map && npm ci --no-audit --no-fund && node build.mjs

clean:
	rm -rf $(VENV) instance/*.sqlite .pytest_cache
