#!/usr/bin/env python3
"""Per-class accuracy and the most frequent confusions of one corruption in TTT records, after
chosen steps: which classes adapting fixes and which it leaves wrong.

    tools/analysis/confusions.py --corruption impulse_noise --steps 0,20 RUN_SHARD...
"""
import argparse
from collections import Counter

from records import read

FASHION = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Boot"]


def name(c):
    return FASHION[c] if 0 <= c < len(FASHION) else str(c)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corruption", required=True)
    ap.add_argument("--steps", default="0,20", help="comma-separated steps (0 = before adapting)")
    ap.add_argument("--top", type=int, default=6, help="how many confusions to list")
    ap.add_argument("runs", nargs="+")
    a = ap.parse_args()
    recs = [r for r in read(a.runs).values() if r["corruption"] == a.corruption]
    if not recs:
        raise SystemExit(f"no records of {a.corruption} in {', '.join(a.runs)}")
    labels = sorted({r["label"] for r in recs})
    steps = [int(s) for s in a.steps.split(",")]
    print(f"{a.corruption}: {len(recs)} images\n")
    print("| class | images | " + " | ".join(f"correct at step {k}" for k in steps) + " |")
    print("|---|---|" + "---|" * len(steps))
    for c in labels:
        mine = [r for r in recs if r["label"] == c]
        print(f"| {name(c)} | {len(mine)} | "
              + " | ".join(str(sum(r['predictions'][k] == c for r in mine)) for k in steps) + " |")
    print("| all | " + str(len(recs)) + " | "
          + " | ".join(str(sum(r['predictions'][k] == r['label'] for r in recs)) for k in steps) + " |")
    for k in steps:
        wrong = Counter((r["label"], r["predictions"][k]) for r in recs
                        if r["predictions"][k] != r["label"])
        top = ", ".join(f"{name(t)} → {name(p)} {n}" for (t, p), n in wrong.most_common(a.top))
        print(f"\nstep {k}: {sum(wrong.values())} errors; most frequent: {top}")


if __name__ == "__main__":
    main()
