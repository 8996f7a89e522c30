#!/usr/bin/python3
"""Golden fixtures: the PyTorch reference TTT-MAE model (../shared/bench/peer/ttt_mae_ref.py) on
fixed random weights, inputs and masking noise, with its outputs, gradients and optimizer steps.

ttt4j's GoldenEquivalenceTest loads these files and checks that the Java model computes the same
thing (within 1e-4). Regenerate (from fixed seeds; needs ../shared beside the repository) with:

    apt-get install -y python3-torch
    /usr/bin/python3 tools/golden/make_golden.py

Bit for bit only with the matrix-product kernel the files were made with: Debian 12's python3-torch
1.13.1 (torch.__version__ 1.13.0a0, as in the files' metadata) on OpenBLAS 0.3.21, with the AVX-512
kernel OpenBLAS picks by itself on the project's AMD EPYC machines (it names it Cooperlake;
OPENBLAS_CORETYPE=SkylakeX gives the same bits). Where OPENBLAS_CORETYPE=Haswell is set (as the
project's machines set it), run it as

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/golden/make_golden.py

With the Haswell kernel the weights, inputs and noise are still identical, the computed tensors
differ by rounding (at most 7e-7 in out.*, grad.* and sgd.*, 3e-6 in adamw.*, except 1.6e-4 where
the gradient is below 1e-7, which the test treats apart), and GoldenEquivalenceTest passes with
either.
Check a re-run with `git diff --stat src/test/resources/golden` (no output: the same bytes).

Written files: src/test/resources/golden/<config>.safetensors, tensors named
  w.<name>        reference weights (parameters and BatchNorm buffers), reference names
  p.<name>        a ViT-probe head (head.blocks.N..., head.norm, head.fc) for the same encoder
  in.imgs         [N, C, H, W] normalised input images
  in.noise        [N, L] masking noise (uniform), as torch.rand in random_masking
  out.latent      [N, 1+keep, D] encoder output (masked)
  out.pred        [N, L, p*p*C] decoder prediction
  out.mask        [N, L] 1 = removed
  out.loss        [1] MAE loss (norm_pix_loss)
  out.logits_linear, out.logits_vitprobe   [N, classes] heads on the unmasked encoder (eval)
  grad.<name>     gradient of the MAE loss for every trained parameter (finetune_mode=encoder)
  sgd.<name>      that parameter after one SGD step (hyper-parameters in the metadata)
  adamw.<name>    that parameter after one AdamW step from the same weights and gradients
"""
import json
import os
import sys

os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
os.environ.setdefault('OMP_NUM_THREADS', '1')
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REF_DIR = os.path.join(ROOT, '..', 'shared', 'bench', 'peer')
sys.path.insert(0, REF_DIR)
_argv = sys.argv
sys.argv = [sys.argv[0], '--blas', 'pthread']   # keep the reference from re-executing itself
import ttt_mae_ref as ref                      # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from safetensors_out import save_safetensors  # noqa: E402
sys.argv = _argv
import torch                                   # noqa: E402
import torch.nn as nn                          # noqa: E402

torch.set_num_threads(1)

CONFIGS = {
    # 28x28 grey like Fashion-MNIST; two encoder blocks so that block chaining is covered
    'micro-grey': dict(img=28, patch=7, chans=1, dim=32, depth=2, heads=2,
                       ddim=16, ddepth=1, dheads=2, classes=10, probe_depth=1, n=3, seed=1),
    # colour, to pin the channel order of patchify and of the patch embedding
    'micro-rgb': dict(img=16, patch=4, chans=3, dim=24, depth=2, heads=2,
                      ddim=16, ddepth=1, dheads=2, classes=5, probe_depth=1, n=2, seed=2),
}
SGD = dict(lr=0.1, momentum=0.9, weight_decay=1e-4)
ADAMW = dict(lr=0.01, betas=(0.9, 0.95), weight_decay=0.05, eps=1e-8)


def no_decay(name, p):
    """MAE recipe: no weight decay on biases, norms (1-D) and tokens."""
    return p.ndim <= 1 or name.endswith('.bias') or name in ('cls_token', 'mask_token')


def perturb(model, gen):
    """Move LayerNorm weights off 1 and biases off 0 so that they are really tested."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith('.bias') or 'norm' in name:
                p.add_(0.1 * torch.randn(p.shape, generator=gen))


def make(name, c):
    torch.manual_seed(c['seed'])
    gen = torch.Generator().manual_seed(c['seed'] + 100)
    model = ref.MAEViT(c)
    perturb(model, gen)
    with torch.no_grad():
        model.bn.running_mean.copy_(0.1 * torch.randn(c['dim'], generator=gen))
        model.bn.running_var.copy_(0.5 + torch.rand(c['dim'], generator=gen))
    probe_blocks = nn.ModuleList([ref.Block(c['dim'], c['heads']) for _ in range(c['probe_depth'])])
    probe_norm = nn.LayerNorm(c['dim'], eps=1e-6)
    probe_fc = nn.Linear(c['dim'], c['classes'])
    with torch.no_grad():
        for m in list(probe_blocks.parameters()) + list(probe_norm.parameters()) + list(probe_fc.parameters()):
            m.add_(0.05 * torch.randn(m.shape, generator=gen))

    n = c['n']
    L = (c['img'] // c['patch']) ** 2
    imgs = torch.randn(n, c['chans'], c['img'], c['img'], generator=gen)
    noise = torch.rand(n, L, generator=gen)

    out = {}
    for k, v in model.state_dict().items():
        if 'pos_embed' in k or 'num_batches_tracked' in k:
            continue                         # fixed sin-cos tables and counters are not weights
        out['w.' + k] = v.clone()
    for k, v in probe_blocks.state_dict().items():
        out['p.head.blocks.' + k] = v.clone()
    for k, v in probe_norm.state_dict().items():
        out['p.head.norm.' + k] = v.clone()
    for k, v in probe_fc.state_dict().items():
        out['p.head.fc.' + k] = v.clone()
    out['in.imgs'] = imgs
    out['in.noise'] = noise

    # classification heads (eval mode, unmasked encoder)
    model.eval()
    with torch.no_grad():
        out['out.logits_linear'] = model.classify(imgs)
        full, _, _ = model.forward_encoder(imgs, 0)
        x = full
        for blk in probe_blocks:
            x = blk(x)
        out['out.logits_vitprobe'] = probe_fc(probe_norm(x)[:, 0])
    model.train(True)

    # MAE forward with the injected noise (random_masking draws torch.rand(N, L))
    orig_rand = torch.rand
    torch.rand = lambda *a, **k: noise.clone()
    try:
        latent, mask, ids_restore = model.forward_encoder(imgs, ref.MASK_RATIO)
    finally:
        torch.rand = orig_rand
    pred = model.forward_decoder(latent, ids_restore)
    loss = model.forward_loss(imgs, pred, mask)
    out['out.latent'] = latent.detach()
    out['out.pred'] = pred.detach()
    out['out.mask'] = mask.detach()
    out['out.loss'] = loss.detach().reshape(1)

    params = ref.trainable_params(model)       # finetune_mode='encoder'
    loss.backward()
    named = [(k, p) for k, p in model.named_parameters() if p.requires_grad and p.grad is not None]
    for k, p in named:
        out['grad.' + k] = p.grad.detach().clone()
    start = {k: p.detach().clone() for k, p in named}
    grads = {k: p.grad.detach().clone() for k, p in named}

    opt = torch.optim.SGD([p for _, p in named], **SGD)
    opt.step()
    for k, p in named:
        out['sgd.' + k] = p.detach().clone()

    with torch.no_grad():
        for k, p in named:
            p.copy_(start[k])
            p.grad = grads[k].clone()
    decay = [p for k, p in named if not no_decay(k, p)]
    keep = [p for k, p in named if no_decay(k, p)]
    opt = torch.optim.AdamW([dict(params=decay), dict(params=keep, weight_decay=0.0)], **ADAMW)
    opt.step()
    for k, p in named:
        out['adamw.' + k] = p.detach().clone()

    meta = dict(config=json.dumps(dict(c, mask_ratio=ref.MASK_RATIO)), sgd=json.dumps(SGD),
                adamw=json.dumps(dict(ADAMW, no_decay='biases, norms (1-D), cls_token, mask_token')),
                torch=torch.__version__, generator='tools/golden/make_golden.py',
                trained=','.join(k for k, _ in named))
    path = os.path.join(ROOT, 'src', 'test', 'resources', 'golden', name + '.safetensors')
    save_safetensors(path, out, meta)
    print(f'{path}: {len(out)} tensors, loss {loss.item():.6f}, {os.path.getsize(path)} bytes')


if __name__ == '__main__':
    for name, c in CONFIGS.items():
        make(name, c)
