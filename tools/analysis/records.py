"""Reading standard-TTT records (records.jsonl of `ttt4j eval` runs) and scoring them: shared by
the analysis scripts beside this file."""
import json
import math


def read(paths):
    """The records of run folders (shards pooled), keyed by (corruption, level, position)."""
    out = {}
    for p in paths:
        with open(p + "/records.jsonl") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                r = json.loads(line)
                out[(r["corruption"], r["severity"], r["position"])] = r
    return out


def mean_over_corruptions(correct):
    """The mean over corruptions of each corruption's accuracy, in %."""
    cells = per_corruption(correct)
    return sum(cells.values()) / len(cells)


def per_corruption(correct):
    """Each corruption's accuracy in %, in first-seen order."""
    by = {}
    for key, ok in correct.items():
        by.setdefault(key[0], []).append(ok)
    return {c: 100 * sum(v) / len(v) for c, v in by.items()}


def paired(a, b):
    """Mean of a - b over the same images, in points, and its normal 95 % half-width."""
    d = [a[k] - b[k] for k in a]
    n = len(d)
    m = sum(d) / n
    var = sum((x - m) ** 2 for x in d) / (n - 1)
    return 100 * m, 100 * 1.959964 * math.sqrt(var / n)


def split_groups(argv):
    """Command-line run folders, in groups separated by '--'."""
    groups, cur = [], []
    for a in argv:
        if a == "--":
            groups.append(cur)
            cur = []
        else:
            cur.append(a)
    groups.append(cur)
    return groups
