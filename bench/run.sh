#!/usr/bin/env bash
# Times `esite build` against `hugo --minify` on generated sites of growing size.
#
#   bash bench/run.sh                       # SIZES="100 1000 5000", RUNS=3
#   SIZES="100 1000" RUNS=5 bash bench/run.sh
#
# Environment: SIZES (services per site), RUNS (timed runs per tool and size), SEED (gen.py
# seed), REGIONS (default 20), BENCH_DIR (default /dev/shm/esite-bench, a tmpfs), NO_HUGO=1
# to time esite alone, WARMUP=1 for an untimed build of each tool before the timed ones,
# SERVE_EDITS (edits timed under `esite serve`, default 10), NO_SERVE=1 to skip the preview.
# Writes the table to bench/results.md (or RESULTS=FILE). See bench/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${SIZES:-"100 1000 5000"}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
REGIONS=${REGIONS:-20}
WORK=${BENCH_DIR:-/dev/shm/esite-bench}
RESULTS=${RESULTS:-$ROOT/bench/results.md}
SERVE_EDITS=${SERVE_EDITS:-10}

say() { printf '%s\n' "$*" >&2; }
die() { say "run.sh: $*"; exit 1; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$RUNS'"
[[ $SERVE_EDITS =~ ^[1-9][0-9]*$ ]] || die "SERVE_EDITS must be a positive number, not '$SERVE_EDITS'"
for n in $SIZES; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "SIZES holds '$n', which is not a number"; done
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

HUGO=""
HUGO_NOTE=""
if [[ ${NO_HUGO:-} == 1 ]]; then
    HUGO_NOTE="Hugo was not run (NO_HUGO=1)."
elif command -v hugo >/dev/null; then
    HUGO=$(command -v hugo)
elif is_root; then
    say "Installing Hugo (apt-get install hugo) ..."
    if apt_install hugo && command -v hugo >/dev/null; then
        HUGO=$(command -v hugo)
    else
        HUGO_NOTE="Hugo could not be installed (apt-get install hugo failed), so only esite was timed."
    fi
else
    HUGO_NOTE="Hugo is not installed and this is not root, so only esite was timed (install it with: apt-get install hugo)."
fi
[[ -n $HUGO_NOTE ]] && say "Note: $HUGO_NOTE"
HUGO_VERSION=""
[[ -n $HUGO ]] && HUGO_VERSION=$("$HUGO" version | awk '{print $2}')

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
cp "$ROOT/target/release/esite" "$ESITE"
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$ROOT" status --porcelain -- src themes Cargo.toml Cargo.lock 2>/dev/null) ]]; then
    COMMIT="$COMMIT (with uncommitted changes in src/, themes/ or Cargo files)"
fi

CPU_MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
NPROC=$(nproc)
FS=$(df -T "$WORK" | awk 'NR==2 {print $2}')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
[[ $FS == tmpfs ]] || say "Note: $WORK is on $FS, not tmpfs: disk speed will show in the numbers."

# --- runs ---------------------------------------------------------------------------------
ROWS=$WORK/rows.tsv         # tool size run wall user sys rss_kib pages
INFO=$WORK/info.tsv         # size key value: corpus facts and esite's summary line
: >"$ROWS"
: >"$INFO"
GEN_HASH=$(cat "$ROOT/bench/gen.py" | cksum | cut -d' ' -f1)

count_html() { find "$1" -name '*.html' -type f | wc -l; }

timed() {  # timed TOOL SIZE RUN OUT LOG CMD...: one run, appended to ROWS
    local tool=$1 size=$2 run=$3 out=$4 log=$5; shift 5
    rm -rf "$out"
    local tf=$WORK/time.$$
    if ! "$TIME" -f '%e %U %S %M' -o "$tf" "$@" >"$log" 2>&1; then
        say "$tool failed on $size services (run $run); its output:"
        tail -n 30 "$log" >&2
        exit 1
    fi
    read -r wall user sys rss <"$tf"
    rm -f "$tf"
    local pages
    pages=$(count_html "$out")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$size" "$run" "$wall" "$user" "$sys" "$rss" "$pages" >>"$ROWS"
    printf '  %-5s run %s: %6.2f s wall, %6.2f s CPU, %5d MiB, %d pages\n' \
        "$tool" "$run" "$wall" "$(awk "BEGIN{print $user + $sys}")" \
        "$((rss / 1024))" "$pages" >&2
}

for n in $SIZES; do
    dir=$WORK/$n
    stamp="seed=$SEED regions=$REGIONS gen=$GEN_HASH hugo=${HUGO:+yes}"
    if [[ -f $dir/.stamp && $(cat "$dir/.stamp") == "$stamp" ]]; then
        say "== $n services: reusing the corpus in $dir"
    else
        say "== $n services: generating the corpus in $dir ..."
        rm -rf "$dir"
        mkdir -p "$dir"
        gen_args=(--services "$n" --regions "$REGIONS" --seed "$SEED" --out "$dir/site")
        [[ -n $HUGO ]] && gen_args+=(--hugo "$dir/hugo")
        start=$(date +%s.%N)
        python3 "$ROOT/bench/gen.py" "${gen_args[@]}"
        say "   generated in $(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')") s"
        echo "$stamp" >"$dir/.stamp"
    fi
    printf '%s\tcorpus_files\t%s\n' "$n" "$(find "$dir/site/content" -type f | wc -l)" >>"$INFO"
    printf '%s\tcorpus_kib\t%s\n' "$n" "$(du -sk "$dir/site/content" | cut -f1)" >>"$INFO"

    # WARMUP=1: one untimed build of each tool first. On tmpfs there is no cold disk cache to
    # warm, so by default the first timed run doubles as the check that the corpus builds.
    if [[ ${WARMUP:-0} == 1 ]]; then
        say "   warm-up ..."
        rm -rf "$dir/out-esite"
        "$ESITE" build --site "$dir/site" --output "$dir/out-esite" >"$dir/esite-warmup.log" 2>&1 ||
            { tail -n 40 "$dir/esite-warmup.log" >&2; die "esite failed on the $n-service site"; }
        if [[ -n $HUGO ]]; then
            rm -rf "$dir/out-hugo"
            "$HUGO" --minify -s "$dir/hugo" -d "$dir/out-hugo" --cacheDir "$WORK/hugo-cache" \
                >"$dir/hugo-warmup.log" 2>&1 ||
                { tail -n 40 "$dir/hugo-warmup.log" >&2; die "hugo failed on the $n-service site"; }
        fi
    fi

    # Timed runs, alternating the tools so that drift in the machine's speed hits both.
    for ((r = 1; r <= RUNS; r++)); do
        timed esite "$n" "$r" "$dir/out-esite" "$dir/esite-$r.log" \
            "$ESITE" build --site "$dir/site" --output "$dir/out-esite"
        if [[ -n $HUGO ]]; then
            timed hugo "$n" "$r" "$dir/out-hugo" "$dir/hugo-$r.log" \
                "$HUGO" --minify -s "$dir/hugo" -d "$dir/out-hugo" --cacheDir "$WORK/hugo-cache"
        fi
    done
    # What esite said about the corpus: its summary line, and anything else (warnings).
    summary=$(grep -m1 '^Built ' "$dir/esite-1.log" || true)
    printf '%s\tesite_summary\t%s\n' "$n" "$summary" >>"$INFO"
    if [[ $(wc -l <"$dir/esite-1.log") -gt 1 ]]; then
        say "   esite printed more than its summary line: see $dir/esite-1.log"
    fi
    if [[ -n $HUGO ]] && grep -qE '^(WARN|ERROR)' "$dir/hugo-1.log"; then
        say "   hugo printed warnings: see $dir/hugo-1.log"
    fi

    # The preview: save to the reload of the edited page's tab, and the whole rebuild.
    if [[ ${NO_SERVE:-} != 1 ]]; then
        say "   preview: $SERVE_EDITS edits of one service under esite serve ..."
        python3 "$ROOT/bench/serve_latency.py" --esite "$ESITE" --site "$dir/site" \
            --edits "$SERVE_EDITS" >"$dir/serve.log" 2>&1 ||
            { cat "$dir/serve.log" >&2; die "the preview benchmark failed on $n services"; }
        sed 's/^/   /' "$dir/serve.log" >&2
        printf '%s\tserve_reload\t%s\n' "$n" "$(sed -n 's/^save-to-reload on [^:]*: //p' "$dir/serve.log")" >>"$INFO"
        printf '%s\tserve_rebuild\t%s\n' "$n" "$(sed -n 's/^whole rebuild: //p' "$dir/serve.log")" >>"$INFO"
    fi
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report -------------------------------------------------------------------------------
python3 - "$ROWS" "$INFO" "$RESULTS" <<PY
import statistics, sys
from collections import defaultdict

rows_path, info_path, results_path = sys.argv[1:4]
runs = defaultdict(list)
for line in open(rows_path):
    tool, size, run, wall, user, sys_, rss, pages = line.rstrip("\n").split("\t")
    runs[(int(size), tool)].append((float(wall), float(user) + float(sys_), int(rss), int(pages)))
info = defaultdict(dict)
for line in open(info_path):
    size, key, value = line.rstrip("\n").split("\t", 2)
    info[int(size)][key] = value

med = lambda xs: statistics.median(xs)
lines = [
    "| services | tool | HTML pages | wall s (median) | wall s (min) | CPU s user+sys | CPU/wall | peak RSS MiB | pages/s | ms/page | esite/Hugo wall |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
]
for size in sorted({s for s, _ in runs}):
    hugo_wall = med([r[0] for r in runs[(size, "hugo")]]) if (size, "hugo") in runs else None
    for tool in ("esite", "hugo"):
        rs = runs.get((size, tool))
        if not rs:
            continue
        wall = med([r[0] for r in rs])
        cpu = med([r[1] for r in rs])
        rss = med([r[2] for r in rs]) / 1024
        pages = rs[-1][3]
        wall_c = max(wall, 0.005)  # /usr/bin/time resolves 10 ms
        ratio = f"{wall / hugo_wall:.2f}" if tool == "esite" and hugo_wall else ""
        lines.append(
            f"| {size} | {tool} | {pages} | {wall:.2f} | {min(r[0] for r in rs):.2f} | {cpu:.2f} | {cpu / wall_c:.2f} | {rss:.0f} "
            f"| {pages / wall_c:.0f} | {1000 * wall / max(pages, 1):.2f} | {ratio} |"
        )
table = "\n".join(lines)
print()
print(table)

preview = ["| services | save to reload of the edited page's tab | whole rebuild |", "|---:|---|---|"]
for size in sorted(info):
    i = info[size]
    if "serve_reload" in i:
        preview.append(f"| {size} | {i['serve_reload']} | {i.get('serve_rebuild', '')} |")
preview_text = (
    "The preview (\`esite serve\`, \`bench/serve_latency.py\`): one service's fi.md edited $SERVE_EDITS times, a tab\n"
    "open on its page. Save to reload counts from writing the file, including the 30 ms the\n"
    "preview waits for more changes; the tab is told as soon as its page is made. The whole\n"
    "rebuild (as esite reports it, from the end of that wait) finishes the rest of the site.\n\n" + "\n".join(preview)
    if len(preview) > 2 else "The preview was not timed (NO_SERVE=1)."
)

corpus = ["| services | content files | content KiB | esite's summary (first run) |", "|---:|---:|---:|---|"]
for size in sorted(info):
    i = info[size]
    corpus.append(f"| {size} | {i.get('corpus_files', '')} | {i.get('corpus_kib', '')} | {i.get('esite_summary', '').replace('|', '/')} |")

import datetime
hugo_line = "$HUGO_VERSION" and "Hugo $HUGO_VERSION (\`hugo --minify\`)" or "$HUGO_NOTE"
with open(results_path, "w", encoding="utf-8") as f:
    f.write(f"""# esite benchmark results

- date: {datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}
- machine: $NPROC CPUs (nproc), $CPU_MODEL; files on $FS ($WORK);
  load average before: $LOAD_BEFORE, after: $LOAD_AFTER
- esite commit: $COMMIT
- compared with: {hugo_line}
- corpus: \`bench/gen.py --regions $REGIONS --seed $SEED\`, fi + en; $RUNS timed run(s) per tool and size,
  clean output folder each run, medians shown

{table}

{preview_text}

Corpus and esite's own summary line:

{chr(10).join(corpus)}

Only ratios within one run of \`bench/run.sh\` mean much: the machine is shared and noisy.
""")
print(f"\nWritten to {results_path}")
PY
