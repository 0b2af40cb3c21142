# The targets the README tells people to run. Everything installs into .venv.
# `make run` installs only what the bot needs; test, lint, score and bench add the dev tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test score bench bench-delivery bench-backfill lint clean python-version

# pip on an older Python resolves for minutes and then fails obscurely: refuse it up front.
python-version:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "briefingbot needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1 | head -n 1)." >&2; \
		echo "Install Python 3.11+ and run e.g.: make PYTHON=python3.11 run" >&2; exit 1; }

$(VENV)/bin/python: | python-version
	@$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	@$(BIN)/pip install --quiet --disable-pip-version-check -e . >&2
	@touch $(RUN_STAMP)

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	@$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]' >&2
	@touch $(RUN_STAMP) $(DEV_STAMP)

run: $(RUN_STAMP)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ] || grep -qs '^TELEGRAM_BOT_TOKEN=..*' .env; then \
		$(BIN)/briefingbot run; else $(BIN)/briefingbot chat; fi

test: $(DEV_STAMP)
	$(BIN)/python -m pytest

score: $(DEV_STAMP)
	$(BIN)/python -m bench.score

bench: $(DEV_STAMP)
	$(BIN)/python -m bench.run > BENCHMARKS.md.new && mv BENCHMARKS.md.new BENCHMARKS.md && cat BENCHMARKS.md

bench-delivery: $(DEV_STAMP)
	$(BIN)/python -m bench.delivery

bench-backfill: $(DEV_STAMP)
	$(BIN)/python -m bench.backfill

lint: $(DEV_STAMP)
	$(BIN)/ruff check bot briefings store tests bench
	$(BIN)/mypy bot briefings store

clean:
	rm -rf $(VENV) var .pytest_cache
