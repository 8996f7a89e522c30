"""Writes float32 tensors as a .safetensors file (atomically: a temporary file, then a rename).

Shared by the fixture scripts under tools/ (golden/make_golden.py, interop/make_interop.py), so
that every fixture ttt4j's tests read is written by one piece of code.
"""
import json
import os
import struct

import torch


def save_safetensors(path, tensors, metadata):
    """tensors: name -> torch tensor (written as F32, in insertion order); metadata: str -> str."""
    header = {'__metadata__': metadata}
    blobs, offset = [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = dict(dtype='F32', shape=list(t.shape), data_offsets=[offset, offset + len(data)])
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(',', ':')).encode('utf-8')
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path + '.tmp', 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(path + '.tmp', path)
