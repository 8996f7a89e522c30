#!/usr/bin/python3
"""Interop fixtures: small random checkpoints as PyTorch and Hugging Face users have them, and what
a PyTorch MAE computes on them, for ttt4j's checkpoint import tests (src/test/java/org/ttt4j/model/io).

Regenerate (deterministic, from fixed seeds) with:

    apt-get install -y python3-torch
    /usr/bin/python3 tools/interop/make_interop.py

The other four files hold only seeded tensors (no computation): byte for byte. expected.safetensors
holds PyTorch's outputs, which are bit for bit only with the matrix-product kernel they were made
with, as for tools/golden/make_golden.py (OpenBLAS's own AVX-512 choice). Where
OPENBLAS_CORETYPE=Haswell is set, run it as

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 tools/interop/make_interop.py

With the Haswell kernel out.logits and out.latent differ by at most 5e-7, and the tests pass with
either. Check a re-run with `git diff --stat src/test/resources/interop`.

Written files under src/test/resources/interop/:
  mae-official.pth      torch.save({'model': state_dict}) of the MAE only (official MAE naming,
                        pos_embed tables included, no head), zip format
  ttt-mae.pth           the TTT-MAE layout: {'model': MAE + 'linear' head (bn.*, head.*),
                        'optimizer': {...}, 'epoch': 7, 'args': argparse.Namespace(...)}
  hf-vitmae.safetensors the same MAE in Hugging Face ViTMAEForPreTraining names (q/k/v split,
                        vit.* / decoder.*), written by hand (8-byte length + JSON header + data)
  dtypes.pth            {'f32', 'f16', 'bf16', 'i64', 'transposed' (non-contiguous view),
                        'slice' (storage offset into a shared storage), 'expect.<name>' (float32
                        contiguous copies of each)}
  expected.safetensors  in.imgs [N,C,H,W] (normalised), in.noise [N,L] (masking noise),
                        out.logits [N,classes] (eval-mode linear head), out.latent [N,1+L,D]
                        (unmasked encoder), out.loss [1] (norm_pix MAE loss, mask from the noise);
                        metadata: config (JSON)

With --synthetic-vit-base OUT it writes a random ViT-Base/16 MAE (+ linear head) as a .pth
(~450 MB, not committed) for timing a TTT step on an imported model (docs/CHECKPOINTS.md).

With --check-pth FILE IMGS OUT the script instead loads a .pth written by ttt4j with
torch.load(weights_only=True), builds the model of its config (--config JSON) with strict key
matching, and writes the logits and MAE loss on the given input (ttt4j's round-trip test).
"""
import argparse
import json
import os
import struct
import sys

os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
os.environ.setdefault('OMP_NUM_THREADS', '1')
import torch                                              # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mae_torch                                          # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from safetensors_out import save_safetensors            # noqa: E402

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'src', 'test', 'resources', 'interop')
CONFIG = dict(img=16, patch=4, chans=3, dim=16, depth=2, heads=2, ddim=8, ddepth=2, dheads=2,
              classes=5, mask_ratio=0.75)
N = 2


def torch_save(obj, path):
    torch.save(obj, path + '.tmp')                        # zip format (torch >= 1.6 default)
    os.replace(path + '.tmp', path)


def hf_names(sd, c):
    """Official MAE names -> Hugging Face ViTMAEForPreTraining names (q/k/v split)."""
    out = {}
    layer = {'norm1': 'layernorm_before', 'norm2': 'layernorm_after',
             'attn.proj': 'attention.output.dense', 'mlp.fc1': 'intermediate.dense',
             'mlp.fc2': 'output.dense'}

    def block(src, dst, dim):
        for part in ('weight', 'bias'):
            qkv = sd[f'{src}.attn.qkv.{part}']
            for i, name in enumerate(('query', 'key', 'value')):
                out[f'{dst}.attention.attention.{name}.{part}'] = qkv[i * dim:(i + 1) * dim]
            for ours, theirs in layer.items():
                out[f'{dst}.{theirs}.{part}'] = sd[f'{src}.{ours}.{part}']

    out['vit.embeddings.cls_token'] = sd['cls_token']
    out['vit.embeddings.position_embeddings'] = sd['pos_embed']
    out['vit.embeddings.patch_embeddings.projection.weight'] = sd['patch_embed.proj.weight']
    out['vit.embeddings.patch_embeddings.projection.bias'] = sd['patch_embed.proj.bias']
    for i in range(c['depth']):
        block(f'blocks.{i}', f'vit.encoder.layer.{i}', c['dim'])
    out['vit.layernorm.weight'] = sd['norm.weight']
    out['vit.layernorm.bias'] = sd['norm.bias']
    for ours in ('decoder_embed.weight', 'decoder_embed.bias', 'mask_token', 'decoder_pos_embed'):
        out['decoder.' + ours] = sd[ours]
    for i in range(c['ddepth']):
        block(f'decoder_blocks.{i}', f'decoder.decoder_layers.{i}', c['ddim'])
    for ours in ('decoder_norm.weight', 'decoder_norm.bias', 'decoder_pred.weight', 'decoder_pred.bias'):
        out['decoder.' + ours] = sd[ours]
    return out


def dtype_fixture(gen):
    base = torch.randn(3, 5, generator=gen)
    shared = torch.randn(20, generator=gen)
    t = {
        'f32': torch.randn(2, 3, generator=gen),
        'f16': torch.randn(4, generator=gen).half(),
        'bf16': torch.randn(2, 2, generator=gen).bfloat16(),
        'i64': torch.arange(-3, 3).reshape(2, 3),
        'transposed': base.t(),                           # strides (1, 5)
        'slice': shared[7:13].view(2, 3),                 # offset 7 into a 20-element storage
        'slice_whole': shared,                            # the same storage, saved once
    }
    for k in list(t):
        t['expect.' + k] = t[k].to(torch.float32).contiguous().clone()
    return t


def make():
    os.makedirs(OUT, exist_ok=True)
    c = CONFIG
    torch.manual_seed(11)
    gen = torch.Generator().manual_seed(12)
    model = mae_torch.Mae(c)
    with torch.no_grad():
        for name, p in model.named_parameters():          # move norms and biases off 1 and 0
            if name.endswith('.bias') or 'norm' in name:
                p.add_(0.1 * torch.randn(p.shape, generator=gen))
        model.bn.running_mean.copy_(0.1 * torch.randn(c['dim'], generator=gen))
        model.bn.running_var.copy_(0.5 + torch.rand(c['dim'], generator=gen))
    model.eval()
    L = (c['img'] // c['patch']) ** 2
    imgs = torch.randn(N, c['chans'], c['img'], c['img'], generator=gen)
    noise = torch.rand(N, L, generator=gen)
    with torch.no_grad():
        logits = model.classify(imgs)
        latent, _ = model.encode(imgs)
        loss = model.mae_loss(imgs, noise, c['mask_ratio'])
    cross_check(model, imgs, logits)

    sd = {k: v.clone() for k, v in model.state_dict().items()}
    mae_only = {k: v for k, v in sd.items() if not k.startswith(('bn.', 'head.'))}
    torch_save({'model': mae_only}, os.path.join(OUT, 'mae-official.pth'))
    args = argparse.Namespace(model='mae_vit_micro', head_type='linear', blr=1e-2, norm_pix_loss=True)
    optimizer = {'state': {}, 'param_groups': [{'lr': 1e-3, 'momentum': 0.9, 'nesterov': False,
                                                'params': [0, 1]}]}
    torch_save({'model': model.state_dict(), 'optimizer': optimizer, 'epoch': 7, 'args': args},
               os.path.join(OUT, 'ttt-mae.pth'))
    save_safetensors(os.path.join(OUT, 'hf-vitmae.safetensors'), hf_names(sd, c),
                     {'format': 'pt', 'generator': 'tools/interop/make_interop.py'})
    torch_save(dtype_fixture(gen), os.path.join(OUT, 'dtypes.pth'))
    save_safetensors(os.path.join(OUT, 'expected.safetensors'),
                     {'in.imgs': imgs, 'in.noise': noise, 'out.logits': logits,
                      'out.latent': latent, 'out.loss': loss.reshape(1)},
                     {'config': json.dumps(c), 'torch': torch.__version__,
                      'generator': 'tools/interop/make_interop.py'})
    for f in sorted(os.listdir(OUT)):
        print(f'{os.path.join(OUT, f)}: {os.path.getsize(os.path.join(OUT, f))} bytes')
    print(f'loss {loss.item():.6f}')


def cross_check(model, imgs, logits):
    """When ../shared/bench/peer/ttt_mae_ref.py is present, it computes the same logits."""
    ref_dir = os.path.join(ROOT, '..', 'shared', 'bench', 'peer')
    if not os.path.exists(os.path.join(ref_dir, 'ttt_mae_ref.py')):
        print('(reference not found at ../shared/bench/peer: cross-check skipped)')
        return
    sys.path.insert(0, ref_dir)
    argv, sys.argv = sys.argv, [sys.argv[0], '--blas', 'pthread']
    import ttt_mae_ref as ref                             # noqa: E402
    sys.argv = argv
    other = ref.MAEViT(dict(CONFIG))
    other.load_state_dict(model.state_dict(), strict=True)
    other.eval()
    with torch.no_grad():
        diff = (other.classify(imgs) - logits).abs().max().item()
    assert diff < 1e-5, f'mae_torch and ttt_mae_ref disagree: {diff}'
    print(f'cross-check with ttt_mae_ref: max logit difference {diff:.2e}')


def read_safetensors(path):
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for k, v in header.items():
        if k == '__metadata__':
            continue
        a, b = v['data_offsets']
        out[k] = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).reshape(v['shape'])
    return out


def check_pth(pth, inputs, out, config):
    """Round trip: a ttt4j-exported .pth through torch.load(weights_only=True) and strict loading."""
    c = json.loads(config)
    sd = torch.load(pth, map_location='cpu', weights_only=True)
    model = mae_torch.Mae(c)
    model.load_state_dict(sd, strict=True)
    model.eval()
    t = read_safetensors(inputs)
    with torch.no_grad():
        logits = model.classify(t['in.imgs'])
        loss = model.mae_loss(t['in.imgs'], t['in.noise'], c['mask_ratio'])
    save_safetensors(out, {'out.logits': logits, 'out.loss': loss.reshape(1)},
                     {'torch': torch.__version__, 'keys': str(len(sd))})


VIT_BASE16 = dict(img=224, patch=16, chans=3, dim=768, depth=12, heads=12, ddim=512, ddepth=8,
                  dheads=16, classes=1000, mask_ratio=0.75)


def synthetic_vit_base(path):
    """A random MAE ViT-Base/16 (+ linear head) as torch.save({'model': ...}): ~450 MB, for
    timing an imported model; do not commit it."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)   # runs/ in a fresh clone
    torch.manual_seed(0)
    torch_save({'model': mae_torch.Mae(VIT_BASE16).state_dict()}, path)
    print(f'{path}: {os.path.getsize(path)} bytes')


if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('--check-pth', nargs=3, metavar=('PTH', 'INPUTS', 'OUT'))
    p.add_argument('--config', help='model config JSON (with --check-pth)')
    p.add_argument('--synthetic-vit-base', metavar='OUT', help='write a random ViT-Base/16 MAE .pth')
    a = p.parse_args()
    if a.check_pth:
        check_pth(*a.check_pth, a.config)
    elif a.synthetic_vit_base:
        synthetic_vit_base(a.synthetic_vit_base)
    else:
        make()
