# The targets the README tells people to run. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test score bench lint clean

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]' >&2
	@touch $(STAMP)

run: $(STAMP)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ] || grep -qs '^TELEGRAM_BOT_TOKEN=..*' .env; then \
		$(BIN)/briefingbot run; else $(BIN)/briefingbot chat; fi

test: $(STAMP)
	$(BIN)/python -m pytest

score: $(STAMP)
	$(BIN)/python -m bench.score

bench: $(STAMP)
	$(BIN)/python -m bench.run > BENCHMARKS.md.new && mv BENCHMARKS.md.new BENCHMARKS.md && cat BENCHMARKS.md

lint: $(STAMP)
	$(BIN)/ruff check bot briefings store tests bench
	$(BIN)/mypy bot briefings store

clean:
	rm -rf $(VENV) var .pytest_cache
