#!/usr/bin/env python3
"""Scores three ways of picking standard TTT's prediction from its records, by the softmax
probability (`confidences`) each prediction was made with:

    last           the last step's prediction (what standard TTT predicts)
    surest         the prediction of the step k in 0..K with the highest confidence (ties: later k)
    surer-of-two   step 0 or step K, whichever is more confident (ties: step K)

Prints, for each run, each way's mean over corruptions, its paired difference against the
baseline run's last-step prediction (the same images, matched by corruption, level and position),
and each corruption's accuracy.

    tools/analysis/select_by_confidence.py BASE_SHARD... -- RUN_SHARD... [-- RUN_SHARD...]
"""
import sys

from records import mean_over_corruptions, paired, per_corruption, read, split_groups


def last(r):
    return r["predictions"][-1]


def surest(r):
    c = r["confidences"]
    best = max(range(len(c)), key=lambda k: (c[k], k))
    return r["predictions"][best]


def surer_of_two(r):
    c = r["confidences"]
    return r["predictions"][0] if c[0] > c[-1] else r["predictions"][-1]


WAYS = {"last": last, "surest": surest, "surer-of-two": surer_of_two}


def main(argv):
    groups = split_groups(argv)
    base = read(groups[0])
    base_ok = {k: int(last(r) == r["label"]) for k, r in base.items()}
    print(f"baseline (last step) {','.join(groups[0])}: {mean_over_corruptions(base_ok):.1f} % "
          f"({len(base)} images)")
    corruptions = list(per_corruption(base_ok))
    print("\n| run | way | mean % | paired vs baseline (points) | "
          + " | ".join(corruptions) + " |")
    print("|---|---|---|---|" + "---|" * len(corruptions))
    for g in groups[1:]:
        run = read(g)
        missing = [k for k, r in run.items() if r.get("confidences") is None]
        if missing:
            sys.exit(f"{','.join(g)}: {len(missing)} records have no confidences; "
                     "they were written before ttt4j recorded them: run the eval again")
        for name, way in WAYS.items():
            ok = {k: int(way(r) == r["label"]) for k, r in run.items() if k in base}
            m, h = paired(ok, {k: base_ok[k] for k in ok})
            cells = per_corruption(ok)
            print(f"| {','.join(g)} | {name} | {mean_over_corruptions(ok):.1f} | {m:+.1f} ± {h:.1f} | "
                  + " | ".join(f"{cells.get(c, float('nan')):.0f}" for c in corruptions) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
