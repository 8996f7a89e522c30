#!/usr/bin/python3
"""Standard (episodic) TTT in PyTorch on a ttt4j model: the end-to-end control for `ttt4j eval`.

The golden tests prove that one ttt4j step computes what PyTorch computes on fixed weights,
inputs and masks. This script checks the whole experiment instead: the peer reference's
`MAEViT` (../shared/bench/peer/ttt_mae_ref.py, imported, not copied) loads a model written by
`ttt4j export --format pth`, and runs the reference's standard TTT on corrupted images written
by `ttt4j corrupt`, with torchvision's augmentation and PyTorch's own random masks and SGD:

  for each image: K steps, each on B copies, every copy its own RandomResizedCrop(scale
  (crop_min, 1), bicubic) + horizontal flip + ToTensor + Normalize and its own 75 % mask;
  the encoder, patch embedding, cls and mask tokens learn (the reference's finetune_mode
  'encoder'); SGD momentum 0.9; the prediction of the unmasked image after every step
  (head in eval mode); then the weights are restored and the optimizer made anew.

Its accuracy per step, beside `ttt4j eval --strategy standard` on the same model and images,
tells whether our TTT loop (augmentation, masks, optimizer, reset) behaves as PyTorch's.
Randomness differs between the two, so the comparison is statistical, not bit for bit.

  ./ttt4j export MODEL --format pth --out model.pth
  ./ttt4j corrupt --corruptions impulse_noise --levels 5 --limit 200 --out corrupted
  /usr/bin/python3 tools/reference_ttt.py --model model.pth --data corrupted/impulse_noise/5 \\
      --steps 20 --batch 8 --lr 1e-2 --json out.json
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'bench'))
sys.dont_write_bytecode = True
import mae_pretrain_ref             # noqa: E402  (finds and imports the peer reference)
ref = mae_pretrain_ref.ref

import numpy as np                  # noqa: E402
import torch                        # noqa: E402


def read_idx(path, magic_expected):
    if not os.path.isfile(path):
        sys.exit(f'{path} not found (Fashion-MNIST: apt-get install -y dataset-fashion-mnist;'
                 ' corrupted sets: ttt4j corrupt --format idx)')
    with gzip.open(path, 'rb') if path.endswith('.gz') else open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('>I', data[:4])[0]
    if magic != magic_expected:
        sys.exit(f'{path}: IDX magic {magic}, expected {magic_expected}')
    dims = magic & 0xFF
    shape = struct.unpack('>' + 'I' * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    ap = argparse.ArgumentParser(description='Standard TTT in PyTorch on a ttt4j model.')
    ap.add_argument('--model', required=True, help='.pth from `ttt4j export --format pth`')
    ap.add_argument('--data', required=True, help='a folder of `ttt4j corrupt`: <corruption>/<level>')
    ap.add_argument('--samples', type=int, default=200)
    ap.add_argument('--steps', type=int, default=20)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--lr', type=float, default=1e-2)
    ap.add_argument('--crop-min', type=float, default=0.35)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--blas', default='openmp', choices=['openmp', 'pthread'])
    ap.add_argument('--json', help='write the accuracy per step and every prediction here')
    args = ap.parse_args()
    if args.steps < 1 or args.batch < 1 or args.samples < 1 or args.lr <= 0:
        ap.error('--steps, --batch, --samples and --lr must be positive')

    from PIL import Image
    import torchvision.transforms as T

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    c = ref.CONFIGS['fmnist-tiny']
    images = read_idx(os.path.join(args.data, 'images-idx3-ubyte.gz'), 2051)[:args.samples]
    labels = read_idx(os.path.join(args.data, 'labels-idx1-ubyte.gz'), 2049)[:args.samples]
    model = ref.MAEViT(c)
    state = torch.load(args.model)
    state = state.get('model', state)
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or [k for k in missing if 'pos_embed' not in k]:
        sys.exit(f'{args.model}: not an fmnist-tiny MAE with a linear head'
                 f' (missing {missing}, unexpected {unexpected})')
    model.eval()                    # the head's BatchNorm uses its running statistics
    params = ref.trainable_params(model)
    base = {k: v.clone() for k, v in model.state_dict().items()}
    view = T.Compose([
        T.RandomResizedCrop(c['img'], scale=(args.crop_min, 1.0),
                            interpolation=T.InterpolationMode.BICUBIC),
        T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize(c['mean'], c['std'])])
    plain = T.Compose([T.ToTensor(), T.Normalize(c['mean'], c['std'])])

    def predict(x):
        with torch.no_grad():
            return int(model.classify(x).argmax(1))

    correct = np.zeros(args.steps + 1)
    preds_all = []
    t0 = time.time()
    for i, (img, label) in enumerate(zip(images, labels)):
        pil = Image.fromarray(img)
        x = plain(pil).unsqueeze(0)
        opt = torch.optim.SGD(params, lr=args.lr, momentum=0.9)
        preds = [predict(x)]
        for _ in range(args.steps):
            batch = torch.stack([view(pil) for _ in range(args.batch)], 0)
            loss = model.mae_loss(batch, ref.MASK_RATIO)
            loss.backward()
            opt.step()
            opt.zero_grad()
            preds.append(predict(x))
        model.load_state_dict(base)
        correct += np.array(preds) == int(label)
        preds_all.append(preds)
        if (i + 1) % 20 == 0:
            print(f'{i + 1}/{len(images)}  step 0 {100 * correct[0] / (i + 1):.1f} %  step '
                  f'{args.steps} {100 * correct[-1] / (i + 1):.1f} %  '
                  f'{(time.time() - t0) / (i + 1):.2f} s/image', flush=True)
    acc = [round(100 * v / len(images), 2) for v in correct]
    print('accuracy % per step: ' + ' '.join(f'{a:.1f}' for a in acc))
    if args.json:
        out = dict(model=args.model, data=args.data, args=vars(args), torch=torch.__version__,
                   accuracy_per_step=acc, predictions=preds_all,
                   labels=[int(v) for v in labels])
        with open(args.json + '.tmp', 'w') as f:
            json.dump(out, f)
        os.replace(args.json + '.tmp', args.json)


if __name__ == '__main__':
    main()
