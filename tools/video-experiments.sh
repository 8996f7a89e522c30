#!/usr/bin/env bash
# The docs/results/video experiments, in two lanes of one thread each (the machine has 2 cores).
# Needs: runs/seg/model.safetensors (ttt4j train seg) and runs/videos-{eval,long} (ttt4j video make).
set -euo pipefail
cd "$(dirname "$0")/.."
export TTT4J_THREADS=1 OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
M=runs/seg/model.safetensors
LR=${LR:-0.005}   # the better of 0.005 / 0.02 with online TTT on runs/videos-tune (train garments)
V="./ttt4j video --model $M --lr $LR"
lane_a() {
  $V --videos runs/videos-eval --strategy fixed --save-predictions --out runs/exp/fixed
  $V --videos runs/videos-eval --strategy online --save-predictions --out runs/exp/online
  $V --videos runs/videos-eval --strategy window --k 16 --save-predictions --out runs/exp/window-k16
  for k in 2 4 8 32 64; do      # k = 1 is online, k = 16 the run above
    $V --videos runs/videos-eval --strategy window --k $k --out runs/exp/k$k
  done
}
lane_b() {
  $V --videos runs/videos-eval --strategy no-memory --out runs/exp/no-memory
  $V --videos runs/videos-eval --strategy offline --out runs/exp/offline
  $V --videos runs/videos-eval --strategy online --shuffle --out runs/exp/online-shuffled
  # memory: 3,000 frames online; 2 views per step keeps it short (memory use does not depend on it)
  $V --videos runs/videos-long --strategy online --batch 2 --print-memory-every 500 \
    --out runs/exp/memory
}
lane_a > runs/exp-a.log 2>&1 &
lane_b > runs/exp-b.log 2>&1 &
wait
# figures: the k plot over all five videos, and the strip of video-004 (frame, truth, and the
# predicted masks of the three lane-a runs made with --save-predictions; 8 frames evenly spaced)
E=runs/exp
./ttt4j video figures \
  --k-runs 1=$E/online,2=$E/k2,4=$E/k4,8=$E/k8,16=$E/window-k16,32=$E/k32,64=$E/k64 \
  --k-plot docs/results/video/k-ablation.png \
  --video runs/videos-eval/video-004 \
  --strip-runs fixed=$E/fixed/video-004,online=$E/online/video-004,window-k16=$E/window-k16/video-004 \
  --strip docs/results/video/strip-video-004.png
