#!/usr/bin/python3
"""Colour 32x32 / 64x64 reference fixture for ttt4j's blur, weather and elastic corruptions.

The companion of ref_stats_colour.py (noise and digital corruptions), with the same synthetic
inputs, statistics and tolerance rule. The corruptions are re-implemented here from the text of
shared/specs/corruptions.md (sections 0, 1, 3, 4, 5.2, 5.6) in numpy, written from the spec and not
copied from hendrycks/robustness or imagecorruptions. Library steps are used only where the spec
defines a step by a library: scipy.ndimage for the scikit-image Gaussian (section 0.8) and for
map_coordinates (5.2); OpenCV only for spatter's Canny, distance transform and histogram
equalisation (5.6), which the spec defines by OpenCV and does not spell out. ImageMagick's motion
blur (3.3), OpenCV's warpAffine fixed-point rule (5.2), the defocus kernel's GaussianBlur (3.1),
clipped_zoom (3.4) and the plasma fractal (4.3) are written out in numpy from the spec.

Output (gzip JSON, src/test/resources/fixtures/corruptions/blur_weather_reference.json.gz):
  * images: sha256 of every synthetic input (same generator as ref_stats_colour.py);
  * pixels: uint8 outputs (base64, HWC) of the deterministic defocus_blur, zoom_blur and
    gaussian_blur for the first PIXEL_IMAGES[side] images; Java must match within 1 level;
  * stats: for the random corruptions, per-seed statistics aggregated over all synthetic images,
    as seed_mean / seed_std over N_SEEDS numpy seeds (tolerance rule in meta).

Requires: apt-get install -y python3-numpy python3-scipy python3-pil python3-skimage python3-opencv
and frost's textures in ../shared/data/frost/prescaled (beside the repository).
Run from the repository root:  /usr/bin/python3 tools/corruptions/ref_blur_weather_colour.py
With the library versions recorded in meta.versions (Debian 12's) a re-run gives the committed file
byte for byte. Corruption names as arguments (e.g. `frost fog`) compute only those (pixels and
stats), a quick look while working on one: that file lacks the others, so do not commit it.
"""
import base64
import hashlib
import json
import math
import os
import sys

import cv2
import numpy as np
import PIL
import scipy
import skimage
from PIL import Image
from scipy import ndimage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ref_stats_colour import FLOORS, K, aggregate, synthetic, write_fixture  # noqa: E402

OUT = "src/test/resources/fixtures/corruptions/blur_weather_reference.json.gz"
FROST_DIR = "../shared/data/frost/prescaled"
SIDES = (32, 64)
N_IMAGES = {32: 8, 64: 4}
PIXEL_IMAGES = {32: 2, 64: 1}
N_SEEDS = 20

# Spec section 1 parameter tables, columns 64 and 32, severities 1..5.
TABLES = {
    "defocus_blur": {64: [(0.5, 0.6), (1, 0.1), (1.5, 0.1), (2.5, 0.01), (3, 0.1)],
                     32: [(0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (1, 0.2), (1.5, 0.1)]},
    "glass_blur": {64: [(0.1, 1, 1), (0.5, 1, 1), (0.6, 1, 2), (0.7, 2, 1), (0.9, 2, 2)],
                   32: [(0.05, 1, 1), (0.25, 1, 1), (0.4, 1, 1), (0.25, 1, 2), (0.4, 1, 2)]},
    "motion_blur": {64: [(10, 1), (10, 1.5), (10, 2), (10, 2.5), (12, 3)],
                    32: [(6, 1), (6, 1.5), (6, 2), (8, 2), (9, 2.5)]},
    "zoom_blur": {s: [(1, 1.06, 0.01), (1, 1.11, 0.01), (1, 1.16, 0.01), (1, 1.21, 0.01),
                      (1, 1.26, 0.01)] for s in (32, 64)},
    "gaussian_blur": {64: [0.5, 0.75, 1, 1.25, 1.5], 32: [0.4, 0.6, 0.7, 0.8, 1]},
    "snow": {64: [(0.1, 0.2, 1, 0.6, 8, 3, 0.8), (0.1, 0.2, 1, 0.5, 10, 4, 0.8),
                  (0.15, 0.3, 1.75, 0.55, 10, 4, 0.7), (0.25, 0.3, 2.25, 0.6, 12, 6, 0.65),
                  (0.3, 0.3, 1.25, 0.65, 14, 12, 0.6)],
             32: [(0.1, 0.2, 1, 0.6, 8, 3, 0.95), (0.1, 0.2, 1, 0.5, 10, 4, 0.9),
                  (0.15, 0.3, 1.75, 0.55, 10, 4, 0.9), (0.25, 0.3, 2.25, 0.6, 12, 6, 0.85),
                  (0.3, 0.3, 1.25, 0.65, 14, 12, 0.8)]},
    "frost": {64: [(1, 0.3), (0.9, 0.4), (0.8, 0.45), (0.75, 0.5), (0.7, 0.55)],
              32: [(1, 0.2), (1, 0.3), (0.9, 0.4), (0.85, 0.4), (0.75, 0.45)]},
    "fog": {64: [(0.4, 3), (0.7, 3), (1, 2.5), (1.5, 2), (2, 1.75)],
            32: [(0.2, 3), (0.5, 3), (0.75, 2.5), (1, 2), (1.5, 1.75)]},
    "elastic_transform": {64: [(0, 0, 0.08), (0.05, 0.3, 0.06), (0.1, 0.08, 0.06),
                               (0.1, 0.03, 0.03), (0.16, 0.03, 0.02)],
                          32: [(0, 0, 0.08), (0.05, 0.2, 0.07), (0.08, 0.06, 0.06),
                               (0.1, 0.04, 0.05), (0.1, 0.03, 0.03)]},
    "spatter": {64: [(0.62, 0.1, 0.7, 0.7, 0.6, 0), (0.65, 0.1, 0.8, 0.7, 0.6, 0),
                     (0.65, 0.3, 1, 0.69, 0.6, 0), (0.65, 0.1, 0.7, 0.68, 0.6, 1),
                     (0.65, 0.1, 0.5, 0.67, 0.6, 1)],
                32: [(0.62, 0.1, 0.7, 0.7, 0.5, 0), (0.65, 0.1, 0.8, 0.7, 0.5, 0),
                     (0.65, 0.3, 1, 0.69, 0.5, 0), (0.65, 0.1, 0.7, 0.69, 0.6, 1),
                     (0.65, 0.1, 0.5, 0.68, 0.6, 1)]},
}
FROST_SCALE = {64: "s64", 32: "s32"}


def to_uint8(v):
    return np.uint8(np.clip(v, 0, 1) * 255)  # truncation (spec 0.3)


def sk_gaussian(v, sigma, mode="nearest", truncate=4.0):
    """Spec 0.8: separable per spatial axis, not across channels; sigma 0 = no filtering."""
    sig = (sigma, sigma, 0) if v.ndim == 3 else (sigma, sigma)
    return ndimage.gaussian_filter(v.astype(np.float64), sig, mode=mode, truncate=truncate)


# ---------------------------------------------------------------- blur (spec 3)
def gauss_weights(size, sigma):
    k = np.arange(size) - (size - 1) / 2
    w = np.exp(-k * k / (2 * sigma * sigma))
    return w / w.sum()


def correlate_reflect101(img2d, kernel):
    """OpenCV filter2D: correlation, anchor at the centre, BORDER_REFLECT_101."""
    ry, rx = kernel.shape[0] // 2, kernel.shape[1] // 2
    p = np.pad(img2d, ((ry, ry), (rx, rx)), mode="reflect")  # numpy 'reflect' = reflect101
    out = np.zeros_like(img2d, dtype=np.float64)
    h, w = img2d.shape
    for i in range(kernel.shape[0]):
        for j in range(kernel.shape[1]):
            if kernel[i, j] != 0:
                out += kernel[i, j] * p[i:i + h, j:j + w]
    return out


def defocus_blur(x, c):
    r, s = c
    if r <= 8:
        grid, ksize = np.arange(-8, 9), 3
    else:
        grid, ksize = np.arange(-r, r + 1), 5
    yy, xx = np.meshgrid(grid, grid, indexing="ij")
    disk = ((xx ** 2 + yy ** 2) <= r ** 2).astype(np.float32)
    disk /= disk.sum()
    # OpenCV GaussianBlur on the float32 D: float32 taps, a row pass then a column pass, each
    # rounded to float32; filter2D then widens the float32 kernel to the image's float64.
    g = gauss_weights(ksize, s).astype(np.float32).astype(np.float64)
    rows = correlate_reflect101(disk.astype(np.float64), g[None, :]).astype(np.float32)
    kern = correlate_reflect101(rows.astype(np.float64), g[:, None]).astype(np.float32)
    kern = kern.astype(np.float64)
    v = x / 255.0
    y = np.stack([correlate_reflect101(v[..., k], kern) for k in range(3)], axis=-1)
    return to_uint8(y)


def glass_blur(x, c, rng):
    sigma, d, iterations = c
    side = x.shape[0]
    g = np.uint8(sk_gaussian(x / 255.0, sigma) * 255)
    for _ in range(iterations):
        for h in range(side - d, d, -1):
            for w in range(side - d, d, -1):
                dx, dy = rng.integers(-d, d, size=2)  # dx first, then dy, each in [-d, d-1]
                g[h, w] = g[h + dy, w + dx]  # one-way copy (spec 3.2)
    return to_uint8(sk_gaussian(g / 255.0, sigma))


def motion_kernel(radius, sigma, angle_deg):
    """ImageMagick MotionBlurImage kernel and integer offsets (spec 3.3 steps 1-2)."""
    width = 2 * int(math.ceil(radius)) + 1
    i = np.arange(width, dtype=np.float64)
    k = np.exp(-i * i / (2 * sigma * sigma))
    k /= k.sum()
    a = math.radians(angle_deg)
    px, py = width * math.sin(a), width * math.cos(a)
    hyp = math.hypot(px, py)
    ox = np.ceil(i * py / hyp - 0.5).astype(int)
    oy = np.ceil(i * px / hyp - 0.5).astype(int)
    return k, ox, oy


def imagemagick_motion(u8, radius, sigma, angle_deg):
    """u8: H x W (x C) uint8; edge virtual pixels; Q16 then 8-bit quantisation (3.3 step 4)."""
    k, ox, oy = motion_kernel(radius, sigma, angle_deg)
    h, w = u8.shape[:2]
    rows, cols = np.arange(h)[:, None], np.arange(w)[None, :]
    acc = np.zeros(u8.shape, np.float64)
    for ki, dx, dy in zip(k, ox, oy):
        r = np.clip(rows + dy, 0, h - 1)
        cc = np.clip(cols + dx, 0, w - 1)
        acc += ki * 257.0 * u8[r, cc].astype(np.float64)
    q = np.floor(acc + 0.5)
    return np.uint8(np.floor(q / 257))


def motion_blur(x, c, rng):
    angle = rng.uniform(-45, 45)
    return imagemagick_motion(x, c[0], c[1], angle)


def zoom_factors(c):
    return np.arange(*c)  # spec 1.2: numpy's arange, end points as numpy gives them


def bilinear_corner(img, n):
    """scipy.ndimage.zoom order 1, grid_mode False: output o samples o*(ch-1)/(n-1)."""
    ch = img.shape[0]
    pos = np.arange(n) * ((ch - 1) / (n - 1)) if n > 1 else np.zeros(1)
    i0 = np.floor(pos).astype(int)
    i1 = np.minimum(i0 + 1, ch - 1)
    f = pos - i0
    f_r = f[:, None, None] if img.ndim == 3 else f[:, None]
    rows = img[i0].astype(np.float64) * (1 - f_r) + img[i1].astype(np.float64) * f_r
    f_c = f[None, :, None] if img.ndim == 3 else f[None, :]
    out = rows[:, i0] * (1 - f_c) + rows[:, i1] * f_c
    return out.astype(img.dtype)


def clipped_zoom(img, z):
    side = img.shape[0]
    ch = int(math.ceil(side / z))
    top = (side - ch) // 2
    crop = img[top:top + ch, top:top + ch]
    n = round(ch * z)
    zoomed = bilinear_corner(crop, n)
    t = (n - side) // 2
    return zoomed[t:t + side, t:t + side]


def zoom_blur(x, c):
    v = (x / 255.0).astype(np.float32)
    acc = np.zeros_like(v)
    zs = zoom_factors(c)
    for z in zs:
        acc += clipped_zoom(v, z)
    return to_uint8((v + acc) / (len(zs) + 1))


def gaussian_blur(x, c):
    return to_uint8(sk_gaussian(x / 255.0, c))


# ---------------------------------------------------------------- weather (spec 4)
def snow(x, c, rng):
    loc, scale, zoom, thr, radius, sigma, blend = c
    side = x.shape[0]
    v = (x / 255.0).astype(np.float32)
    layer = rng.normal(loc=loc, scale=scale, size=(side, side))
    layer = clipped_zoom(layer, zoom)
    layer[layer < thr] = 0
    l8 = np.uint8(np.floor(np.clip(layer, 0, 1) * 255))
    angle = rng.uniform(-135, -45)
    flakes = imagemagick_motion(l8, radius, sigma, angle).astype(np.float32) / 255.0
    flakes = flakes[..., None]
    gr = (0.299 * v[..., 0] + 0.587 * v[..., 1] + 0.114 * v[..., 2]).astype(np.float32)
    v = blend * v + (1 - blend) * np.maximum(v, gr[..., None] * 1.5 + 0.5)
    return to_uint8(v + flakes + np.rot90(flakes, k=2))


_FROST = {}


def frost_texture(idx, side):
    key = (idx, side)
    if key not in _FROST:
        path = os.path.join(FROST_DIR, f"frost{idx + 1}_{FROST_SCALE[side]}_rgb.png")
        _FROST[key] = np.asarray(Image.open(path).convert("RGB"))
    return _FROST[key]


def frost(x, c, rng):
    a, b = c
    side = x.shape[0]
    idx = rng.integers(0, 5)  # frost1..frost5, frost6 never
    tex = frost_texture(idx, side)
    r0 = rng.integers(0, tex.shape[0] - side)
    c0 = rng.integers(0, tex.shape[1] - side)
    crop = tex[r0:r0 + side, c0:c0 + side].astype(np.float64)
    return np.uint8(np.clip(a * x.astype(np.float64) + b * crop, 0, 255))


def plasma(n, decay, rng):
    """Diamond-square on a torus (spec 4.3); jitter amplitude wib^2."""
    a = np.zeros((n, n), np.float64)
    step, wib = n, 100.0

    def jitter(v):
        return v / 4 + wib * rng.uniform(-wib, wib, v.shape)

    while step >= 2:
        h = step // 2
        corners = a[0:n:step, 0:n:step]
        sq = corners + np.roll(corners, -1, 0) + np.roll(corners, -1, 1) \
            + np.roll(np.roll(corners, -1, 0), -1, 1)
        a[h:n:step, h:n:step] = jitter(sq)
        centres = a[h:n:step, h:n:step]
        top = centres + np.roll(centres, 1, 0) + corners + np.roll(corners, -1, 1)
        a[0:n:step, h:n:step] = jitter(top)
        left = centres + np.roll(centres, 1, 1) + corners + np.roll(corners, -1, 0)
        a[h:n:step, 0:n:step] = jitter(left)
        step //= 2
        wib /= decay
    a -= a.min()
    return a / a.max()


def fog(x, c, rng):
    strength, decay = c
    side = x.shape[0]
    v = x / 255.0
    m = v.max()
    p = plasma(side, decay, rng)[:side, :side]  # map size 64 / 32 = the side here
    return to_uint8((v + strength * p[..., None]) * m / (m + strength))


# ---------------------------------------------------------------- elastic (spec 5.2)
def affine_from_points(src, dst):
    """OpenCV getAffineTransform: the 2x3 M with M [x, y, 1]^T = dst for the 3 points."""
    a = np.zeros((6, 6))
    b = np.zeros(6)
    for i in range(3):
        a[2 * i, 0:2], a[2 * i, 2] = src[i], 1
        a[2 * i + 1, 3:5], a[2 * i + 1, 5] = src[i], 1
        b[2 * i], b[2 * i + 1] = dst[i]
    return np.linalg.solve(a, b).reshape(2, 3)


def invert_affine(m):
    d = m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]
    d = 1.0 / d if d != 0 else 0.0
    a11, a22 = m[1, 1] * d, m[0, 0] * d
    a12, a21 = -m[0, 1] * d, -m[1, 0] * d
    b1 = -a11 * m[0, 2] - a12 * m[1, 2]
    b2 = -a21 * m[0, 2] - a22 * m[1, 2]
    return np.array([[a11, a12, b1], [a21, a22, b2]])


def reflect101(i, n):
    period = 2 * n - 2
    i = np.abs(i) % period
    return np.where(i >= n, period - i, i)


def warp_affine(v, m):
    """OpenCV warpAffine, bilinear, BORDER_REFLECT_101, fixed-point 1/32-pixel positions."""
    h, w = v.shape[:2]
    mi = invert_affine(m)
    r = np.arange(h, dtype=np.float64)[:, None]
    c = np.arange(w, dtype=np.float64)[None, :]
    rne = np.rint  # round half to even
    big_x = (rne((mi[0, 1] * r + mi[0, 2]) * 1024).astype(np.int64) + 16
             + rne(mi[0, 0] * c * 1024).astype(np.int64)) >> 5
    big_y = (rne((mi[1, 1] * r + mi[1, 2]) * 1024).astype(np.int64) + 16
             + rne(mi[1, 0] * c * 1024).astype(np.int64)) >> 5
    x0, fx = big_x >> 5, ((big_x & 31) / 32.0).astype(np.float32)
    y0, fy = big_y >> 5, ((big_y & 31) / 32.0).astype(np.float32)
    xa, xb = reflect101(x0, w), reflect101(x0 + 1, w)
    ya, yb = reflect101(y0, h), reflect101(y0 + 1, h)
    fx, fy = fx[..., None], fy[..., None]
    out = (v[ya, xa] * (1 - fx) * (1 - fy) + v[ya, xb] * fx * (1 - fy)
           + v[yb, xa] * (1 - fx) * fy + v[yb, xb] * fx * fy)
    return out.astype(np.float32)


def elastic_transform(x, c, rng):
    side = x.shape[0]
    alpha, sigma, jitter = side * c[0], side * c[1], side * c[2]
    v = (x / 255.0).astype(np.float32)
    h, w = v.shape[:2]
    cs = np.array([h // 2, w // 2], np.float32)
    q = min(h, w) // 3
    p1 = np.array([cs + q, [cs[0] + q, cs[1] - q], cs - q], np.float32)
    p2 = p1 + rng.uniform(-jitter, jitter, size=p1.shape).astype(np.float32)
    v = warp_affine(v, affine_from_points(p1.astype(np.float64), p2.astype(np.float64)))
    fields = []
    for _ in range(2):  # dx, then dy
        u = rng.uniform(-1, 1, size=(h, w))
        smooth = ndimage.gaussian_filter(u, sigma, mode="reflect", truncate=3.0) if sigma > 0 else u
        fields.append((alpha * smooth).astype(np.float32))
    dx, dy = fields
    rr, cc = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
    coords = [rr + dy, cc + dx]
    out = np.stack([ndimage.map_coordinates(v[..., k], coords, order=1, mode="reflect")
                    for k in range(3)], axis=-1)
    return to_uint8(out)


# ---------------------------------------------------------------- spatter (spec 5.6)
def spatter(x, c, rng):
    loc, scale, sigma, thr, intensity, mode = c
    side = x.shape[0]
    v = x / 255.0
    liquid = rng.normal(loc=loc, scale=scale, size=(side, side))
    liquid = sk_gaussian(liquid, sigma)
    liquid[liquid < thr] = 0
    if mode == 0:
        l8 = np.uint8(liquid * 255)
        edges = 255 - cv2.Canny(l8, 50, 150)
        dist = cv2.distanceTransform(edges, cv2.DIST_L2, 5)
        _, dist = cv2.threshold(dist, 20, 20, cv2.THRESH_TRUNC)
        dist = cv2.blur(dist, (3, 3)).astype(np.uint8)
        dist = cv2.equalizeHist(dist)
        emboss = np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]])
        dist = cv2.filter2D(dist, cv2.CV_8U, emboss)
        dist = cv2.blur(dist, (3, 3)).astype(np.float32)
        m = l8 * dist
        if m.max() == 0:
            return x.copy()  # no liquid: unchanged (ttt4j's documented choice, no 0/0)
        m /= m.max()
        m *= intensity
        tint = np.array([175, 238, 238]) / 255.0
        return to_uint8(v + m[..., None] * tint)
    wet = sk_gaussian((liquid > thr).astype(np.float64), intensity)
    wet[wet < 0.8] = 0
    mud = np.array([63, 42, 20]) / 255.0
    return to_uint8(v * (1 - wet[..., None]) + wet[..., None] * mud)


DETERMINISTIC = {"defocus_blur": defocus_blur, "zoom_blur": zoom_blur,
                 "gaussian_blur": gaussian_blur}
RANDOM = {"glass_blur": glass_blur, "motion_blur": motion_blur, "snow": snow, "frost": frost,
          "fog": fog, "elastic_transform": elastic_transform, "spatter": spatter}


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, np.uint8).tobytes()).decode("ascii")


def main():
    if not os.path.isdir("src/test/resources"):
        sys.exit("run from the repository root (src/test/resources not found)")
    only = set(sys.argv[1:])
    fixture = {
        "meta": {
            "generator": "tools/corruptions/ref_blur_weather_colour.py",
            "spec": "shared/specs/corruptions.md",
            "versions": {"python": sys.version.split()[0], "numpy": np.__version__,
                         "scipy": scipy.__version__, "pillow": PIL.__version__,
                         "skimage": skimage.__version__, "opencv": cv2.__version__},
            "images": "SyntheticImages.reference(side, k), k = 0..n-1 (integer-only generator)",
            "pixel_images": {str(k): v for k, v in PIXEL_IMAGES.items()},
            "pixel_tolerance": {"default": 1},
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
            if only and name not in only:
                continue
            fixture["pixels"][key][name] = {
                str(s + 1): [b64(fn(img, TABLES[name][side][s])) for img in imgs[:PIXEL_IMAGES[side]]]
                for s in range(5)}
        fixture["stats"][key] = {}
        for name, fn in RANDOM.items():
            if only and name not in only:
                continue
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
