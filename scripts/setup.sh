#!/usr/bin/env bash
# Installs (or, without root, names) what FeedProof needs from the operating system.
#
#   bash scripts/setup.sh          # `make demo` runs this first
#   bash scripts/setup.sh --tests  # `make test` runs this first: also tmux, for feedaudit's terminal test
#
# - Debian/Ubuntu: checks libgmp-dev, libsqlite3-dev and libxxhash-dev (and tmux with --tests) with
#   dpkg-query. As root it installs the missing ones with apt-get; otherwise it prints the exact
#   apt-get line and exits 1.
# - Other systems: says what is needed, then checks with pkg-config (gmp, libxxhash, sqlite3) and,
#   with --tests, that tmux is on PATH.
# - Always: a Swift toolchain on PATH (or in $SWIFT).
#
# Quiet when everything is present. Exit status 0 = ready to build, 1 = something is missing.
# Kept compatible with bash 3.2 (macOS): no mapfile, no associative arrays, no empty "${a[@]}" under -u.
#
# Test hook, for testing this script only: SETUP_FORCE_MISSING="pkg1 pkg2" makes those Debian
# packages count as missing even when they are installed, so the install and "not root" branches can
# be exercised on a machine that already has everything. Never set it in normal use.
set -euo pipefail

case "${1:-}" in
"") FOR_TESTS=0 ;;
--tests) FOR_TESTS=1 ;;
*)
    printf 'usage: bash scripts/setup.sh [--tests]\n' >&2
    exit 2
    ;;
esac
readonly FOR_TESTS
if [ "$FOR_TESTS" -eq 1 ]; then
    readonly PACKAGES="libgmp-dev libsqlite3-dev libxxhash-dev tmux"
else
    readonly PACKAGES="libgmp-dev libsqlite3-dev libxxhash-dev"
fi
readonly PKG_CONFIG_MODULES="gmp libxxhash sqlite3"
readonly SWIFT_BIN="${SWIFT:-swift}"
readonly MINIMUM_SWIFT_MAJOR=6 MINIMUM_SWIFT_MINOR=1 # Package.swift: swift-tools-version:6.1

say() { printf '%s\n' "$*"; }  # the one-line results: "swift: …", "system packages: ok"
note() { printf 'setup: %s\n' "$*"; } # progress and advice
fail() {
    printf 'setup: error: %s\n' "$*" >&2
    exit 1
}

# --- Swift -------------------------------------------------------------------------------------------
check_swift() {
    if ! command -v "$SWIFT_BIN" >/dev/null 2>&1; then
        fail "no Swift toolchain: '$SWIFT_BIN' is not on PATH. FeedProof needs Swift 6.1 or newer
       (it is developed with 6.3.1). Install it from https://www.swift.org/install/linux/ (or with
       swiftly), put its usr/bin on PATH, or run make with SWIFT=/path/to/swift."
    fi
    local version
    version="$("$SWIFT_BIN" --version 2>/dev/null | grep -m1 'Swift version' || true)"
    if [ -z "$version" ]; then
        fail "'$SWIFT_BIN --version' did not report a Swift version; is '$SWIFT_BIN' a Swift toolchain?"
    fi
    if [[ "$version" =~ Swift\ version\ ([0-9]+)\.([0-9]+) ]]; then
        local major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[2]}"
        if ((major < MINIMUM_SWIFT_MAJOR || (major == MINIMUM_SWIFT_MAJOR && minor < MINIMUM_SWIFT_MINOR))); then
            fail "$version is too old: FeedProof needs Swift $MINIMUM_SWIFT_MAJOR.$MINIMUM_SWIFT_MINOR or newer."
        fi
    fi
    say "swift: $version"
}

# --- Debian family -----------------------------------------------------------------------------------
# A package counts as present when dpkg reports it fully installed ("install ok installed"; a held
# package, "hold ok installed", is installed too). With several architectures there is one line each.
is_installed() {
    local package="$1" forced
    for forced in ${SETUP_FORCE_MISSING:-}; do
        [ "$forced" = "$package" ] && return 1
    done
    dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -Eq '^(install|hold) ok installed$'
}

missing_packages() {
    local package missing=""
    for package in $PACKAGES; do
        is_installed "$package" || missing="$missing $package"
    done
    printf '%s' "${missing# }"
}

setup_debian() {
    local missing
    missing="$(missing_packages)"
    if [ -z "$missing" ]; then
        say "system packages: ok"
        return
    fi

    if [ "$(id -u)" -ne 0 ]; then
        {
            printf 'setup: error: missing system packages: %s\n' "$missing"
            printf 'setup: installing them needs root. Run this, then the same make command again:\n\n'
            printf '    sudo apt-get update && sudo apt-get install -y %s\n\n' "$missing"
            printf 'setup: (without sudo, run the same two apt-get commands as root.)\n'
        } >&2
        exit 1
    fi

    note "installing missing system packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update || fail "'apt-get update' failed (see above); check the network and the apt sources."
    # shellcheck disable=SC2086 # $missing is a list of package names
    apt-get install -y --no-install-recommends $missing ||
        fail "'apt-get install -y --no-install-recommends $missing' failed (see above)."

    # Believe dpkg, not apt-get's exit status (the test hook is deliberately not consulted here).
    local package still_missing=""
    for package in $missing; do
        dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -Eq '^(install|hold) ok installed$' ||
            still_missing="$still_missing $package"
    done
    [ -z "$still_missing" ] || fail "still not installed after apt-get:$still_missing"
    say "system packages: ok (installed $missing)"
}

# --- Everything else ---------------------------------------------------------------------------------
setup_other() {
    note "this system has no dpkg-query: set-up is only automated on Debian-family systems (apt-get)."
    note "FeedProof needs the development files (headers, library, pkg-config file) of:"
    note "  GMP (pkg-config: gmp), SQLite 3 (sqlite3) and xxHash (libxxhash), plus pkg-config itself;"
    note "  e.g. Fedora: dnf install gmp-devel sqlite-devel xxhash-devel pkgconf-pkg-config"
    note "       macOS:  brew install gmp sqlite xxhash pkg-config"
    if ! command -v pkg-config >/dev/null 2>&1; then
        fail "pkg-config is not installed, so the libraries above cannot be checked; install them and pkg-config."
    fi
    # shellcheck disable=SC2086 # a list of module names
    if ! pkg-config --exists $PKG_CONFIG_MODULES; then
        local module missing=""
        for module in $PKG_CONFIG_MODULES; do
            pkg-config --exists "$module" || missing="$missing $module"
        done
        fail "pkg-config cannot find:$missing. Install their development packages and try again."
    fi
    if [ "$FOR_TESTS" -eq 1 ] && ! command -v tmux >/dev/null 2>&1; then
        fail "tmux is not installed; the tests drive feedaudit's full-screen view through it. Install tmux."
    fi
    say "system packages: ok (found by pkg-config: $PKG_CONFIG_MODULES)"
}

if command -v dpkg-query >/dev/null 2>&1; then
    setup_debian
else
    setup_other
fi
check_swift
