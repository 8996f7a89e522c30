#!/usr/bin/env bash
# Side-by-side speed comparison with the PyTorch reference (../shared/bench/peer/ttt_mae_ref.py):
# runs the reference and ttt4j alternately, ROUNDS times each, with the same thread count, and
# prints per (config, B) the median of the per-round medians of both and the ratio ttt4j/reference.
# Machines are noisy: only ratios measured in one invocation are quoted in this project.
#
#   bench/compare.sh [--rounds 3] [--configs fmnist-tiny] [--batches 1,8,32,128] [--min-time 8]
#   bench/compare.sh --train [--batches 128] ...   one MAE pretraining step instead of a TTT step:
#       bench/mae_pretrain_ref.py (the reference's model, AdamW) against `ttt4j bench train`
#   bench/compare.sh --online ...   online (window k=16, B=8) TTT frames/s of the reference's
#       --online worker against `ttt4j bench online`, and standard TTT (K=10, B=8) seconds per
#       sample: measured by ttt4j, derived for the reference as 10 x (step + aug) + 11 x cls +
#       in-place reset from its B=8 point of the same round
#   bench/compare.sh --ref-no-gradnorm ...   the reference without the per-step grad-norm that
#       MAE's NativeScalerWithGradNormCount computes (its default TTT step has it; ttt4j computes
#       a grad-norm only when clipping is on, which the benchmarked step is not)
# Needs: apt-get install -y python3-torch python3-torchvision libopenblas0-openmp
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REF="$ROOT/../shared/bench/peer/ttt_mae_ref.py"
ROUNDS=3; CONFIGS=fmnist-tiny; BATCHES=; MIN_TIME=8; THREADS=2; TRAIN=0; ONLINE=0; REF_OPTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --configs) CONFIGS="$2"; shift 2 ;;
    --batches) BATCHES="$2"; shift 2 ;;
    --min-time) MIN_TIME="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --train) TRAIN=1; shift ;;
    --online) ONLINE=1; shift ;;
    --ref-no-gradnorm) REF_OPTS=(--no-gradnorm); shift ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
if [ -z "$BATCHES" ]; then
  if [ "$TRAIN" = 1 ]; then BATCHES=128; elif [ "$ONLINE" = 1 ]; then BATCHES=8; else BATCHES=1,8,32,128; fi
fi
[ -f "$REF" ] || { echo "reference not found: $REF (../shared beside the repo)" >&2; exit 1; }
/usr/bin/python3 -c 'import torch, torchvision' 2>/dev/null \
  || { echo "needs: apt-get install -y python3-torch python3-torchvision libopenblas0-openmp" >&2; exit 1; }
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$ROOT/ttt4j" version >/dev/null 2>&1   # build once, outside the timed runs
echo "# compare$([ "$TRAIN" = 1 ] && echo ' --train')$([ "$ONLINE" = 1 ] && echo ' --online')$([ ${#REF_OPTS[@]} -gt 0 ] && echo ' --ref-no-gradnorm') $(date -u +%FT%TZ) rounds=$ROUNDS threads=$THREADS configs=$CONFIGS batches=$BATCHES min-time=${MIN_TIME}s"
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x$(nproc)"
for r in $(seq 1 "$ROUNDS"); do
  for cfg in ${CONFIGS//,/ }; do
    if [ "$ONLINE" = 1 ]; then
      echo "round $r: reference online $cfg ..." >&2
      (cd "$(dirname "$REF")" && /usr/bin/python3 "$REF" --configs "$cfg" --batches 8 --online \
          --threads "$THREADS" --min-time "$MIN_TIME" --no-matmul ${REF_OPTS[@]+"${REF_OPTS[@]}"}) \
          > "$OUT/online-ref-$r-$cfg.txt"
      echo "round $r: ttt4j bench online $cfg ..." >&2
      TTT4J_THREADS="$THREADS" "$ROOT/ttt4j" bench online --preset "$cfg" \
          --json "$OUT/online-ttt4j-$r-$cfg.json" > "$OUT/online-ttt4j-$r-$cfg.txt" 2>/dev/null
      continue
    fi
    if [ "$TRAIN" = 1 ]; then
      echo "round $r: reference MAE pretraining $cfg ..." >&2
      /usr/bin/python3 "$ROOT/bench/mae_pretrain_ref.py" --configs "$cfg" --batches "$BATCHES" \
          --threads "$THREADS" --min-time "$MIN_TIME" --json "$OUT/train-ref-$r-$cfg.json" >&2
      echo "round $r: ttt4j bench train $cfg ..." >&2
      TTT4J_THREADS="$THREADS" "$ROOT/ttt4j" bench train --preset "$cfg" --batch "$BATCHES" \
          --min-time "$MIN_TIME" --json "$OUT/train-ttt4j-$r-$cfg.json" >&2
      continue
    fi
    echo "round $r: reference $cfg ..." >&2
    (cd "$(dirname "$REF")" && /usr/bin/python3 "$REF" --configs "$cfg" --batches "$BATCHES" \
        --threads "$THREADS" --min-time "$MIN_TIME" --no-matmul ${REF_OPTS[@]+"${REF_OPTS[@]}"}) \
        > "$OUT/ref-$r-$cfg.txt"
    echo "round $r: ttt4j $cfg ..." >&2
    TTT4J_THREADS="$THREADS" "$ROOT/ttt4j" bench step --preset "$cfg" --batch "$BATCHES" \
        --min-time "$MIN_TIME" --json "$OUT/ttt4j-$r-$cfg.json" > "$OUT/ttt4j-$r-$cfg.txt" 2>/dev/null
  done
done
if [ "$ONLINE" = 1 ]; then
  /usr/bin/python3 - "$OUT" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
ref, ours = {}, {}
for f in sorted(glob.glob(os.path.join(out, 'online-ref-*.txt'))):
    rnd = {}
    for line in open(f):
        if line.startswith('JSON '):
            r = json.loads(line[5:])
            if r.get('kind') == 'online':
                rnd['fps'] = r['fps']
            elif r.get('kind') == 'offline' and r['B'] == 8:
                # what ttt4j's loop does per image: K augmented steps, a prediction before the
                # first step and after each, one in-place reset
                rnd['std'] = (10 * (r['step']['median'] + r['aug']['median'])
                              + 11 * r['cls']['median'] + r['reset_inplace']['median'])
                cfg = r['config']
    ref.setdefault(cfg, []).append(rnd)
for f in sorted(glob.glob(os.path.join(out, 'online-ttt4j-*.json'))):
    r = json.load(open(f))
    ours.setdefault(r['online']['preset'], []).append(
        {'fps': r['online']['framesPerSecond'], 'std': r['standard']['medianSeconds']})
print(f"{'config':13s} | {'online fps ref':>14s} {'ttt4j':>7s} {'speed-up':>8s} | "
      f"{'standard s/sample ref':>21s} {'ttt4j':>7s} {'speed-up':>8s}")
for cfg in ref:
    if cfg not in ours:
        continue
    med = lambda xs, key: statistics.median(x[key] for x in xs)
    fr, fo = med(ref[cfg], 'fps'), med(ours[cfg], 'fps')
    sr, so = med(ref[cfg], 'std'), med(ours[cfg], 'std')
    print(f"{cfg:13s} | {fr:14.2f} {fo:7.2f} {fo / fr:7.2f}x | {sr:21.4f} {so:7.4f} {sr / so:7.2f}x")
    print("  per round, online fps ref/ttt4j: " + ", ".join(
        f"{a['fps']:.2f}/{b['fps']:.2f}" for a, b in zip(ref[cfg], ours[cfg])))
print(f"(medians over {len(next(iter(ref.values())))} rounds; speed-up = ttt4j throughput /"
      " reference throughput, > 1 is faster; reference standard TTT = 10 x (step + aug) +"
      " 11 x cls + in-place reset at B=8, the work of ttt4j's loop)")
PY
  exit 0
fi
if [ "$TRAIN" = 1 ]; then
  /usr/bin/python3 - "$OUT" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
ref, ours = {}, {}
for f in glob.glob(os.path.join(out, 'train-ref-*.json')):
    for r in json.load(open(f))['results']:
        ref.setdefault((r['config'], r['B']), []).append(
            (r['step']['median'], r['aug']['median'], r['step']['median'] + r['aug']['median']))
for f in glob.glob(os.path.join(out, 'train-ttt4j-*.json')):
    for r in json.load(open(f))['results']:
        ours.setdefault((r['preset'], r['batch']), []).append(
            (r['step']['median'], r['augment']['median'], r['trainerStep']['median']))
print(f"{'config':13s} {'B':>4s} | {'step ref':>9s} {'step ttt4j':>10s} {'ratio':>6s} {'img/s ref':>9s}"
      f" {'ttt4j':>7s} | {'aug ref':>8s} {'aug ttt4j':>9s} | {'step+aug ref':>12s}"
      f" {'trainer ttt4j':>13s} {'ratio':>6s}")
for k in sorted(ref):
    if k not in ours:
        continue
    m = lambda xs, i: statistics.median(x[i] for x in xs)
    s_ref, s_ours = m(ref[k], 0), m(ours[k], 0)
    full_ref, full_ours = m(ref[k], 2), m(ours[k], 2)
    print(f"{k[0]:13s} {k[1]:4d} | {s_ref:9.4f} {s_ours:10.4f} {s_ours / s_ref:6.2f}"
          f" {k[1] / s_ref:9.1f} {k[1] / s_ours:7.1f} | {m(ref[k], 1):8.4f} {m(ours[k], 1):9.4f} |"
          f" {full_ref:12.4f} {full_ours:13.4f} {full_ours / full_ref:6.2f}")
print(f"(medians over {len(next(iter(ref.values())))} rounds of per-round medians, seconds;"
      " ratio = ttt4j / reference, < 1 is faster; 'step' = forward + backward + AdamW + loss to"
      " host on a fixed augmented batch; 'trainer' = ttt4j's full step with its augmentation)")
PY
  exit 0
fi
/usr/bin/python3 - "$OUT" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
ref, ours = {}, {}
for f in glob.glob(os.path.join(out, 'ref-*.txt')):
    for line in open(f):
        if line.startswith('JSON '):
            r = json.loads(line[5:])
            if r.get('kind') == 'offline':
                k = (r['config'], r['B'])
                ref.setdefault(k, []).append((r['step']['median'], r['cls']['median'],
                                              r['reset_inplace']['median']))
for f in glob.glob(os.path.join(out, 'ttt4j-*.json')):
    for r in json.load(open(f))['results']:
        k = (r['preset'], r['batch'])
        ours.setdefault(k, []).append((r['step']['median'], r['classify']['median'],
                                       r['restore']['median']))
print(f"{'config':13s} {'B':>4s} | {'step ref':>9s} {'step ttt4j':>10s} {'ratio':>6s} | "
      f"{'cls ref':>8s} {'cls ttt4j':>9s} {'ratio':>6s} | {'restore ref':>11s} {'ttt4j':>8s} {'ratio':>6s}")
for k in sorted(ref, key=lambda k: (k[0], k[1])):
    if k not in ours:
        continue
    m = lambda xs, i: statistics.median(x[i] for x in xs)
    row = [m(ref[k], 0), m(ours[k], 0), m(ref[k], 1), m(ours[k], 1), m(ref[k], 2), m(ours[k], 2)]
    print(f"{k[0]:13s} {k[1]:4d} | {row[0]:9.4f} {row[1]:10.4f} {row[1]/row[0]:6.2f} | "
          f"{row[2]:8.4f} {row[3]:9.4f} {row[3]/row[2]:6.2f} | {row[4]:11.5f} {row[5]:8.5f} {row[5]/row[4]:6.2f}")
print(f"(medians over {len(next(iter(ref.values())))} rounds; ratio = ttt4j / reference, < 1 is faster)")
PY
