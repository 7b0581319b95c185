# The two commands of the README: `make run` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app wsgi
PORT   ?= 5000
# pytest-xdist workers: one per core (our machines have two)
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_PASSWORD ?= vinhdanh-demo
export DEMO_PASSWORD
# libharfbuzz-subset0: without it WeasyPrint silently falls back to a 3x slower font subsetter.
# fonts-liberation2: Liberation Serif, Times-compatible with full Vietnamese coverage.
# poppler-utils (pdftotext, pdftoppm) and zbar-tools (zbarimg) let the tests read PDFs and decode QR codes.
DEBS   := libharfbuzz-subset0 fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils zbar-tools
# Debian's Chromium, which the browser journeys (tests/browser) drive through Playwright; only the tests need it.
# redis-server: scripts/with-redis starts a throw-away one for the PostgreSQL leg (the job queue on Redis,
# tests/cluster), and the shared cache's test starts its own.
# softhsm2: a software PKCS#11 token, on which tests/web/test_signatures.py puts the signer's personal key.
TEST_DEBS := chromium redis-server softhsm2

# Some machines set PYTHONDONTWRITEBYTECODE: then every test process (each xdist worker of each leg, each server a
# test starts) rewrites every test module's asserts again (~7 s a process). The bytecode goes to __pycache__
# (git-ignored, removed by `make clean`).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint pip-audit test-sqlite test-pg venv system-deps test-deps db keys demo translations clean

run: system-deps venv translations db keys demo
	@echo
	@echo "  Vinh danh: http://127.0.0.1:$(PORT)"
	@echo "  Tài khoản demo: donvi.vinhloi, donvi.hongdan, thuky, hoidong1..hoidong7, chutich, quantri"
	@echo "  Mật khẩu demo:  $(DEMO_PASSWORD)"
	@echo "  Tiến trình xử lý nền (ký số, in hàng loạt) chạy cùng; dừng cả hai bằng Ctrl-C."
	@echo
	@# the job worker in the background, stopped with the web server (Ctrl-C, or the server exiting)
	@$(FLASK) jobs worker & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: system-deps test-deps venv translations lint test-sqlite test-pg

# Static checks, part of `make test`: ruff (rules in pyproject.toml) and bandit's medium and high findings
# (exclusions are marked `# nosec` beside the line, with the reason).
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -q -c pyproject.toml -ll -r .

# Known vulnerabilities in the pinned requirements. Not part of `make test`: it needs the PyPI/OSV advisory
# database online. Run it where that is reachable, before a release and when an advisory is announced.
pip-audit: venv
	$(VENV)/bin/pip-audit --strict -r requirements.txt

test-sqlite: venv test-deps
	$(PY) -m pytest -q -n $(TEST_WORKERS)

# The same suite against PostgreSQL, the production database, with a throw-away Redis beside it (TEST_REDIS_URL)
# and the multi-server test (tests/cluster: two gunicorn servers, two queue workers, one killed). The state
# machines (both procedures) always run on their own in-memory SQLite, so the SQLite run covers them; they are
# deselected here. So are two files about words on pages (the English catalogue, no internal code shown to a
# reader): they read what the services wrote, whatever the database, and the SQLite leg runs them. So are the
# migration tests that build SQLite files of their own whatever TEST_DATABASE_URL says (the same run twice).
# --dist loadgroup: tests marked xdist_group (tests/cluster's one run) stay on one worker; the rest spread as usual.
test-pg: venv test-deps
	scripts/with-postgres scripts/with-redis $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadgroup -p no:cacheprovider \
	  tests/services tests/web tests/cluster \
	  tests/security/test_concurrency_web.py tests/security/test_backup.py \
	  --deselect tests/services/test_state_machine.py::TestStateMachine \
	  --deselect tests/services/test_state_machine_new_rural.py::TestNewRuralStateMachine \
	  --ignore tests/web/test_i18n.py --ignore tests/web/test_public_labels.py \
	  --ignore-glob 'tests/web/test_[!a]*_migration.py' --ignore tests/services/test_processing_migration.py \
	  --ignore tests/web/test_upgrade_from_release.py \
	  --deselect tests/web/test_api_migration.py::test_the_migration_adds_the_api_tables_and_goes_down_again \
	  --deselect tests/web/test_api_migration.py::test_the_idempotency_keys_migration_goes_up_and_down

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

# Install the Debian libraries when missing and we are root; otherwise print the exact command.
system-deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "Thiếu gói hệ thống:$$missing"; echo "Chạy: sudo apt-get update && sudo apt-get install -y$$missing"; fi

# The same for the test-only packages, but a missing one stops the run: browser and token tests never skip.
test-deps:
	@missing=""; for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "THIẾU GÓI CHO KIỂM THỬ (trình duyệt cho tests/browser, softhsm2 cho chữ ký số):$$missing"; \
	  echo "Chạy: sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; fi

# English is a translation of the Vietnamese message ids (translations/en); .mo files are built, not committed.
translations: venv
	$(VENV)/bin/pybabel compile -d translations >/dev/null

# After marking new strings with _(), _l(), _lp(), N_() or NC_(): refresh the catalogue, then translate the new entries.
translations-update: venv
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k NC_:1c,2 -k _l -k _lp:1c,2 -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations

# A development signing key (self-signed CA) under instance/keys when none is configured; never committed.
keys: venv
	$(FLASK) keys dev-generate

db: venv
	$(FLASK) init-db

demo: venv
	$(FLASK) demo-data

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
	find . -name __pycache__ -prune -exec rm -rf {} +
