# FeedProof: two commands on a fresh Debian machine.
#
#   make demo    install missing system packages, build feedproof in release mode, run the demo
#   make test    install missing system packages, build and run the whole test suite (debug)
#
# Every recipe line stops make on failure, so a failing build or test gives make a non-zero exit.
# Written for GNU make 3.81 or newer (macOS still ships 3.81): no .ONESHELL, no .SHELLFLAGS.

SWIFT ?= swift
# Extra flags for every `swift build` / `swift test`, e.g. SWIFT_FLAGS="--scratch-path .build-mine"
# or SWIFT_FLAGS="--jobs 1".
SWIFT_FLAGS ?=

# What `make demo` runs: the whole publishing story (commit, log, publish 20 demo users into
# feeds/demo/archive.sqlite, verify every ranking). Override on the command line, e.g.
# make demo DEMO_ARGS="demo run --users 5 --candidates 200" or DEMO_ARGS="bench algebra --quick".
DEMO_ARGS ?= demo run

# `make bench`: which benchmark, and its flags. JSON=1 adds --json, QUICK=1 adds --quick.
BENCH ?= algebra
JSON ?=
QUICK ?=
BENCH_ARGS = bench $(BENCH) $(if $(JSON),--json) $(if $(QUICK),--quick)

# With JSON set, stdout carries the JSON alone (make bench JSON=1 > bench.json): set-up and build
# output go to stderr and make does not echo those commands.
ifneq ($(strip $(JSON)),)
TO_STDERR = >&2
AT = @
endif

RELEASE = $(SWIFT) build -c release $(SWIFT_FLAGS)
# Run the release feedproof wherever SwiftPM put it (honours --scratch-path in SWIFT_FLAGS).
FEEDPROOF = "$$($(RELEASE) --show-bin-path)/feedproof"

.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
.PHONY: help setup build demo test build-tests bench clean distclean

help: ## List the targets
	@echo "FeedProof make targets:"
	@awk 'BEGIN { FS = ":.*## " } /^[a-z][a-z-]*:.*## / { printf "  make %-12s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo "Variables: SWIFT=$(SWIFT)  SWIFT_FLAGS=$(SWIFT_FLAGS)  DEMO_ARGS=$(DEMO_ARGS)  BENCH=$(BENCH)  JSON=$(JSON)  QUICK=$(QUICK)"

setup: ## Install missing system packages (apt-get as root; otherwise print the command and stop)
	@SWIFT="$(SWIFT)" bash scripts/setup.sh $(TO_STDERR)

build: setup ## Build feedproof in release mode
	$(AT)$(RELEASE) --product feedproof $(TO_STDERR)

demo: build ## Set up, build in release mode and run the demo (DEMO_ARGS: commit, log, publish, verify)
	$(FEEDPROOF) $(DEMO_ARGS)

build-tests: ## Set up (with tmux, for the terminal test) and build everything with the tests, debug mode
	@SWIFT="$(SWIFT)" bash scripts/setup.sh --tests
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)

test: build-tests ## Set up, build and run the whole test suite (debug, nothing filtered)
	$(SWIFT) test $(SWIFT_FLAGS)

bench: build ## Release benchmark: feedproof bench BENCH [JSON=1 for --json] [QUICK=1 for --quick]
	$(AT)$(FEEDPROOF) $(BENCH_ARGS)

# `make benchmarks`: the package-benchmark suite, a separate package in Benchmarks/ (its own .build there; never
# built by `make test` or CI). BENCHMARKS_ARGS adds options, e.g. BENCHMARKS_ARGS="--target RankingBenchmarks"
# or BENCHMARKS_ARGS="--filter 'MSM.*'".
# The benchmarks run with the allocator settings feedproof gives itself (FeedProofCommand.allocatorTunables: large
# blocks from the heap, never trimmed), so they measure the prover as `feedproof prove` runs it; the build before
# runs with glibc's defaults.
BENCHMARKS_ARGS ?=
BENCHMARKS_TUNABLES = glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736
.PHONY: benchmarks
benchmarks: setup ## package-benchmark suite in Benchmarks/: wall, CPU, peak RSS, mallocs (about 10 min)
	$(SWIFT) build -c release --package-path Benchmarks
	GLIBC_TUNABLES=$(BENCHMARKS_TUNABLES) $(SWIFT) package --package-path Benchmarks benchmark $(BENCHMARKS_ARGS)

# `make compare`: FeedProof vs ezkl on the same model and candidates (Benchmarks/compare/README.md). Installs ezkl
# from PyPI into Benchmarks/compare/.venv; 11-16 minutes and 9 GiB of memory on 2 cores; not part of `make test`.
.PHONY: compare
compare: build ## FeedProof vs ezkl side by side (Benchmarks/compare; writes results.md, 11-16 min)
	FEEDPROOF=$(FEEDPROOF) bash Benchmarks/compare/run.sh

clean: ## Remove build products (keeps fetched dependencies)
	$(SWIFT) package clean $(SWIFT_FLAGS)

distclean: ## Remove .build entirely, fetched dependencies included
	rm -rf .build

# `make fuzz`: libFuzzer harnesses for every decoder of untrusted bytes (Fuzz/, a separate package built with
# -sanitize=fuzzer,address in Fuzz/.build-fuzz; never built by `make test` or CI). FUZZ_SECONDS per harness,
# FUZZ_TARGETS to pick some (e.g. FUZZ_TARGETS="bundle log"); exits non-zero when any harness finds a crash
# (inputs in Fuzz/crashes/<target>/). See Fuzz/README.md.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= bundle proof proof-tamper commitment log requests onnx archive-row modelfile
.PHONY: fuzz
fuzz: ## Build the libFuzzer harnesses and run each FUZZ_SECONDS (default 60); non-zero on any crash
	SWIFT="$(SWIFT)" FUZZ_SECONDS="$(FUZZ_SECONDS)" FUZZ_TARGETS="$(FUZZ_TARGETS)" bash Fuzz/run.sh
