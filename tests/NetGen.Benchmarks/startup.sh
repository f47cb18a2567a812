#!/usr/bin/env bash
# Time to first result: process start to the phone-price network's first trained epoch and first inference, for the
# same program (tests/NetGen.Startup) built three ways: the JIT app with default settings, ReadyToRun, and NativeAOT with the
# build machine's instruction set. R launches each (default 5; or $R), medians in milliseconds.
#
#   tests/NetGen.Benchmarks/startup.sh [-r R]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${R:-5}"
[ "${1:-}" = "-r" ] && runs="$2"
out="$(mktemp -d /tmp/netgen-startup.XXXXXX)"
app="$here/../NetGen.Startup"
echo "building (JIT, ReadyToRun, NativeAOT)..." >&2
dotnet build "$app/Startup.csproj" -c Release -nologo -v q -o "$out/jit" >&2
dotnet publish "$app/Startup.csproj" -c Release -nologo -v q -p:StartupMode=r2r -o "$out/r2r" >&2
dotnet publish "$app/Startup.csproj" -c Release -nologo -v q -p:StartupMode=aot -o "$out/aot" >&2

for r in $(seq 1 "$runs"); do
  for kind in jit r2r aot; do
    start=$(date +%s%3N)
    "$out/$kind/Startup" | while IFS=$'\t' read -r event at; do echo -e "$kind\t$event\t$((at - start))"; done >>"$out/results.tsv"
  done
done
python3 - "$out/results.tsv" "$runs" <<'PY'
import statistics, sys
from collections import defaultdict
rows = defaultdict(list)
for line in open(sys.argv[1]):
    kind, event, ms = line.rstrip("\n").split("\t")
    rows[(kind, event)].append(int(ms))
print(f"# {sys.argv[2]} launches each; median ms from launch (min-max)")
print(f"{'build':<12}{'first epoch':>22}{'first inference':>22}")
for kind, label in (("jit", "JIT"), ("r2r", "ReadyToRun"), ("aot", "NativeAOT")):
    cells = []
    for event in ("first-epoch", "first-inference"):
        xs = rows[(kind, event)]
        cells.append(f"{statistics.median(xs):.0f} ({min(xs)}-{max(xs)})" if xs else "-")
    print(f"{label:<12}{cells[0]:>22}{cells[1]:>22}")
PY
echo "raw results: $out/results.tsv" >&2
