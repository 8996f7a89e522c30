#!/usr/bin/env python3
"""Standard TTT's accuracy after each step k of one run (shards pooled), and the paired difference
of step k against a base step on the same images: how the number of steps K is chosen from one
run whose first steps are those of a shorter one.

    tools/analysis/steps_paired.py --base 20 --steps 25,30,35,40 RUN_SHARD...
"""
import argparse

from records import mean_over_corruptions, paired, per_corruption, read


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=int, required=True, help="the step to compare against")
    ap.add_argument("--steps", required=True, help="comma-separated steps to report")
    ap.add_argument("runs", nargs="+")
    a = ap.parse_args()
    run = read(a.runs)
    steps = [int(s) for s in a.steps.split(",")]
    ok = {k: {key: int(r["predictions"][k] == r["label"]) for key, r in run.items()}
          for k in [0, a.base] + steps}
    corruptions = list(per_corruption(ok[a.base]))
    print(f"{len(run)} images; mean over corruptions after k steps: "
          + ", ".join(f"k={k} {mean_over_corruptions(ok[k]):.1f}" for k in sorted(ok)))
    print("\n| step | mean % | paired vs step " + str(a.base) + " (points) | "
          + " | ".join(corruptions) + " |")
    print("|---|---|---|" + "---|" * len(corruptions))
    for k in [a.base] + steps:
        m, h = paired(ok[k], ok[a.base])
        cells = per_corruption(ok[k])
        print(f"| {k} | {mean_over_corruptions(ok[k]):.1f} | {m:+.1f} ± {h:.1f} | "
              + " | ".join(f"{cells[c]:.1f}" for c in corruptions) + " |")


if __name__ == "__main__":
    main()
