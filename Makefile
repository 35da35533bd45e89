# Rapport: `make run` serves the demo on SQLite, `make test` runs every test (SQLite and PostgreSQL).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
WORKERS ?= 2
export FLASK_APP := server

.PHONY: install services run serve test test-sqlite test-postgres test-sqlite-only test-postgres-only fuzz openapi migration bench clean \
        lock lock-check image image-smoke test-cluster

$(BIN)/.installed: pyproject.toml
	@scripts/bootstrap-venv.sh "$(PYTHON)" "$(VENV)"
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/.installed

## Servers the tests start themselves (Redis for the RQ worker test; PostgreSQL in test-postgres), and the
## console's browser test: Debian's chromium + chromium-driver, and npm to fetch the pinned axe-core.
services:
	@scripts/require-command.sh redis-server redis-server
	@scripts/require-command.sh chromium chromium
	@scripts/require-command.sh chromedriver chromium-driver
	@scripts/require-command.sh npm npm

## Migrate the SQLite database under instance/, load the demo event and serve on 127.0.0.1:$(PORT).
## gunicorn.conf.py makes the workers gthread (RAPPORT_WEB_THREADS threads each) for the inbox long-polls.
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	@echo "Serving on http://127.0.0.1:$(PORT)  (organizer console: http://127.0.0.1:$(PORT)/console/, API docs: http://127.0.0.1:$(PORT)/api/v1/docs)"
	$(BIN)/gunicorn --worker-class gthread --workers $(WORKERS) --bind 127.0.0.1:$(PORT) 'server:create_app()'

## Every test, on a SQLite file and on a throwaway PostgreSQL server, both halves side by side, each
## spread over TEST_WORKERS pytest-xdist processes (PostgreSQL: one database per process).
TEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS)
# JUNIT_DIR (set by .ci/run) collects a JUnit report per run, which scripts/ci_summary.py adds up.
junit = $(if $(JUNIT_DIR),--junitxml=$(JUNIT_DIR)/$(1).xml)

test: install services
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite-only test-postgres-only

test-sqlite: install services test-sqlite-only
test-postgres: install services test-postgres-only

test-sqlite-only:
	@echo "== SQLite"; $(PYTEST) $(call junit,sqlite)

test-postgres-only:
	@echo "== PostgreSQL"; scripts/with-postgres.sh $(PYTEST) $(call junit,postgresql)

## Schemathesis against a live gunicorn serving the demo event, as an organizer and as an attendee
## (FUZZ_SECONDS per caller, default 60): fails on any 5xx or answer that does not match the spec.
fuzz: install
	$(BIN)/python scripts/fuzz.py

## Regenerate openapi.yaml from the code (a test fails while it is stale).
openapi: install
	$(BIN)/flask openapi write --format=yaml openapi.yaml

## Autogenerate the next numbered migration after a model change: make migration m="what changed"
migration: install
	$(BIN)/flask db upgrade
	$(BIN)/flask db migrate -m "$(m)" --rev-id $$(printf '%04d' $$(( $$(ls migrations/versions/[0-9]*.py | wc -l) + 1 )))

## requirements.lock: every runtime dependency, pinned with hashes, which the image installs.
## Regenerate after editing pyproject.toml (tests/deploy fail while it is stale); lock-check diffs.
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host pyproject.toml
lock: install
	$(PIP_COMPILE) --output-file requirements.lock

lock-check: install
	@tmp=$$(mktemp -d); cp requirements.lock $$tmp/; $(PIP_COMPILE) --output-file $$tmp/requirements.lock; \
	grep -v '^#    pip-compile' requirements.lock >$$tmp/committed; grep -v '^#    pip-compile' $$tmp/requirements.lock >$$tmp/fresh; \
	diff $$tmp/committed $$tmp/fresh && echo "requirements.lock is up to date"; status=$$?; rm -rf $$tmp; exit $$status

## The production image (buildah, local base image; needs root): IMAGE=localhost/rapport:dev by default.
image:
	scripts/build-image.sh

## Build the image, then migrate, serve and run a worker from it against a throwaway PostgreSQL and Redis.
image-smoke: services
	scripts/image-smoke.sh

clean:
	rm -rf $(VENV) instance *.egg-info .pytest_cache

## Scale-out test: two app instances (gunicorn, 2 workers each) and an rq worker on one PostgreSQL and one
## Redis, behind HAProxy (installed from Debian when missing, as root). .ci/run runs it after `make test`.
test-cluster: install services
	@scripts/require-command.sh haproxy haproxy
	RAPPORT_CLUSTER_TEST=1 scripts/with-postgres.sh $(BIN)/pytest -q -p no:cacheprovider tests/cluster $(call junit,cluster)
