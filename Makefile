# linedesk — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
BIN := bin/linedesk
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/linedesk/linedesk/internal/cli.Version=$(VERSION)
export LINEDESK_HTTP ?= 127.0.0.1:8080

.PHONY: deb all run build spa deps generate migration test test-go test-web e2e e2e-portal fault vulncheck vet clean race

all: build

## deps: install npm packages when package-lock.json changed
node_modules/.package-lock.json: package-lock.json
	@echo "make: installing the npm packages (npm ci; the first time takes a minute or two)"
	npm ci --no-audit --no-fund
deps: node_modules/.package-lock.json

## spa: build the dashboard into frontend/dist and the subscriber portal into frontend/portal/dist
spa: deps
	@echo "make: building the dashboard and the subscriber portal (TypeScript, vite)"
	npm run build

## build: bin/linedesk with the dashboard embedded
build: spa
	@echo "make: compiling bin/linedesk (Go; the first build compiles every dependency and can take a few minutes on a small machine, later builds take seconds)"
	$(GO) build -tags spa -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/linedesk

## run: build everything and serve on the embedded database
run: build
	@echo "make: starting linedesk serve on the embedded database (data/); stop it with Ctrl-C"
	$(BIN) serve

## deb: dist/linedesk_<version>_amd64.deb (binary with the dashboard, systemd unit, settings
## file, linedesk user); DEB_VERSION must start with a digit (default 0.<commit time>+<commit>)
DEB_VERSION ?= 0.$(shell git log -1 --format=%cd --date=format:%Y%m%d%H%M%S 2>/dev/null || echo 0)+$(shell git rev-parse --short HEAD 2>/dev/null || echo dev)
deb: build
	DEB_BIN=$(BIN) DEB_VERSION=$(DEB_VERSION) scripts/deb.sh

## generate: ent, then gqlgen (the staff API, then the subscriber portal's), then the SPAs' GraphQL types
generate: deps
	cd ent && $(GO) run -mod=mod entc.go
	$(GO) tool gqlgen generate
	cd graph/portal && $(GO) tool gqlgen generate --config gqlgen.yml
	npm run codegen
	npm run codegen:portal

## migration: after changing ent/schema (and make generate), write the versioned migration
## NAME for PostgreSQL and SQLite (needs PostgreSQL for its diff: TEST_DATABASE_URL or the local
## server). Not part of generate. After editing a hand-written migration: go run ./ent/migrate/gen -hash
migration:
	@test -n "$(NAME)" || { echo "usage: make migration NAME=add_something (lower case, digits, _)"; exit 2; }
	$(GO) run ./ent/migrate/gen $(NAME)

vet:
	$(GO) vet ./...

## test: every test (Go on SQLite and PostgreSQL, RADIUS interop, component tests, browser end-to-end
## for the dashboard and the portal). Each suite's time goes to $(SUITE_TIMES) when it is set.
test: test-go test-web e2e e2e-portal

test-go:
	scripts/timed.sh go $(GO) test -count=1 -timeout 25m $$($(GO) list ./... | grep -v /test/fault)
	scripts/timed.sh fault $(GO) test -count=1 -timeout 15m ./test/fault/...

test-web: deps
	scripts/timed.sh web npm test

e2e: build
	scripts/timed.sh e2e npm run e2e

## e2e-portal: the subscriber portal in chromium at 390×844 (needs the portal API at /portal/graphql)
e2e-portal: build
	scripts/timed.sh e2e-portal npm run e2e:portal

## fault: the fault and hostile-input suites alone, with the backup round trip and the PostgreSQL
## failover (they are part of test-go too)
fault:
	$(GO) test -count=1 -timeout 20m ./test/fault/... ./test/security/...

## race: the Go tests again under the race detector. The long system suites run once, in
## test-go, and are left out here: the fault suite (separate processes, timed outages: the
## detector's slowdown would only test its timing), the Debian package and deployment checks
## (deploy), the hostile-input suite (test/security) and the lifecycle walk (test/lifecycle).
## The multi-instance tests stay: they are where races would be.
RACE_SKIP := /test/fault|/test/security|/test/lifecycle|/deploy$$
race:
	scripts/timed.sh race $(GO) test -race -count=1 -timeout 25m $$($(GO) list ./... | grep -Ev '$(RACE_SKIP)')

## vulncheck: govulncheck and npm audit (reports NOT CHECKED when their services are unreachable)
vulncheck:
	scripts/vulncheck.sh

clean:
	rm -rf bin frontend/dist frontend/portal/dist test-results
