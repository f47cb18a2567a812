#!/usr/bin/env bash
# NetGen vs the TorchSharp peer, side by side on this machine, in the same minute.
#
#   tests/NetGen.Benchmarks/compare.sh [-r R] [--seconds S] [workload ...]
#
# Builds the harness in Release, then R times (default 3; or $R) runs the peer and ours alternately with
# --threads 1 and --threads 2, and prints per workload: our best of our 1-thread and 2-thread medians
# (--threads sets Parallelism.MaxThreads), the peer's best of its 1-thread and 2-thread medians,
# the ratio ours/peer, the target ratio and whether it is met. Raw results are kept in $OUT (default a temp dir).
# The peer is ../../../shared/peers/torchsharp/run.sh relative to this script, or $PEER; its first run builds it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peer="${PEER:-$here/../../../shared/peers/torchsharp/run.sh}"
runs="${R:-3}"
seconds=2
filters=()
while [ $# -gt 0 ]; do
  case "$1" in
    -r|--runs) runs="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) filters+=("$1"); shift ;;
  esac
done
out="${OUT:-$(mktemp -d /tmp/netgen-compare.XXXXXX)}"
mkdir -p "$out"

echo "building NetGen.Benchmarks (Release)..." >&2
dotnet build "$here/NetGen.Benchmarks.csproj" -c Release -nologo -v q >&2
ours=(dotnet "$here/bin/Release/net10.0/NetGen.Benchmarks.dll")

for r in $(seq 1 "$runs"); do
  for t in 1 2; do
    echo "run $r/$runs, --threads $t: peer..." >&2
    "$peer" --threads "$t" --seconds "$seconds" ${filters[@]+"${filters[@]}"} | sed "s/^/peer\t$t\t/" >>"$out/results.tsv"
    echo "run $r/$runs, --threads $t: ours..." >&2
    "${ours[@]}" --threads "$t" --seconds "$seconds" ${filters[@]+"${filters[@]}"} 2>"$out/ours-stderr.txt" \
      | sed "s/^/ours\t$t\t/" >>"$out/results.tsv"
    grep -P '^\S+-alloc\t' "$out/ours-stderr.txt" | sed "s/^/ours\t$t\t/" >>"$out/results.tsv" || true
  done
done

python3 - "$out/results.tsv" "$runs" "$seconds" <<'EOF'
import statistics, sys
from collections import defaultdict
path, runs, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
order = ["train-mnist-b64", "train-mnist-b256", "train-phone-b64", "train-tiny-b32",
         "infer-small-b1", "infer-mnist-b1", "infer-mnist-b1024", "dense-1024-b1024"]
targets = {"train-mnist-b64": 2.0, "train-mnist-b256": 1.2, "train-phone-b64": 5, "train-tiny-b32": 50,
           "infer-small-b1": 30, "infer-mnist-b1": 5, "infer-mnist-b1024": 1.0, "dense-1024-b1024": 0.9}
vals, units = defaultdict(list), {}
for line in open(path):
    f = line.rstrip("\n").split("\t")
    if len(f) != 5: continue
    who, threads, name, value, unit = f
    vals[(who, threads, name)].append(float(value)); units[name] = unit
med = lambda xs: statistics.median(xs) if xs else None
def fmt(x): return "-" if x is None else f"{x:,.1f}"
print(f"# {runs} run(s) x --threads 1,2 each, --seconds {seconds}; medians; each side = best of its 1- and 2-thread medians")
print(f"{'workload':<26}{'unit':<11}{'ours':>12}{'ours t':>7}{'peer':>12}{'peer t':>7}{'ours/peer':>10}{'target':>8}  met   {'alloc B/step':>12}")
met_count = total = 0
for name in order:
    o = [(med(vals[("ours", t, name)]), t) for t in ("1", "2") if vals[("ours", t, name)]]
    p = [(med(vals[("peer", t, name)]), t) for t in ("1", "2") if vals[("peer", t, name)]]
    if not o and not p: continue
    ours, ot = max(o) if o else (None, "-")
    peer, pt = max(p) if p else (None, "-")
    alloc = med(vals[("ours", "1", name + "-alloc")] + vals[("ours", "2", name + "-alloc")])
    ratio = ours / peer if ours is not None and peer else None
    ok = ratio is not None and ratio >= targets[name]
    total += 1; met_count += ok
    print(f"{name:<26}{units.get(name, ''):<11}{fmt(ours):>12}{ot:>7}{fmt(peer):>12}{pt:>7}"
          f"{('-' if ratio is None else f'{ratio:.2f}'):>10}{'>=' + str(targets[name]):>8}  {'yes' if ok else 'NO ':<4}  {fmt(alloc):>12}")
for extra in ("fma-peak", "dense-1024-b1024-of-peak"):
    xs = vals[("ours", "1", extra)] + vals[("ours", "2", extra)]
    if xs: print(f"{extra:<26}{units[extra]:<11}{fmt(med(xs)):>12}  (ours, median)")
print(f"targets met: {met_count}/{total}")
EOF
echo "raw results: $out/results.tsv" >&2
