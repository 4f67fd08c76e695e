# Driehoek — two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install messages lint system-deps bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) messages

# Compiled catalogues are build output (not committed).
messages: $(STAMP)
	$(BIN)/python manage.py compile_catalogues -v 0

run: install
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/driehoek demo
	$(BIN)/driehoek serve

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

# The whole suite on SQLite, and on PostgreSQL too when DATABASE_URL points to one.
test: install lint system-deps
	@$(BIN)/python manage.py makemigrations --check --dry-run -v 0 || (echo "models and migrations disagree" && exit 1)
	@bash scripts/test-all.sh

# Debian's Chromium for the end-to-end tests (never a downloaded browser) and gettext.
system-deps:
	@bash scripts/system-deps.sh

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) staticfiles
