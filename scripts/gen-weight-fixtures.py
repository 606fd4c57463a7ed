#!/usr/bin/env python3
"""Writes test/fixtures/weights/*.json: reference vectors for shared/src/weights.

An independent transcription, in Python + numpy, of three functions of the Bittensor Python SDK
(bittensor/utils/weight_utils.py): normalize_max_weight, process_weights (what
process_weights_for_netuid calls once it has the hyperparameters) and convert_weights_and_uids_for_emit.
Written from the SDK's behaviour with numpy >= 2 (NEP 50 promotion: Python floats are "weak", so
float32 arrays stay float32), the numpy the SDK requires today. The TypeScript port must reproduce
these outputs bit for bit.

Usage: python3 scripts/gen-weight-fixtures.py && npx biome format --write test/fixtures/weights
(deterministic: fixed seed; biome then lays the JSON out as the linter wants it)
"""

import json
import os
import sys

import numpy as np

U16_MAX = 65535
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "weights")


def normalize_max_weight(x, limit):
    """Sum to 1 with no entry above `limit` (the SDK's normalize_max_weight, numpy path)."""
    eps = 1e-7
    w = x.copy()
    v = np.sort(w)
    if x.sum() == 0 or x.shape[0] * limit <= 1:
        return np.ones_like(x) / x.shape[0]
    est = v / v.sum()
    if est.max() <= limit:
        return w / w.sum()
    cs = np.cumsum(est, 0)
    n = len(v)
    est_sum = np.array([(n - i - 1) * est[i] for i in range(n)])
    n_values = (est / (est_sum + cs + eps) < limit).sum()
    cutoff_scale = (limit * cs[n_values - 1] - eps) / (1 - (limit * (len(est) - n_values)))
    cutoff = cutoff_scale * v.sum()
    w[w > cutoff] = cutoff
    return w / w.sum()


def process_weights(uids, weights, n, min_allowed, limit, exclude_quantile=0):
    """The SDK's process_weights (numpy path): returns (uids, weights)."""
    weights = weights.astype(np.float32)
    quantile = exclude_quantile / U16_MAX
    nz_idx = np.argwhere(weights > 0).squeeze(axis=1)
    nz_uids = uids[nz_idx]
    nz_w = weights[nz_idx]
    if nz_w.size == 0 or n < min_allowed:
        # int64 ones / int: float64, as in the SDK.
        final = np.ones(n, dtype=np.int64) / n
        return np.arange(len(final)), final
    if nz_w.size < min_allowed:
        # int64 ones * 1e-5: float64 from here on, as in the SDK.
        w = np.ones(n, dtype=np.int64) * 1e-5
        w[nz_idx] += nz_w
        out = normalize_max_weight(w, limit)
        return np.arange(len(out)), out
    max_exclude = max(0, len(nz_w) - min_allowed) / len(nz_w)
    q = min([quantile, max_exclude])
    lowest = np.quantile(nz_w, q)
    keep = lowest <= nz_w
    nz_uids = nz_uids[keep]
    nz_w = nz_w[keep]
    return nz_uids, normalize_max_weight(nz_w, limit)


def convert_for_emit(uids, weights):
    """The SDK's convert_weights_and_uids_for_emit: float weights to u16, zeros dropped."""
    weights = weights.tolist()
    uids = uids.tolist()
    if min(weights) < 0:
        raise ValueError("negative weight")
    if min(uids) < 0:
        raise ValueError("negative uid")
    if len(uids) != len(weights):
        raise ValueError("length mismatch")
    if sum(weights) == 0:
        return [], []
    m = float(max(weights))
    weights = [float(v) / m for v in weights]
    out_uids, out_vals = [], []
    for w, u in zip(weights, uids):
        val = round(float(w) * int(U16_MAX))
        if val != 0:
            out_vals.append(val)
            out_uids.append(u)
    return out_uids, out_vals


def floats(a):
    """Exact doubles: json writes repr(float), which JavaScript parses back to the same bits."""
    return [float(x) for x in np.asarray(a).tolist()]


def dtype_name(a):
    return "float32" if np.asarray(a).dtype == np.float32 else "float64"


def random_weights(rng, size, zero_frac, style):
    if style == "uniform":
        w = rng.random(size)
    elif style == "skewed":
        w = rng.random(size) ** 6
    elif style == "integers":
        w = rng.integers(0, 20, size).astype(np.float64)
    else:  # "spiky": a few large entries
        w = rng.random(size) * 0.01
        w[rng.integers(0, size, max(1, size // 10))] = rng.random(max(1, size // 10)) * 10
    w[rng.random(size) < zero_frac] = 0
    return w.astype(np.float32)


def process_case(name, uids, weights, n, min_allowed, max_weight_limit_u16, exclude_quantile):
    limit = max_weight_limit_u16 / U16_MAX
    out_uids, out_w = process_weights(uids, weights, n, min_allowed, limit, exclude_quantile)
    emit_uids, emit_vals = convert_for_emit(np.asarray(out_uids), np.asarray(out_w))
    return {
        "name": name,
        "uids": [int(u) for u in uids],
        "weights": floats(weights),
        "n": n,
        "minAllowedWeights": min_allowed,
        "maxWeightLimitU16": max_weight_limit_u16,
        "excludeQuantile": exclude_quantile,
        "expected": {
            "uids": [int(u) for u in out_uids],
            "weights": floats(out_w),
            "dtype": dtype_name(out_w),
            "emitUids": emit_uids,
            "emitValues": emit_vals,
        },
    }


def process_cases(rng):
    cases = []
    f32 = np.float32
    ar = np.arange
    cases.append(process_case("all-zero", ar(8), np.zeros(8, f32), 8, 4, 65535, 0))
    cases.append(process_case("all-zero-single", ar(1), np.zeros(1, f32), 1, 1, 65535, 0))
    cases.append(
        process_case("n-below-min-allowed", ar(3), np.array([0.5, 0.2, 0.3], f32), 3, 8, 65535, 0)
    )
    cases.append(
        process_case(
            "fewer-nonzero-than-min-allowed",
            ar(10),
            np.array([0, 0.9, 0, 0, 0.1, 0, 0, 0, 0, 0], f32),
            10,
            4,
            13107,
            0,
        )
    )
    cases.append(
        process_case("fewer-nonzero-one-weight", ar(16), np.eye(1, 16, 5, dtype=f32)[0], 16, 8, 65535, 0)
    )
    cases.append(
        process_case(
            "max-weight-limit-clipping",
            ar(12),
            np.array([10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], f32),
            12,
            1,
            6553,
            0,
        )
    )
    cases.append(
        process_case("limit-too-small-gives-uniform", ar(5), np.array([5, 1, 1, 1, 1], f32), 5, 1, 6553, 0)
    )
    cases.append(
        process_case(
            "quantile-exclusion",
            ar(20),
            np.linspace(0.05, 1, 20).astype(f32),
            20,
            4,
            65535,
            int(0.25 * U16_MAX),
        )
    )
    cases.append(
        process_case(
            "quantile-capped-by-min-allowed",
            ar(10),
            np.linspace(0.1, 1, 10).astype(f32),
            10,
            8,
            65535,
            int(0.9 * U16_MAX),
        )
    )
    cases.append(
        process_case(
            "sparse-uids-with-zeros",
            np.array([3, 7, 9, 12, 40, 41]),
            np.array([0, 0.25, 0.5, 0, 1, 0.125], f32),
            64,
            2,
            32767,
            0,
        )
    )
    for i in range(24):
        size = int(rng.integers(4, 60))
        w = random_weights(rng, size, 0.1, "uniform")
        q = int(rng.integers(1, 65536))
        cases.append(process_case(f"quantile-random-{i}", np.arange(size), w, size, 1, 65535, q))
    styles = ["uniform", "skewed", "integers", "spiky"]
    for size in list(range(1, 33)) + list(range(33, 257, 7)) + [127, 128, 129, 255, 256]:
        style = styles[size % 4]
        w = random_weights(rng, size, rng.choice([0.0, 0.1, 0.5]), style)
        min_allowed = int(rng.choice([0, 1, 2, 8, 16, 64]))
        limit_u16 = int(rng.choice([65535, 32767, 13107, 6553, 1310, int(rng.integers(1, 65536))]))
        q = int(rng.choice([0, 0, 1000, 6553, 20000, 65535]))
        cases.append(
            process_case(f"random-{style}-{size}", np.arange(size), w, size, min_allowed, limit_u16, q)
        )
    return cases


def normalize_cases(rng):
    cases = []

    def add(name, x, limit):
        y = normalize_max_weight(x, limit)
        cases.append(
            {
                "name": name,
                "x": floats(x),
                "dtype": dtype_name(x),
                "limit": limit,
                "expected": floats(y),
            }
        )

    add("zero-sum", np.zeros(4, np.float32), 0.5)
    add("n-times-limit-at-most-one", np.array([3, 1, 1], np.float32), 1 / 3)
    add("under-limit", np.array([0.2, 0.3, 0.5], np.float32), 0.6)
    add("clip-one", np.array([10, 1, 1, 1, 1, 1, 1, 1, 1, 1], np.float32), 0.2)
    add("limit-0.1", np.array([0.1] * 10 + [0.10001], np.float32), 0.1)
    add("float64-input", np.array([1e-5, 1e-5, 0.7, 1e-5, 0.3]), 0.4)
    # numpy 2 casts the Python-float limit to float32 before comparing: est.max() == float32(0.4) > 0.4.
    add("limit-compared-in-float32", np.array([1, 2, 3, 4], np.float32), 0.4)
    for i, (x, limit) in enumerate(float32_limit_ties(rng)):
        add(f"cutoff-count-limit-tie-{i}", x, limit)
    for size in list(range(1, 33)) + [50, 64, 100, 127, 128, 129, 200, 255, 256]:
        x = random_weights(rng, size, 0.1, ["uniform", "skewed", "spiky"][size % 3])
        limit = float(rng.choice([0.05, 0.1, 0.2, 0.5, 1.0, float(rng.random())]))
        add(f"random-{size}", x, limit)
        if size % 4 == 0:
            add(f"random-f64-{size}", x.astype(np.float64) + 1e-5, limit)
    return cases


def float32_limit_ties(rng, wanted=4):
    """Vectors whose cutoff ratio equals float32(limit) while the float64 limit is a hair larger,
    so a port that compares against the float64 limit counts one value more and clips differently."""
    eps = np.float32(1e-7)
    found = []
    while len(found) < wanted:
        n = int(rng.integers(3, 9))
        x = rng.integers(1, 12, n).astype(np.float32)
        v = np.sort(x)
        est = v / v.sum()
        cs = np.cumsum(est)
        es = np.array([(n - i - 1) * est[i] for i in range(n)])
        ratios = est / (es + cs + eps)
        for r in ratios[:-1]:
            limit = float(np.nextafter(float(r), 1.0))
            if np.float32(limit) == r and est.max() > np.float32(limit) and n * limit > 1:
                found.append((x, limit))
                break
    return found


def emit_cases(rng):
    cases = []

    def add(name, uids, weights):
        try:
            u, v = convert_for_emit(np.asarray(uids), np.asarray(weights))
            expected = {"uids": u, "values": v}
        except ValueError as e:
            expected = {"error": str(e)}
        cases.append({"name": name, "uids": list(uids), "weights": floats(weights), "expected": expected})

    f32 = np.float32
    add("all-zero", range(4), np.zeros(4, f32))
    add("negative-weight", range(3), np.array([0.5, -0.1, 0.2], f32))
    add("one-weight", [7], np.array([0.3], f32))
    add("drops-tiny", range(4), np.array([1, 1e-6, 0.5, 0], f32))
    # Ties: w/max*65535 lands exactly on k + 0.5, where round-half-to-even decides.
    ties_w = np.array([131070] + [2 * k + 1 for k in range(0, 2000, 37)], f32)
    scaled = [float(w) / 131070.0 * 65535 for w in ties_w.tolist()]
    n_ties = sum(1 for s in scaled if s % 1 == 0.5)
    if n_ties < 10:
        sys.exit(f"tie case has only {n_ties} exact .5 values")
    add("ties-half-to-even", range(len(ties_w)), ties_w)
    for size in [1, 2, 3, 5, 8, 13, 64, 256]:
        add(f"random-{size}", range(size), random_weights(rng, size, 0.2, "skewed"))
    return cases, n_ties


def quantile_cases(rng):
    """np.quantile (linear, Python-float q) on float32 data, which process_weights uses to exclude weights."""
    cases = []
    for i in range(60):
        n = int(rng.integers(1, 40))
        x = (rng.random(n) * 10.0 ** rng.integers(-3, 6, n)).astype(np.float32)
        q = float(rng.random()) if i % 5 else float(rng.integers(0, 2))
        cases.append({"name": f"quantile-{i}", "x": floats(x), "q": q, "expected": float(np.quantile(x, q))})
    return cases


def main():
    rng = np.random.default_rng(20250705)
    os.makedirs(OUT_DIR, exist_ok=True)
    meta = {"numpy": np.__version__, "generator": "scripts/gen-weight-fixtures.py"}
    emit, n_ties = emit_cases(rng)
    files = {
        "process-weights.json": process_cases(rng),
        "normalize-max-weight.json": normalize_cases(rng),
        "convert-for-emit.json": emit,
        "quantile.json": quantile_cases(rng),
    }
    for name, cases in files.items():
        with open(os.path.join(OUT_DIR, name), "w") as f:
            json.dump({"meta": {**meta, "exactHalfTies": n_ties}, "cases": cases}, f, separators=(",", ":"))
            f.write("\n")
        print(f"{name}: {len(cases)} cases")


if __name__ == "__main__":
    main()
