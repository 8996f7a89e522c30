#!/usr/bin/python3
"""Colour 32x32 / 64x64 reference fixture for ttt4j's noise and digital corruptions.

There are no reference statistics files for colour images, so this script re-implements the
corruptions from the text of shared/specs/corruptions.md (sections 1, 2, 4.4, 5.1, 5.3-5.5) in
numpy, using the libraries the spec names for the steps it defines by a library (Pillow for the
BOX resize and the JPEG codec, scikit-image for HSV). It is written from the spec, not copied from
hendrycks/robustness or imagecorruptions.

Output (gzip JSON, src/test/resources/fixtures/corruptions/colour_reference.json.gz):
  * images: sha256 of every synthetic input (the Java test regenerates them and checks these);
  * pixels: uint8 outputs (base64, HWC) of the deterministic corruptions brightness, contrast,
    pixelate, jpeg_compression, saturate for the first PIXEL_IMAGES[side] images; Java must
    match within 1 level (2 for JPEG);
  * stats: for the random corruptions (gaussian, shot, impulse, speckle noise), the statistics of
    corruption_ref_stats_28g.json (mean, std, mad, psnr, ssim, hf_ratio, chan_corr) aggregated over
    all synthetic images, per numpy seed, as seed_mean / seed_std over N_SEEDS seeds; Java applies
    the same tolerance rule as for the 28g reference.

Requires: apt-get install -y python3-numpy python3-pil python3-skimage
Run from the repository root:  /usr/bin/python3 tools/corruptions/ref_stats_colour.py
With the library versions recorded in meta.versions (Debian 12's) a re-run gives the committed file
byte for byte.
"""
import base64
import gzip
import hashlib
import io
import json
import os
import sys

import numpy as np
import PIL
import skimage
from PIL import Image
from skimage.color import hsv2rgb, rgb2hsv
from skimage.metrics import structural_similarity

OUT = "src/test/resources/fixtures/corruptions/colour_reference.json.gz"
SIDES = (32, 64)
N_IMAGES = {32: 8, 64: 4}
PIXEL_IMAGES = {32: 2, 64: 1}  # keeps the fixture small (~270 kB)
N_SEEDS = 20
K = 5.5
FLOORS = {"mean": 0.25, "std": 0.25, "mad": 0.25, "psnr": 0.2, "ssim": 0.005,
          "hf_ratio_rel": 0.03, "chan_corr": 0.03}

# Spec section 1 parameter tables, columns 64 and 32.
TABLES = {
    "gaussian_noise": {64: [0.04, 0.08, 0.12, 0.15, 0.18], 32: [0.04, 0.06, 0.08, 0.09, 0.10]},
    "shot_noise": {64: [250, 100, 50, 30, 15], 32: [500, 250, 100, 75, 50]},
    "impulse_noise": {64: [0.01, 0.02, 0.05, 0.08, 0.14], 32: [0.01, 0.02, 0.03, 0.05, 0.07]},
    "speckle_noise": {64: [0.15, 0.2, 0.25, 0.3, 0.35], 32: [0.06, 0.1, 0.12, 0.16, 0.2]},
    "brightness": {64: [0.1, 0.2, 0.3, 0.4, 0.5], 32: [0.05, 0.1, 0.15, 0.2, 0.3]},
    "contrast": {64: [0.4, 0.3, 0.2, 0.1, 0.05], 32: [0.75, 0.5, 0.4, 0.3, 0.15]},
    "pixelate": {64: [0.9, 0.8, 0.7, 0.6, 0.5], 32: [0.95, 0.9, 0.85, 0.75, 0.65]},
    "jpeg_compression": {64: [65, 58, 50, 40, 25], 32: [80, 65, 58, 50, 40]},
    "saturate": {64: [(0.3, 0), (0.1, 0), (2, 0), (5, 0.1), (30, 0.2)],
                 32: [(0.3, 0), (0.1, 0), (1.5, 0), (2, 0.1), (2.5, 0.2)]},
}


# ---------------------------------------------------------------- synthetic inputs
def mix32(v):
    """A 32-bit integer hash (lowbias32); SyntheticImages.reference in Java is the same."""
    v &= 0xFFFFFFFF
    v ^= v >> 16
    v = (v * 0x7FEB352D) & 0xFFFFFFFF
    v ^= v >> 15
    v = (v * 0x846CA68B) & 0xFFFFFFFF
    v ^= v >> 16
    return v


def synthetic(side, k):
    """Gradients, texture, three coloured boxes, one grey box, a dark disc, a 0/255 top row."""
    img = np.zeros((side, side, 3), np.uint8)
    boxes = []
    for j in range(4):
        h = mix32(k * 16 + j + 1)
        y0 = h % (side // 2)
        x0 = (h >> 8) % (side // 2)
        y1 = y0 + 2 + (h >> 16) % (side // 2)
        x1 = x0 + 2 + (h >> 24) % (side // 2)
        c = mix32(h)
        rgb = (c & 255, (c >> 8) & 255, (c >> 16) & 255) if j < 3 else (128, 128, 128)
        boxes.append((y0, x0, y1, x1, rgb))
    for y in range(side):
        for x in range(side):
            r = x * 255 // (side - 1)
            g = y * 255 // (side - 1)
            b = (mix32(k * 1000003 + y * side + x) & 31) + (x * y) % 96
            for (y0, x0, y1, x1, rgb) in boxes:
                if y0 <= y < y1 and x0 <= x < x1:
                    r, g, b = rgb
            dy = y - 7 * side // 10
            dx = x - 3 * side // 10
            if dy * dy + dx * dx < side * side // 36:
                r = g = b = 20
            if y == 0:
                r = g = b = 0 if x % 2 == 0 else 255
            img[y, x] = (r, g, b)
    return img


# ---------------------------------------------------------------- corruptions (spec text)
def to_uint8(v):
    return np.uint8(np.clip(v, 0, 1) * 255)  # truncation (spec 0.3)


def gaussian_noise(x, c, rng):
    return to_uint8(x / 255.0 + rng.normal(size=x.shape, scale=c))


def shot_noise(x, c, rng):
    return to_uint8(rng.poisson(x / 255.0 * c) / c)


def impulse_noise(x, a, rng):
    v = x / 255.0
    flip = rng.random(x.shape) <= a  # first uniform field
    salt = rng.random(x.shape) <= 0.5  # second uniform field
    v[flip & salt] = 1.0
    v[flip & ~salt] = 0.0
    return to_uint8(v)


def speckle_noise(x, c, rng):
    v = x / 255.0
    return to_uint8(v + v * rng.normal(size=x.shape, scale=c))


def brightness(x, c):
    hsv = rgb2hsv(x / 255.0)
    hsv[..., 2] = np.clip(hsv[..., 2] + c, 0, 1)
    return to_uint8(hsv2rgb(hsv))


def contrast(x, c):
    v = x / 255.0
    mu = v.mean(axis=(0, 1), keepdims=True)
    return to_uint8((v - mu) * c + mu)


def pixelate(x, c):
    side = x.shape[0]
    s = int(side * c)
    im = Image.fromarray(x).resize((s, s), Image.BOX).resize((side, side), Image.BOX)
    return np.asarray(im)


def jpeg_compression(x, q):
    buf = io.BytesIO()
    Image.fromarray(x).save(buf, "JPEG", quality=q)  # baseline, 4:2:0, standard tables
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def saturate(x, ab):
    a, b = ab
    hsv = rgb2hsv(x / 255.0)
    hsv[..., 1] = np.clip(hsv[..., 1] * a + b, 0, 1)
    return to_uint8(hsv2rgb(hsv))


DETERMINISTIC = {"brightness": brightness, "contrast": contrast, "pixelate": pixelate,
                 "jpeg_compression": jpeg_compression, "saturate": saturate}
RANDOM = {"gaussian_noise": gaussian_noise, "shot_noise": shot_noise,
          "impulse_noise": impulse_noise, "speckle_noise": speckle_noise}


# ---------------------------------------------------------------- statistics (28g JSON meta)
def laplacian_energy(x):
    v = x.astype(np.float64)
    lap = (4 * v[1:-1, 1:-1] - v[:-2, 1:-1] - v[2:, 1:-1] - v[1:-1, :-2] - v[1:-1, 2:])
    return np.mean(lap ** 2)


def chan_corr(clean, corrupted):
    r = corrupted.astype(np.float64) - clean.astype(np.float64)
    vals = []
    for i in range(3):
        for j in range(i + 1, 3):
            a, b = r[..., i].ravel(), r[..., j].ravel()
            if a.std() == 0 or b.std() == 0:
                continue
            vals.append(np.corrcoef(a, b)[0, 1])
    return np.mean(vals) if vals else np.nan


def aggregate(cleans, outs):
    per = {k: [] for k in ("mean", "std", "mad", "psnr", "ssim", "chan_corr")}
    lap_c, lap_o = 0.0, 0.0
    for c, o in zip(cleans, outs):
        cf, of = c.astype(np.float64), o.astype(np.float64)
        per["mean"].append(of.mean())
        per["std"].append(of.std())
        per["mad"].append(np.abs(of - cf).mean())
        mse = np.mean((of - cf) ** 2)
        per["psnr"].append(100.0 if mse == 0 else min(100.0, 10 * np.log10(255.0 ** 2 / mse)))
        per["ssim"].append(structural_similarity(cf, of, data_range=255, channel_axis=2,
                                                 win_size=7, use_sample_covariance=True))
        per["chan_corr"].append(chan_corr(c, o))
        lap_c += laplacian_energy(c)
        lap_o += laplacian_energy(o)
    out = {k: float(np.nanmean(v)) for k, v in per.items()}
    out["hf_ratio"] = lap_o / lap_c
    return out


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, np.uint8).tobytes()).decode("ascii")


def write_fixture(path, fixture):
    """gzip JSON with a zero timestamp in the gzip header, so that a re-run gives the same bytes."""
    with gzip.GzipFile(path, "wb", mtime=0) as raw, io.TextIOWrapper(raw, encoding="ascii") as f:
        json.dump(fixture, f, separators=(",", ":"))
    print("wrote", path, os.path.getsize(path), "bytes")


def main():
    if not os.path.isdir("src/test/resources"):
        sys.exit("run from the repository root (src/test/resources not found)")
    fixture = {
        "meta": {
            "generator": "tools/corruptions/ref_stats_colour.py",
            "spec": "shared/specs/corruptions.md",
            "versions": {"python": sys.version.split()[0], "numpy": np.__version__,
                         "pillow": PIL.__version__, "skimage": skimage.__version__},
            "images": "SyntheticImages.reference(side, k), k = 0..n-1 (integer-only generator)",
            "pixel_images": {str(k): v for k, v in PIXEL_IMAGES.items()},
            "pixel_tolerance": {"default": 1, "jpeg_compression": 2},
            "n_seeds": N_SEEDS,
            "tolerance_rule": "|java - seed_mean| <= max(floor, k * seed_std * sqrt(1 + 1/n_seeds));"
                              " hf_ratio floor relative (hf_ratio_rel * seed_mean)",
            "k": K,
            "floors": FLOORS,
        },
        "images": {}, "pixels": {}, "stats": {},
    }
    for side in SIDES:
        key = str(side)
        imgs = [synthetic(side, k) for k in range(N_IMAGES[side])]
        fixture["images"][key] = [hashlib.sha256(i.tobytes()).hexdigest() for i in imgs]
        fixture["pixels"][key] = {}
        for name, fn in DETERMINISTIC.items():
            fixture["pixels"][key][name] = {
                str(s + 1): [b64(fn(img, TABLES[name][side][s])) for img in imgs[:PIXEL_IMAGES[side]]]
                for s in range(5)}
        fixture["stats"][key] = {}
        for name, fn in RANDOM.items():
            fixture["stats"][key][name] = {}
            for s in range(5):
                per_seed = []
                for seed in range(N_SEEDS):
                    rng = np.random.default_rng(seed)
                    outs = [fn(img, TABLES[name][side][s], rng) for img in imgs]
                    per_seed.append(aggregate(imgs, outs))
                fixture["stats"][key][name][str(s + 1)] = {
                    stat: {"seed_mean": float(np.mean([p[stat] for p in per_seed])),
                           "seed_std": float(np.std([p[stat] for p in per_seed], ddof=1))}
                    for stat in per_seed[0]}
            print(f"{side} {name} done", flush=True)
    write_fixture(OUT, fixture)


if __name__ == "__main__":
    main()
