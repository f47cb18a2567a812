#!/usr/bin/env bash
# The harness under the JIT and under NativeAOT, with and without an instruction set, alternately on this machine.
#
#   tests/NetGen.Benchmarks/aot-compare.sh [-r R] [--seconds S] [--threads T] [--isa ISA] [workload ...]
#
# Builds the harness for the JIT (Release) and publishes it twice with NativeAOT (-p:BenchmarkAot=true): once with
# no IlcInstructionSet (the compiler's baseline: x86-64-v2 on .NET 10, no AVX2, FMA or AVX-512) and once with
# IlcInstructionSet=ISA (default native: this machine's CPU). Then R times (default 5; or $R) runs the three in turn,
# the order rotating each round, and prints per workload the median of each build and the AOT/JIT ratios.
# Raw results are kept in $OUT (default a temp dir). Each publish takes about 40 s on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs="${R:-5}"
seconds=2
threads=2
isa=native
filters=()
while [ $# -gt 0 ]; do
  case "$1" in
    -r|--runs) runs="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --isa) isa="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) filters+=("$1"); shift ;;
  esac
done
out="${OUT:-$(mktemp -d /tmp/netgen-aot-compare.XXXXXX)}"
mkdir -p "$out"

echo "building NetGen.Benchmarks (Release, JIT)..." >&2
dotnet build "$here/NetGen.Benchmarks.csproj" -c Release -nologo -v q >&2
echo "publishing NetGen.Benchmarks with NativeAOT, no IlcInstructionSet..." >&2
dotnet publish "$here/NetGen.Benchmarks.csproj" -c Release -nologo -v q -p:BenchmarkAot=true -o "$out/aot-default" >&2
echo "publishing NetGen.Benchmarks with NativeAOT, IlcInstructionSet=$isa..." >&2
dotnet publish "$here/NetGen.Benchmarks.csproj" -c Release -nologo -v q -p:BenchmarkAot=true -p:IlcInstructionSet="$isa" -o "$out/aot-isa" >&2

run() {
  case "$1" in
    jit) dotnet "$here/bin/Release/net10.0/NetGen.Benchmarks.dll" "${@:2}" ;;
    aot-default) "$out/aot-default/NetGen.Benchmarks" "${@:2}" ;;
    aot-isa) "$out/aot-isa/NetGen.Benchmarks" "${@:2}" ;;
  esac
}

builds=(jit aot-default aot-isa)
for r in $(seq 1 "$runs"); do
  for i in 0 1 2; do
    b="${builds[$(( (i + r - 1) % 3 ))]}"
    echo "round $r/$runs: $b..." >&2
    run "$b" --threads "$threads" --seconds "$seconds" ${filters[@]+"${filters[@]}"} 2>/dev/null | sed "s/^/$b\t$r\t/" >>"$out/results.tsv"
  done
done

python3 - "$out/results.tsv" "$runs" "$seconds" "$threads" "$isa" <<'EOF'
import statistics, sys
from collections import defaultdict
path, runs, seconds, threads, isa = sys.argv[1:6]
vals, units, order = defaultdict(list), {}, []
for line in open(path):
    f = line.rstrip("\n").split("\t")
    if len(f) != 5: continue
    build, _, name, value, unit = f
    if value == "NaN": continue
    vals[(build, name)].append(float(value)); units[name] = unit
    if name not in order: order.append(name)
med = lambda xs: statistics.median(xs) if xs else None
def fmt(x): return "-" if x is None else f"{x:,.1f}"
def ratio(a, b): return "-" if a is None or not b else f"{a / b:.2f}"
print(f"# {runs} round(s), --threads {threads}, --seconds {seconds}; medians; aot-isa = IlcInstructionSet={isa}")
print(f"{'workload':<26}{'unit':<11}{'jit':>14}{'aot-default':>14}{'aot-isa':>14}{'default/jit':>13}{'isa/jit':>9}{'isa/default':>13}")
for name in order:
    j, d, a = (med(vals[(b, name)]) for b in ("jit", "aot-default", "aot-isa"))
    print(f"{name:<26}{units[name]:<11}{fmt(j):>14}{fmt(d):>14}{fmt(a):>14}{ratio(d, j):>13}{ratio(a, j):>9}{ratio(a, d):>13}")
EOF
echo "raw results: $out/results.tsv" >&2
