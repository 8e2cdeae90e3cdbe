#!/usr/bin/env python3
"""PyTorch eager peer of the embedded default policy, for `./passk bench`.

The same architecture and sizes as dev.passk.policy.Policy.tinyConfig(): a Llama-family decoder
(RMSNorm, rotary embeddings, grouped-query attention, SwiGLU MLP, tied embeddings), vocabulary 100,
d=64, MLP 192, 2 layers, 4 heads, 2 KV heads, head dim 16. It times the two workloads the Java
benchmark times, with the same shapes and one thread:
  train:  one AdamW step of the sequence log-likelihood loss on a batch of B token rows of length T;
  sample: KV-cache sampling of R rows, P prompt tokens each, N new tokens at temperature 1.
Prints one JSON object: medians (ms) over the timed repetitions of each round.
"""
import argparse, json, math, os, statistics, sys, time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

V, D, FF, LAYERS, HEADS, KV_HEADS, HD, EPS, THETA = 100, 64, 192, 2, 4, 2, 16, 1e-6, 10000.0


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.attn_norm = torch.nn.Parameter(torch.ones(D))
        self.q = torch.nn.Linear(D, HEADS * HD, bias=False)
        self.k = torch.nn.Linear(D, KV_HEADS * HD, bias=False)
        self.v = torch.nn.Linear(D, KV_HEADS * HD, bias=False)
        self.o = torch.nn.Linear(HEADS * HD, D, bias=False)
        self.mlp_norm = torch.nn.Parameter(torch.ones(D))
        self.gate = torch.nn.Linear(D, FF, bias=False)
        self.up = torch.nn.Linear(D, FF, bias=False)
        self.down = torch.nn.Linear(FF, D, bias=False)


def rms(x, w):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + EPS) * w


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    return x * cos + torch.cat((-x[..., half:], x[..., :half]), -1) * sin


class TinyLlama(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(V, D)
        self.blocks = torch.nn.ModuleList(Block() for _ in range(LAYERS))
        self.norm = torch.nn.Parameter(torch.ones(D))
        inv = THETA ** (-torch.arange(0, HD, 2, dtype=torch.float32) / HD)
        self.register_buffer("inv", inv)

    def rotary(self, positions):
        angles = positions[:, None].float() * self.inv[None, :]
        both = torch.cat((angles, angles), -1)
        return both.cos()[None, None], both.sin()[None, None]

    def forward(self, ids, start=0, cache=None):
        b, t = ids.shape
        x = self.embed(ids)
        cos, sin = self.rotary(torch.arange(start, start + t))
        new_cache = []
        for i, blk in enumerate(self.blocks):
            h = rms(x, blk.attn_norm)
            q = rotate(blk.q(h).view(b, t, HEADS, HD).transpose(1, 2), cos, sin)
            k = rotate(blk.k(h).view(b, t, KV_HEADS, HD).transpose(1, 2), cos, sin)
            v = blk.v(h).view(b, t, KV_HEADS, HD).transpose(1, 2)
            if cache is not None:
                k = torch.cat((cache[i][0], k), 2)
                v = torch.cat((cache[i][1], v), 2)
            new_cache.append((k, v))
            k = k.repeat_interleave(HEADS // KV_HEADS, 1)
            v = v.repeat_interleave(HEADS // KV_HEADS, 1)
            scores = q @ k.transpose(-1, -2) / math.sqrt(HD)
            if t > 1:
                total = k.shape[2]
                mask = torch.full((t, total), float("-inf")).triu(total - t + 1)
                scores = scores + mask
            att = scores.softmax(-1) @ v
            x = x + blk.o(att.transpose(1, 2).reshape(b, t, HEADS * HD))
            h = rms(x, blk.mlp_norm)
            x = x + blk.down(F.silu(blk.gate(h)) * blk.up(h))
        return rms(x, self.norm) @ self.embed.weight.t(), new_cache


def train_step(model, opt, ids):
    logits, _ = model(ids[:, :-1])
    logp = logits.log_softmax(-1).gather(-1, ids[:, 1:, None]).squeeze(-1)
    loss = -logp.sum() / ids.shape[0]
    opt.zero_grad(set_to_none=False)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()


@torch.no_grad()
def sample(model, prompts, new_tokens):
    logits, cache = model(prompts)
    pos = prompts.shape[1]
    out = []
    for _ in range(new_tokens):
        nxt = torch.multinomial(logits[:, -1].softmax(-1), 1)
        out.append(nxt)
        logits, cache = model(nxt, pos, cache)
        pos += 1
    return torch.cat(out, 1)


def timed(fn, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--length", type=int, default=10)
    p.add_argument("--rows", type=int, default=64)
    p.add_argument("--prompt-tokens", type=int, default=7)
    p.add_argument("--new-tokens", type=int, default=8)
    p.add_argument("--reps", type=int, default=20)
    a = p.parse_args()
    torch.manual_seed(0)
    model = TinyLlama()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, betas=(0.9, 0.99), weight_decay=0.01)
    ids = torch.randint(5, V, (a.batch, a.length))
    prompts = torch.randint(5, V, (a.rows, a.prompt_tokens))
    for _ in range(5):  # warm-up
        train_step(model, opt, ids)
        sample(model, prompts, a.new_tokens)
    result = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "parameters": sum(p.numel() for p in model.parameters()),
        "train_step_ms": timed(lambda: train_step(model, opt, ids), a.reps),
        "sample_batch_ms": timed(lambda: sample(model, prompts, a.new_tokens), a.reps),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
