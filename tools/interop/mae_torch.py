"""A small PyTorch MAE-ViT with the official MAE / TTT-MAE parameter names (facebookresearch/mae
models_mae.py, yossigandelsman/test_time_training_mae 'linear' head): the Python side of ttt4j's
checkpoint interoperability tests. Written for these tests (no copied code); it computes what
../shared/bench/peer/ttt_mae_ref.py computes, and make_interop.py checks that when the reference
is present.

State-dict names: patch_embed.proj.*, cls_token, pos_embed, blocks.N.{norm1,attn.qkv,attn.proj,
norm2,mlp.fc1,mlp.fc2}.*, norm.*, decoder_embed.*, mask_token, decoder_pos_embed,
decoder_blocks.N.*, decoder_norm.*, decoder_pred.*, bn.{running_mean,running_var,
num_batches_tracked}, head.*
"""
import numpy as np
import torch
import torch.nn as nn


def sincos_2d(dim, grid):
    """Fixed 2-D sin-cos table [1, 1 + grid*grid, dim] with a zero cls row (MAE's layout)."""
    def one_axis(d, pos):
        omega = 1.0 / 10000 ** (np.arange(d // 2, dtype=np.float64) / (d / 2.0))
        out = np.outer(pos.reshape(-1), omega)
        return np.concatenate([np.sin(out), np.cos(out)], axis=1)
    w, h = np.meshgrid(np.arange(grid, dtype=np.float32), np.arange(grid, dtype=np.float32))
    emb = np.concatenate([one_axis(dim // 2, w), one_axis(dim // 2, h)], axis=1)
    emb = np.concatenate([np.zeros([1, dim]), emb], axis=0)
    return torch.from_numpy(emb).float().unsqueeze(0)


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):                                   # x [N, T, D]
        n, t, d = x.shape
        q, k, v = self.qkv(x).reshape(n, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        att = ((q @ k.transpose(-2, -1)) * (d // self.heads) ** -0.5).softmax(-1)
        return self.proj((att @ v).transpose(1, 2).reshape(n, t, d))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(nn.functional.gelu(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_ratio=4):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, dim * mlp_ratio)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class PatchEmbed(nn.Module):
    def __init__(self, chans, patch, dim):
        super().__init__()
        self.proj = nn.Conv2d(chans, dim, kernel_size=patch, stride=patch)

    def forward(self, x):                                   # [N, C, H, W] -> [N, L, D]
        return self.proj(x).flatten(2).transpose(1, 2)


class Mae(nn.Module):
    """c: dict(img, patch, chans, dim, depth, heads, ddim, ddepth, dheads, classes)."""

    def __init__(self, c):
        super().__init__()
        self.c = c
        g = c['img'] // c['patch']
        # MAE encoder specifics
        self.patch_embed = PatchEmbed(c['chans'], c['patch'], c['dim'])
        self.cls_token = nn.Parameter(0.02 * torch.randn(1, 1, c['dim']))
        self.pos_embed = nn.Parameter(sincos_2d(c['dim'], g), requires_grad=False)
        self.blocks = nn.ModuleList([Block(c['dim'], c['heads']) for _ in range(c['depth'])])
        self.norm = nn.LayerNorm(c['dim'], eps=1e-6)
        # MAE decoder specifics
        self.decoder_embed = nn.Linear(c['dim'], c['ddim'])
        self.mask_token = nn.Parameter(0.02 * torch.randn(1, 1, c['ddim']))
        self.decoder_pos_embed = nn.Parameter(sincos_2d(c['ddim'], g), requires_grad=False)
        self.decoder_blocks = nn.ModuleList([Block(c['ddim'], c['dheads']) for _ in range(c['ddepth'])])
        self.decoder_norm = nn.LayerNorm(c['ddim'], eps=1e-6)
        self.decoder_pred = nn.Linear(c['ddim'], c['patch'] ** 2 * c['chans'])
        # TTT-MAE 'linear' head
        self.bn = nn.BatchNorm1d(c['dim'], affine=False, eps=1e-6)
        self.head = nn.Linear(c['dim'], c['classes'])

    def patchify(self, imgs):                               # [N, C, H, W] -> [N, L, p*p*C]
        p, ch = self.c['patch'], self.c['chans']
        g = imgs.shape[2] // p
        x = imgs.reshape(imgs.shape[0], ch, g, p, g, p).permute(0, 2, 4, 3, 5, 1)
        return x.reshape(imgs.shape[0], g * g, p * p * ch)

    def encode(self, imgs, noise=None, keep=None):
        """Encoder output [N, 1 + kept, D]; noise [N, L] selects the kept patches (argsort)."""
        x = self.patch_embed(imgs) + self.pos_embed[:, 1:, :]
        ids_restore = None
        if noise is not None:
            ids_shuffle = torch.argsort(noise, dim=1)       # ascend: small is keep
            ids_restore = torch.argsort(ids_shuffle, dim=1)
            idx = ids_shuffle[:, :keep].unsqueeze(-1).expand(-1, -1, x.shape[2])
            x = torch.gather(x, 1, idx)
        cls = (self.cls_token + self.pos_embed[:, :1, :]).expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1)
        for blk in self.blocks:
            x = blk(x)
        return self.norm(x), ids_restore

    def decode(self, x, ids_restore):                       # -> [N, L, p*p*C]
        x = self.decoder_embed(x)
        n, l = ids_restore.shape
        tokens = self.mask_token.expand(n, l + 1 - x.shape[1], -1)
        rest = torch.cat([x[:, 1:, :], tokens], dim=1)
        rest = torch.gather(rest, 1, ids_restore.unsqueeze(-1).expand(-1, -1, x.shape[2]))
        x = torch.cat([x[:, :1, :], rest], dim=1) + self.decoder_pos_embed
        for blk in self.decoder_blocks:
            x = blk(x)
        return self.decoder_pred(self.decoder_norm(x))[:, 1:, :]

    def mae_loss(self, imgs, noise, mask_ratio=0.75):
        """norm_pix_loss MSE over the removed patches, with the masking that noise fixes."""
        l = noise.shape[1]
        keep = int(l * (1 - mask_ratio))
        latent, ids_restore = self.encode(imgs, noise, keep)
        pred = self.decode(latent, ids_restore)
        mask = torch.ones_like(noise)
        mask[:, :keep] = 0
        mask = torch.gather(mask, 1, ids_restore)
        target = self.patchify(imgs)
        mean = target.mean(dim=-1, keepdim=True)
        var = target.var(dim=-1, keepdim=True)
        target = (target - mean) / (var + 1e-6) ** 0.5
        per_patch = ((pred - target) ** 2).mean(dim=-1)
        return (per_patch * mask).sum() / mask.sum()

    def classify(self, imgs):                               # eval-mode logits [N, classes]
        latent, _ = self.encode(imgs)
        return self.head(self.bn(latent[:, 0]))
