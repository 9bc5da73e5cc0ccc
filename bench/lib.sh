# shellcheck shell=bash
# Helpers shared by bench/run and bench/run-schema. Source it; it defines functions only.

export LC_ALL=C # '.' as the decimal separator in $EPOCHREALTIME, awk and printf

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
# shellcheck disable=SC2034 # used by the scripts that source this file
MIB=1048576
BENCH_ERR=${BENCH_ERR:-/dev/null} # stderr of the last timed command; the scripts point it at a file

die() {
    echo "bench: error: $*" >&2
    exit 1
}

step() {
    echo "==> $*" >&2
}

_apt_updated=0
# ensure_tool COMMAND APT_PACKAGE: install APT_PACKAGE with apt-get when COMMAND is not found.
ensure_tool() {
    local cmd=$1 pkg=$2
    if [[ $cmd == /* ]]; then [[ -x $cmd ]] && return 0; else command -v "$cmd" >/dev/null 2>&1 && return 0; fi
    command -v apt-get >/dev/null 2>&1 || die "$cmd is missing and apt-get is not available: install $pkg"
    step "installing $pkg (for $cmd)"
    if [[ $_apt_updated == 0 ]]; then
        apt-get update -qq >&2 || die "apt-get update failed"
        _apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >&2 || die "apt-get install $pkg failed"
    if [[ $cmd == /* ]]; then [[ -x $cmd ]]; else command -v "$cmd" >/dev/null 2>&1; fi ||
        die "$pkg installed but $cmd is still missing"
}

# build_logmedic: sets LOGMEDIC to the release binary. LOGMEDIC_BIN=/path skips the build and uses that binary.
build_logmedic() {
    if [[ -n ${LOGMEDIC_BIN:-} ]]; then
        [[ -x $LOGMEDIC_BIN ]] || die "LOGMEDIC_BIN=$LOGMEDIC_BIN is not an executable file"
        LOGMEDIC=$LOGMEDIC_BIN
        step "using LOGMEDIC_BIN=$LOGMEDIC (no build)"
        return 0
    fi
    command -v swift >/dev/null 2>&1 || die "swift is not on PATH: cannot build logmedic"
    step "building logmedic (swift build -c release --product logmedic)"
    (cd "$REPO_ROOT" && swift build -c release --product logmedic >&2) || die "release build of logmedic failed"
    local bin_dir
    bin_dir=$(cd "$REPO_ROOT" && swift build -c release --show-bin-path) || die "swift build --show-bin-path failed"
    LOGMEDIC="$bin_dir/logmedic"
    [[ -x $LOGMEDIC ]] || die "release build finished but $LOGMEDIC does not exist"
}

# timed MAX_OK_EXIT STDOUT_FILE CMD...: runs CMD once under /usr/bin/time with stdout to STDOUT_FILE and stderr to
# $BENCH_ERR. Sets T_SECS (wall seconds), T_CPU (user + system CPU seconds) and T_RSS_KIB (peak RSS). Dies when CMD exits above MAX_OK_EXIT
# (grep-like tools exit 1 for "no match", logmedic scan exits 1 for "findings at or above --fail-on").
timed() {
    local max_ok=$1 out=$2
    shift 2
    local tf rc=0 t0 t1 secs
    tf=$(mktemp)
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%e %M %U %S' -o "$tf" -- "$@" >"$out" 2>"$BENCH_ERR" || rc=$?
    t1=$EPOCHREALTIME
    if ((rc > max_ok)); then
        echo "bench: command failed with exit $rc: $*" >&2
        echo "--- its stderr (last 20 lines):" >&2
        tail -n 20 "$BENCH_ERR" >&2
        rm -f "$tf"
        exit 1
    fi
    # /usr/bin/time's %e has 10 ms resolution, too coarse for the fast rows: take the wall time from bash's
    # microsecond clock around it (this adds the ~1 ms fork/exec of /usr/bin/time itself), and %M for peak RSS.
    local user sys
    read -r secs T_RSS_KIB user sys < <(tail -n 1 "$tf")
    T_CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    rm -f "$tf"
    [[ $secs =~ ^[0-9.]+$ && $T_RSS_KIB =~ ^[0-9]+$ ]] || die "could not read /usr/bin/time output for: $*"
    T_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

# best_of MAX_OK_EXIT STDOUT_FILE CMD...: runs CMD $BENCH_RUNS times (default 2; the first run also warms the
# page cache) and keeps the fastest run in T_SECS / T_CPU / T_RSS_KIB.
best_of() {
    local best_s best_rss best_cpu i
    timed "$@"
    best_s=$T_SECS best_rss=$T_RSS_KIB best_cpu=$T_CPU
    for ((i = 2; i <= ${BENCH_RUNS:-2}; i++)); do
        timed "$@"
        if awk -v a="$T_SECS" -v b="$best_s" 'BEGIN { exit !(a < b) }'; then
            best_s=$T_SECS best_rss=$T_RSS_KIB best_cpu=$T_CPU
        fi
    done
    T_SECS=$best_s T_RSS_KIB=$best_rss T_CPU=$best_cpu
}

# cpu_busy_pct: percentage of all cores' time spent busy over the next second (from /proc/stat).
cpu_busy_pct() {
    local a b
    a=$(head -n 1 /proc/stat 2>/dev/null) || { echo "?"; return 0; }
    sleep 1
    b=$(head -n 1 /proc/stat)
    awk -v a="$a" -v b="$b" 'BEGIN {
        n = split(a, x, " "); split(b, y, " "); total = 0
        for (i = 2; i <= n; i++) total += y[i] - x[i]
        idle = (y[5] - x[5]) + (y[6] - x[6])
        printf "%.0f", (total > 0 ? 100 * (total - idle) / total : 0) }'
}

file_size() {
    stat -c %s "$1"
}
