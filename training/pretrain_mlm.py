"""Domain MLM pretraining of the scratch character BERT on unlabeled text.

    python -m training.pretrain_mlm --text corpora/gold ../shared/corpora/unlabeled \
        --exclude-docs corpora/gold:dev ../shared/corpora/gold_external:dev \
        --layers 4 --hidden 96 --heads 2 --intermediate 384 --out build/mlm-l4h96
    python -m training.train --base build/mlm-l4h96 ...   # then fine-tune as any checkpoint

Builds the same character vocabulary and config as ``training.train --base scratch-…`` and
trains masked-character prediction (15% masking) on paragraphs of the given corpora, so
the tagger starts with characters that already know their neighbours. ``--exclude-docs`` names
gold sets (``DIR:SPLIT``) whose documents are left out, so that no dev text is seen. Writes a
``save_pretrained`` folder (safetensors + tokenizer) that ``--base`` accepts.
"""

from __future__ import annotations

import argparse
import logging
import math
import time
from pathlib import Path

import torch

from fazhi_ie.document.paragraphs import split_paragraphs
from fazhi_ie.taggers.fast_convbert import speed_up
from fazhi_ie.taggers.model import pick_device, sliding_windows
from fazhi_ie.text import matching_view

from .data import read_gold
from .train import SCRATCH_SIZES, length_grouped_batches, scratch_config, train_step
from .vocab import build_char_vocab, char_tokenizer, corpus_texts

log = logging.getLogger("fazhi_ie.training")


def main(argv=None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text", nargs="+", required=True, help="raw text corpora (.txt/.jsonl/.conllu or folders)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--exclude-docs", nargs="*", default=[], help="gold sets whose documents are left out")
    ap.add_argument("--base", default="scratch-tiny", choices=sorted(SCRATCH_SIZES) + ["scratch"])
    ap.add_argument("--arch", default="convbert", choices=["bert", "convbert"])
    ap.add_argument("--layers", type=int)
    ap.add_argument("--hidden", type=int)
    ap.add_argument("--heads", type=int)
    ap.add_argument("--intermediate", type=int)
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--vocab-min-count", type=int, default=2)
    ap.add_argument("--mask-prob", type=float, default=0.15)
    ap.add_argument("--epochs", type=float, default=3)
    ap.add_argument("--max-minutes", type=float, default=0, help="stop after this much training time (0: no limit)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--num-threads", type=int)
    ap.add_argument("--device")
    args = ap.parse_args(argv)
    from torch.utils.data import DataLoader
    from transformers import (
        AutoModelForMaskedLM,
        DataCollatorForLanguageModeling,
        get_linear_schedule_with_warmup,
        set_seed,
    )

    set_seed(args.seed)
    if args.num_threads:
        torch.set_num_threads(args.num_threads)
    out = Path(args.out)
    excluded = {ex.doc for ex in read_gold(args.exclude_docs, held_out=True)} if args.exclude_docs else set()
    texts = list(corpus_texts(args.text, exclude_docs=excluded))
    tokenizer = char_tokenizer(build_char_vocab(texts, args.vocab_min_count), out)
    paragraphs = []
    for text in texts:
        view = matching_view(text)
        paragraphs.extend(view[s:e] for s, e in split_paragraphs(view))
    enc = tokenizer([list(p) for p in paragraphs], is_split_into_words=True, add_special_tokens=False)["input_ids"]
    size = args.max_length - 2
    rows = [
        {"input_ids": [tokenizer.cls_token_id] + ids[w.start : w.end] + [tokenizer.sep_token_id]}
        for ids in enc
        if ids
        for w in sliding_windows(len(ids), size, size)
    ]
    layers, hidden, heads, inter = SCRATCH_SIZES.get(args.base, SCRATCH_SIZES["scratch-small"])
    dims = (args.layers or layers, args.hidden or hidden, args.heads or heads, args.intermediate or inter)
    config = scratch_config(
        args.arch,
        dims,
        vocab_size=len(tokenizer),
        max_position_embeddings=args.max_length,
        pad_token_id=tokenizer.pad_token_id,
    )
    model = AutoModelForMaskedLM.from_config(config)
    speed_up(model)  # ConvBERT's convolution as shifted sums (the same function, faster)
    device = pick_device(args.device)
    model.to(device)
    collate = DataCollatorForLanguageModeling(tokenizer, mlm_probability=args.mask_prob)
    gen = torch.Generator().manual_seed(args.seed)
    lengths = [len(r["input_ids"]) for r in rows]
    total = math.ceil(math.ceil(len(rows) / args.batch_size) * args.epochs)
    optim = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(optim, int(0.06 * total), total)
    log.info(
        "%d paragraphs (%d documents left out) -> %d windows, %d steps, %.2fM parameters",
        len(paragraphs),
        len(excluded),
        len(rows),
        total,
        sum(p.numel() for p in model.parameters()) / 1e6,
    )
    t0, step, done = time.time(), 0, False
    while not done:
        model.train()
        for batch in DataLoader(
            rows, batch_sampler=length_grouped_batches(lengths, args.batch_size, gen), collate_fn=collate
        ):
            loss = train_step(model, batch, optim, sched, device)
            step += 1
            if step % 50 == 0:
                log.info("step %d/%d loss %.3f %.0fs", step, total, loss.item(), time.time() - t0)
            if step >= total or (args.max_minutes and time.time() - t0 > 60 * args.max_minutes):
                done = True
                break
    model.save_pretrained(str(out), safe_serialization=True)
    tokenizer.save_pretrained(str(out))
    log.info("saved %s after %d steps, %.0fs", out, step, time.time() - t0)


if __name__ == "__main__":
    main()
