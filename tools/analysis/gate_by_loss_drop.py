#!/usr/bin/env python3
"""Scores a gate on standard-TTT records: keep the step-0 prediction unless the image's MAE loss
fell by at least tau over the adaptation, then take the last step's prediction.

    drop = 1 - mean(loss of the last three steps) / loss of the first step

Reads records.jsonl of `ttt4j eval --strategy standard` runs (shards pooled), prints the accuracy
(mean over corruptions) without a gate and for each tau, with the paired difference against a
baseline run (the same images, matched by corruption, level and position).

    tools/analysis/gate_by_loss_drop.py BASE_SHARD... -- RUN_SHARD... [-- RUN_SHARD...]
"""
import sys

from records import mean_over_corruptions, paired, read, split_groups


def drop(r):
    losses = r["losses"]
    return 1 - sum(losses[-3:]) / 3 / losses[0]


def main(argv):
    groups = split_groups(argv)
    base = read(groups[0])
    base_ok = {k: int(r["predictions"][-1] == r["label"]) for k, r in base.items()}
    print(f"baseline {','.join(groups[0])}: {mean_over_corruptions(base_ok):.1f} % ({len(base)} images)")
    taus = [i / 100 for i in range(0, 11)]
    for g in groups[1:]:
        run = read(g)
        print(f"\nrun {','.join(g)}")
        print("| tau | mean % | paired vs baseline (points) | share adapted % |")
        print("|---|---|---|---|")
        rows = [("none", None)] + [(f"{t:.2f}", t) for t in taus]
        for name, t in rows:
            ok = {}
            adapted = 0
            for k, r in run.items():
                if k not in base:
                    continue
                adapt = t is None or drop(r) >= t
                adapted += adapt
                p = r["predictions"][-1] if adapt else r["predictions"][0]
                ok[k] = int(p == r["label"])
            m, h = paired(ok, {k: base_ok[k] for k in ok})
            print(f"| {name} | {mean_over_corruptions(ok):.1f} | {m:+.1f} ± {h:.1f} | "
                  f"{100 * adapted / len(ok):.0f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
