#!/usr/bin/python3
"""One MAE pretraining step in PyTorch (CPU): the reference side of `ttt4j bench train`.

The model, the augmentation and the timing helpers are the peer reference's
(../shared/bench/peer/ttt_mae_ref.py, imported from beside the repository, not copied); only the
pretraining step is ours:

  * all of the MAE learns: patch embedding, cls and mask tokens, encoder, decoder (the linear
    head and its BatchNorm are not part of the MAE loss and stay frozen);
  * AdamW(lr 1e-3, betas (0.9, 0.95)), weight decay 0.05 on weights only: no decay for biases,
    norms, tokens or position embeddings (params with ndim <= 1, *.bias, *token*, *pos_embed*:
    MAE's param_groups_weight_decay rule, as ttt4j's OptimizerConfig.decays);
  * mask ratio 0.75 with a fresh random mask per image and step, norm-pix loss;
  * step = forward + loss.item() (a training loop logs it) + backward + opt.step() +
    opt.zero_grad() (torch 1.13 default: zero-fill); --gradnorm adds MAE's per-step grad-norm.

The timed steps reuse ONE batch of B distinct synthetic images, augmented once (as the reference
does). aug_s is the augmentation of such a batch on its own: per image RandomResizedCrop(scale
0.2-1, bicubic) + horizontal flip + ToTensor + Normalize on a PIL image, then torch.stack.
Each (config, B) point runs in a fresh process, so peak RSS (VmHWM) is per point.

  /usr/bin/python3 bench/mae_pretrain_ref.py                       # fmnist-tiny, B=128, 8 s
  /usr/bin/python3 bench/mae_pretrain_ref.py --batches 32,128 --min-time 1 --json out.json
Like the reference, it re-executes itself against the OpenMP OpenBLAS (libopenblas0-openmp)
unless --blas pthread is given, and uses --threads intra-op threads and 1 inter-op thread.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REF_DIR = os.path.join(ROOT, '..', 'shared', 'bench', 'peer')
if not os.path.isfile(os.path.join(REF_DIR, 'ttt_mae_ref.py')):
    sys.exit(f'reference not found: {os.path.normpath(REF_DIR)}/ttt_mae_ref.py'
             ' (../shared beside the repository)')
sys.path.insert(0, REF_DIR)
sys.dont_write_bytecode = True      # leave no __pycache__ in the shared folder
# Importing the reference re-executes this script with LD_LIBRARY_PATH pointing at the OpenMP
# OpenBLAS (it reads --blas from sys.argv), so it comes before everything that loads torch.
import ttt_mae_ref as ref           # noqa: E402

import numpy as np                  # noqa: E402
import torch                        # noqa: E402

LR = 1e-3
BETAS = (0.9, 0.95)
WEIGHT_DECAY = 0.05
MASK_RATIO = 0.75


def trainable_params(model):
    """Everything the MAE loss reaches: all but the classification head (BN has no parameters)
    and the fixed sin-cos position embeddings (requires_grad=False in the model, as in MAE)."""
    for name, p in model.named_parameters():
        if name.startswith('head.'):
            p.requires_grad = False
    return [(name, p) for name, p in model.named_parameters() if p.requires_grad]


def param_groups(named, weight_decay):
    """MAE's rule: no decay for biases, norms (1-D), tokens and position embeddings."""
    decay, no_decay = [], []
    for name, p in named:
        if p.ndim <= 1 or name.endswith('.bias') or 'token' in name or 'pos_embed' in name:
            no_decay.append(p)
        else:
            decay.append(p)
    return [dict(params=no_decay, weight_decay=0.0), dict(params=decay, weight_decay=weight_decay)]


def random_images(c, n, seed=0):
    """n distinct PIL images of uniform random pixels in the model's input shape."""
    from PIL import Image
    rng = np.random.RandomState(seed)
    shape = (c['img'], c['img']) if c['chans'] == 1 else (c['img'], c['img'], c['chans'])
    return [Image.fromarray(rng.randint(0, 256, shape, dtype=np.uint8)) for _ in range(n)]


def pretrain_point(name, batch, args):
    c = ref.CONFIGS[name]
    torch.manual_seed(0)
    model = ref.MAEViT(c)
    model.train(True)
    named = trainable_params(model)
    groups = param_groups(named, WEIGHT_DECAY)
    opt = torch.optim.AdamW(groups, lr=LR, betas=BETAS, foreach=args.foreach)
    params = [p for _, p in named]
    aug = ref.Augmenter(c)
    images = random_images(c, batch)

    def augment():
        return torch.stack([aug.train_tf(im) for im in images], 0)

    x = augment()
    losses = []

    def step():
        loss = model.mae_loss(x, MASK_RATIO)     # fresh masks: torch.rand inside
        losses.append(loss.item())
        loss.backward()
        if args.gradnorm:
            ref.grad_norm(params)
        opt.step()
        opt.zero_grad()

    t_step = ref.bench(step, warmup=args.warmup, min_reps=args.min_steps, min_time=args.min_time,
                       max_reps=200)
    t_aug = ref.bench(augment, 1, 3, min(2.0, args.min_time), 50)
    s = ref.summary(t_step)
    return dict(kind='pretrain', config=name, B=batch, threads=torch.get_num_threads(),
                step=s, aug=ref.summary(t_aug), images_per_s=batch / s['median'],
                params_trained=sum(p.numel() for p in params),
                params_decayed=sum(p.numel() for p in groups[1]['params']),
                lr=LR, betas=BETAS, weight_decay=WEIGHT_DECAY, mask_ratio=MASK_RATIO,
                foreach=bool(args.foreach), gradnorm=args.gradnorm, loss_item=True,
                peak_rss_mib=ref.vm('VmHWM'), loss_first=losses[0], loss_last=losses[-1])


def run_point(name, batch, argv):
    """One point in a fresh process (this script with --worker), as the reference does."""
    p = subprocess.run([sys.executable, os.path.abspath(__file__), '--worker', name, str(batch)]
                       + argv, capture_output=True, text=True)
    for line in p.stdout.splitlines():
        if line.startswith('RESULT '):
            return json.loads(line[len('RESULT '):])
    sys.exit(f'point {name} B={batch} failed (exit {p.returncode}):\n{p.stderr[-2000:]}')


def main():
    ap = argparse.ArgumentParser(description='Time one MAE pretraining step (see the docstring).')
    ap.add_argument('--configs', default='fmnist-tiny', help='comma list of reference configs')
    ap.add_argument('--batches', default='128', help='comma list of batch sizes B')
    ap.add_argument('--threads', type=int, default=2, help='intra-op threads (inter-op: 1)')
    ap.add_argument('--blas', default='openmp', choices=['openmp', 'pthread'],
                    help='OpenBLAS flavour, as the reference (read by it at import)')
    ap.add_argument('--min-time', type=float, default=8.0, help='seconds of timed steps per point')
    ap.add_argument('--min-steps', type=int, default=5)
    ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--gradnorm', action='store_true', help="add MAE's per-step grad-norm")
    ap.add_argument('--foreach', action='store_true',
                    help="AdamW's multi-tensor update (torch 1.13's default is the per-tensor loop)")
    ap.add_argument('--json', help='also write the results as JSON to this file')
    ap.add_argument('--worker', nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    for cfg in args.configs.split(','):
        if cfg not in ref.CONFIGS:
            ap.error(f"unknown config '{cfg}'; valid: {', '.join(ref.CONFIGS)}")
    try:
        batches = [int(b) for b in args.batches.split(',')]
    except ValueError:
        ap.error(f'--batches takes comma-separated integers, got {args.batches!r}')
    if min(batches) < 1:
        ap.error(f'--batches values must be >= 1, got {args.batches}')
    if args.threads < 1 or args.min_steps < 1 or args.min_time < 0:
        ap.error(f'--threads and --min-steps must be >= 1 and --min-time >= 0, got'
                 f' {args.threads}, {args.min_steps}, {args.min_time}')

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    if args.worker:
        print('RESULT ' + json.dumps(pretrain_point(args.worker[0], int(args.worker[1]), args)))
        return

    with open('/proc/self/maps') as f:
        blas = sorted({line.split()[-1] for line in f if 'blas' in line and '.so' in line})
    print(f'# mae_pretrain_ref  torch {torch.__version__}  threads {args.threads}'
          f'  BLAS {" ".join(blas) or "?"}')
    print(f'# AdamW lr={LR} betas={BETAS} wd={WEIGHT_DECAY} (weights only) foreach={args.foreach}'
          f'  mask_ratio={MASK_RATIO} norm_pix_loss=True  step = forward + loss.item() + backward'
          f' + {"grad-norm + " if args.gradnorm else ""}opt.step() + zero_grad()', flush=True)
    print(f"{'config':13s} {'B':>4s} {'step_med':>9s} {'step_min':>9s} {'n':>4s} {'img/s':>8s}"
          f" {'aug_s':>7s} {'peakRSS_MiB':>11s}  loss", flush=True)
    argv = ['--blas', args.blas, '--threads', str(args.threads), '--min-time', str(args.min_time),
            '--min-steps', str(args.min_steps), '--warmup', str(args.warmup)]
    argv += ['--gradnorm'] if args.gradnorm else []
    argv += ['--foreach'] if args.foreach else []
    results = []
    for name in args.configs.split(','):
        for b in batches:
            r = run_point(name, b, argv)
            results.append(r)
            print(f"{name:13s} {b:4d} {r['step']['median']:9.4f} {r['step']['min']:9.4f}"
                  f" {r['step']['n']:4d} {r['images_per_s']:8.1f} {r['aug']['median']:7.4f}"
                  f" {r['peak_rss_mib']:11.0f}  {r['loss_first']:.3f}->{r['loss_last']:.3f}",
                  flush=True)
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(dict(torch=torch.__version__, threads=args.threads, blas=blas,
                           results=results), f, indent=2)


if __name__ == '__main__':
    main()
