#!/usr/bin/python3
"""MAE pretraining of the peer reference's model in PyTorch, on Fashion-MNIST: a control encoder.

Why: our MAE encoders gain less from TTT on impulse noise than the reference run did
(docs/results/ttt.md). This script pretrains the reference's own `MAEViT` (imported from
../shared/bench/peer/ttt_mae_ref.py, not copied) with the recipe of ttt4j's
`train mae` run it is compared with, so that an encoder trained by PyTorch can be imported
(`ttt4j import`), probed and adapted by ttt4j exactly as our own encoders are. What differs
between the two encoders is then the pretraining implementation alone.

Recipe (the arguments mirror `ttt4j train mae`):
  * training images: the first 55,000 of the 60,000 Fashion-MNIST training images (ttt4j's
    train split: the last 5,000 are its validation split), a seeded permutation per epoch,
    the last partial batch dropped;
  * per image: torchvision RandomResizedCrop(28, scale=(crop_min, 1), bicubic) +
    RandomHorizontalFlip + ToTensor + Normalize(0.2860, 0.3530) on the PIL image;
  * AdamW betas (0.9, 0.95), weight decay on weights only (MAE's rule: no decay for biases,
    norms, tokens, position embeddings), lr = blr * B / 256 with a linear warm-up (in epochs)
    and a half-cycle cosine to min_lr, set every step (MAE's per-iteration schedule);
  * mask ratio 0.75, fresh masks every step, norm-pix loss; the head is not trained.

Output: --out FILE.pth, torch.save({'model': state_dict, 'args': {...}, 'history': [...]})
(written to FILE.pth.tmp, then renamed), readable by `ttt4j import`. A checkpoint with the
optimizer state is written to FILE.pth.state every --checkpoint-every steps; --resume continues
from it.

  apt-get install -y python3-torch python3-torchvision libopenblas0-openmp dataset-fashion-mnist
  /usr/bin/python3 tools/reference_pretrain.py --epochs 4.3 --out runs/torch-mae/mae.pth
"""
import argparse
import math
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'bench'))
sys.dont_write_bytecode = True
# bench/mae_pretrain_ref.py finds the peer reference beside the repository and imports it (which
# re-executes this script against the OpenMP OpenBLAS); it also holds MAE's weight-decay rule.
import mae_pretrain_ref             # noqa: E402
from reference_ttt import read_idx  # noqa: E402  (the IDX reader of the sibling tool)
ref = mae_pretrain_ref.ref

import numpy as np                  # noqa: E402
import torch                        # noqa: E402

TRAIN_IMAGES = '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz'
TRAIN_KEEP = 55000                  # ttt4j's train split; the last 5,000 are validation


def lr_at(epoch, peak, min_lr, warmup, total):
    if epoch < warmup:
        return peak * epoch / warmup
    progress = min(1.0, (epoch - warmup) / (total - warmup))
    return min_lr + (peak - min_lr) * 0.5 * (1 + math.cos(math.pi * progress))


def atomic_save(obj, path):
    tmp = path + '.tmp'
    torch.save(obj, tmp)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description='Pretrain the reference MAEViT on Fashion-MNIST.')
    ap.add_argument('--epochs', type=float, default=4.3)
    ap.add_argument('--batch', type=int, default=128)
    ap.add_argument('--blr', type=float, default=2e-3, help='lr = blr * batch / 256')
    ap.add_argument('--min-lr', type=float, default=0.0)
    ap.add_argument('--warmup', type=float, default=0.5, help='warm-up epochs')
    ap.add_argument('--wd', type=float, default=0.05)
    ap.add_argument('--crop-min', type=float, default=0.2)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--checkpoint-every', type=int, default=200)
    ap.add_argument('--resume', action='store_true', help='continue from OUT.state')
    ap.add_argument('--blas', default='openmp', choices=['openmp', 'pthread'])
    ap.add_argument('--out', required=True, help='.pth file to write')
    args = ap.parse_args()
    if args.epochs <= 0 or args.batch < 1 or args.blr <= 0 or not 0 < args.crop_min <= 1:
        ap.error('--epochs, --batch, --blr must be > 0 and --crop-min in (0, 1]')

    from PIL import Image
    import torchvision.transforms as T

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    c = ref.CONFIGS['fmnist-tiny']
    images = read_idx(TRAIN_IMAGES, 2051)[:TRAIN_KEEP]
    per_epoch = len(images) // args.batch
    total_steps = int(args.epochs * per_epoch)
    peak = args.blr * args.batch / 256
    tf = T.Compose([
        T.RandomResizedCrop(c['img'], scale=(args.crop_min, 1.0),
                            interpolation=T.InterpolationMode.BICUBIC),
        T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize(c['mean'], c['std'])])

    torch.manual_seed(args.seed)
    model = ref.MAEViT(c)
    model.train(True)
    for name, p in model.named_parameters():
        if name.startswith('head.'):
            p.requires_grad = False
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    opt = torch.optim.AdamW(mae_pretrain_ref.param_groups(named, args.wd), lr=peak,
                            betas=(0.9, 0.95))
    state_path = args.out + '.state'
    start, history = 0, []
    if args.resume:
        if not os.path.isfile(state_path):
            sys.exit(f'--resume: {state_path} not found (start without --resume)')
        st = torch.load(state_path)
        model.load_state_dict(st['model'])
        opt.load_state_dict(st['optimizer'])
        torch.set_rng_state(st['torch_rng'])
        start, history = st['step'], st['history']
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)

    def checkpoint(step):
        atomic_save(dict(model=model.state_dict(), optimizer=opt.state_dict(), step=step,
                         history=history, torch_rng=torch.get_rng_state()), state_path)

    t0 = time.time()
    perm_epoch, perm = -1, None
    for step in range(start, total_steps):
        epoch = step / per_epoch
        lr = lr_at(epoch, peak, args.min_lr, args.warmup, args.epochs)
        for g in opt.param_groups:
            g['lr'] = lr
        if int(epoch) != perm_epoch:        # a seeded order per epoch: a resume repeats it
            perm_epoch = int(epoch)
            perm = np.random.RandomState(args.seed * 1000 + perm_epoch).permutation(len(images))
        k = step % per_epoch
        idx = perm[k * args.batch:(k + 1) * args.batch]
        x = torch.stack([tf(Image.fromarray(images[i])) for i in idx], 0)
        loss = model.mae_loss(x, ref.MASK_RATIO)
        value = loss.item()
        if not math.isfinite(value):
            sys.exit(f'loss is {value} at step {step}; the last good state is {state_path}')
        loss.backward()
        opt.step()
        opt.zero_grad()
        history.append((step, lr, value))
        done = step + 1
        if done % 20 == 0 or done == total_steps:
            rate = (done - start) / (time.time() - t0)
            eta = (total_steps - done) / rate
            print(f'step {done}/{total_steps} loss {value:.4f} lr {lr:.2e} '
                  f'{rate:.2f} steps/s ETA {eta / 60:.1f} min', flush=True)
        if done % args.checkpoint_every == 0:
            checkpoint(done)
    atomic_save(dict(model=model.state_dict(), args=vars(args), history=history), args.out)
    print(f'wrote {args.out} ({total_steps} steps, final loss {history[-1][2]:.4f}, '
          f'{(time.time() - t0) / 60:.1f} min)')


if __name__ == '__main__':
    main()
