"""Train the character-level BIO token classifier (like transformers' run_ner.py).

The shipped model (models/fazhi-ie-char-small; README "Model and training" gives its time), after
``training.pretrain_mlm`` has written build/mlm-l4h96:

    python -m training.train \
        --train corpora/gold:train ../shared/corpora/gold_external:train corpora/campaign \
        --dev ../shared/corpora/gold_external:dev corpora/gold:dev \
        --silver-text ../shared/corpora/unlabeled/city_work_reports_2024.jsonl --silver-max 1000 \
        --vocab-text seeds corpora/gold ../shared/corpora/unlabeled \
        --base build/mlm-l4h96 --arch convbert --lr 2e-3 --rule-features --epochs 10 --quantize no \
        --out models/fazhi-ie-char-small

``--train``/``--dev`` take gold files or folders, ``DIR:SPLIT`` and campaign stand-off files joined
with ``../shared`` on the fly (``training.data``). After training, the hybrid's merge policy is chosen
on the dev documents (``--merge-search``, ``training.hybrid_search``) and stored in the folder, with
the METRIC boundary ranker (``--boundaries``, ``training.train_boundaries``) and the MEASURE ranker
(``--measures``, ``training.train_measures``) fitted on ``--train``.

``--base scratch-tiny`` (or ``scratch-small``/``scratch-base``, or ``scratch`` with
``--layers/--hidden/...``) builds a small BERT (``--arch bert``) or ConvBERT (``--arch convbert``,
shipped: its span convolutions give the local order that a scratch BERT cannot learn from
this little data) from a config with a character vocabulary made from ``--vocab-text`` corpora;
``--base NAME_OR_DIR`` fine-tunes any BERT-style checkpoint
(e.g. hfl/chinese-roberta-wwm-ext, or an MLM-pretrained folder from ``training.pretrain_mlm``).
``--silver-text`` adds the rules' tags on unlabeled text (``training.silver``),
``--augment-copies`` templated copies of the gold paragraphs (``training.augment``) and
``--rule-features`` the rules' tags as a second input (see ``fazhi_ie.taggers.model``).

Data goes through ``datasets``; training is a plain AdamW loop (the steps of ``Trainer``
without its ``accelerate`` dependency); seqeval scores the dev windows after every epoch into
``metrics.json``; at the end the saved folder is scored through ``Extractor`` (strict spans,
constrained decoding; model, model on the text alone, int8 model, hybrid, rules) into ``dev_scores.json``. The device is
picked automatically (CUDA when present), so the same command runs on a GPU.
"""

from __future__ import annotations

import json
import logging
import math
import random
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import torch

from fazhi_ie.evaluation.corpus import Example
from fazhi_ie.taggers.config import InferenceConfig
from fazhi_ie.taggers.fast_convbert import speed_up
from fazhi_ie.taggers.model import CharVocabulary, pick_device, rule_type_ids, sliding_windows
from fazhi_ie.taggers.rules import RuleTagger
from fazhi_ie.text import matching_view
from fazhi_ie.types import BIO_LABELS

from . import parse_arguments
from .augment import augment
from .data import read_gold
from .silver import silver_examples
from .vocab import build_char_vocab, char_tokenizer, corpus_texts

log = logging.getLogger("fazhi_ie.training")

SCRATCH_SIZES = {  # name: (layers, hidden, heads, intermediate)
    "scratch-tiny": (2, 128, 2, 512),
    "scratch-small": (4, 256, 4, 1024),
    "scratch-base": (6, 384, 6, 1536),
}


@dataclass
class DataArguments:
    """What the model learns from (gold, silver, augmentation) and the corpora of its vocabulary."""

    train: list[str] = field(
        metadata={
            "help": "gold JSONL files or folders, DIR:SPLIT (a split of DIR/split.json) or campaign stand-off "
            "files (joined with ../shared on the fly, hashes checked); see training.data",
            "nargs": "+",
        }
    )
    dev: list[str] = field(
        default_factory=list, metadata={"help": "dev gold for metrics and dev scores (same forms as --train)"}
    )
    silver: list[str] = field(default_factory=list, metadata={"help": "silver JSONL (training.silver)"})
    silver_text: list[str] = field(
        default_factory=list,
        metadata={"help": "raw text corpora the rules tag into silver data now (see training.silver)"},
    )
    silver_keep_empty: float = field(default=0.2, metadata={"help": "share of span-less silver paragraphs kept"})
    silver_max: int = field(default=0, metadata={"help": "use at most this many silver paragraphs (0: all)"})
    gold_repeat: int = field(default=1, metadata={"help": "repeat the gold paragraphs this many times"})
    augment_copies: int = field(default=0, metadata={"help": "templated copies of each gold paragraph"})
    augment_p: float = field(default=0.5, metadata={"help": "chance to swap each span in a copy"})
    vocab_text: list[str] = field(
        default_factory=lambda: ["seeds", "corpora/gold"],
        metadata={"help": "raw text corpora for the scratch character vocabulary"},
    )
    vocab_min_count: int = 2


@dataclass
class ModelArguments:
    """The network: a scratch BERT/ConvBERT of a named size, or a checkpoint to fine-tune."""

    base: str = field(
        default="scratch-small",
        metadata={"help": f"{', '.join(SCRATCH_SIZES)}, 'scratch' (sizes below) or a checkpoint name/folder"},
    )
    arch: str = field(
        default="bert",
        metadata={
            "choices": ["bert", "convbert"],
            "help": "scratch architecture: BERT, or ConvBERT (BERT with span convolutions: local order)",
        },
    )
    layers: int | None = None
    hidden: int | None = None
    heads: int | None = None
    intermediate: int | None = None
    dropout: float = 0.1
    max_length: int = field(default=256, metadata={"help": "window length in tokens (with [CLS]/[SEP])"})
    stride: int = field(default=192, metadata={"help": "step between windows of a long paragraph"})


@dataclass
class TrainingArguments:
    """The optimisation loop, the rule features, the device and what is shipped."""

    out: str = field(metadata={"help": "output folder (save_pretrained layout)"})
    epochs: float = 10
    lr: float = 1e-3
    batch_size: int = 16
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    unk_prob: float = field(default=0.02, metadata={"help": "chance to hide a character as [UNK]"})
    rule_features: bool = field(
        default=False, metadata={"help": "feed the rules' tags as token type ids (the hybrid then corrects the rules)"}
    )
    silver_rule_features: bool = field(
        default=True, metadata={"help": "silver windows also get the rule tags (with --rule-features)"}
    )
    rule_dropout: float = field(
        default=0.5, metadata={"help": "share of training windows without rule tags (keeps the model usable alone)"}
    )
    merge_search: bool = field(
        default=True,
        metadata={"help": "choose the hybrid's merge policy on --dev (training.hybrid_search) and store it"},
    )
    merge_model_spans: bool = field(
        default=True,
        metadata={
            "help": "let the merge search take the model's own spans (the hybrid then decodes its tags, "
            "about 2%% of its time); --no_merge_model_spans: rule spans only"
        },
    )
    boundaries: bool = field(
        default=True,
        metadata={"help": "train the METRIC boundary ranker on --train (training.train_boundaries)"},
    )
    measures: bool = field(
        default=True,
        metadata={"help": "train the MEASURE ranker on --train (training.train_measures)"},
    )
    max_steps: int = field(default=-1, metadata={"help": "stop after this many steps (smoke tests)"})
    seed: int = 13
    device: str | None = field(default=None, metadata={"help": "cuda, cpu, ... (default: CUDA when present, else CPU)"})
    num_threads: int | None = field(default=None, metadata={"help": "torch CPU threads"})
    quantize: str = field(
        default="auto",
        metadata={
            "choices": ["auto", "yes", "no"],
            "help": "ship int8 dynamic quantisation: auto = yes if dev micro-F1 drops by < 0.005",
        },
    )


def parse_args(argv=None) -> SimpleNamespace:
    """The three argument dataclasses, parsed like transformers' examples, as one namespace."""
    parts = parse_arguments((DataArguments, ModelArguments, TrainingArguments), __doc__, argv)
    return SimpleNamespace(**{k: v for part in parts for k, v in asdict(part).items()})


# --- data --------------------------------------------------------------------------------


def example_rows(
    examples: list[Example], tokenizer, max_length: int, stride: int, rule_features: bool = False
) -> list[dict]:
    """Windows of token ids and BIO label ids (one token per character; -100 on specials).

    With ``rule_features`` the rules' tags go in as token type ids (see ``fazhi_ie.taggers.model``).
    """
    label_id = {lab: i for i, lab in enumerate(BIO_LABELS)}
    views = [matching_view(ex.text) for ex in examples]
    rules = RuleTagger()
    rows = []
    for ex, view, (ids, chars) in zip(examples, views, CharVocabulary.from_tokenizer(tokenizer).encode(views)):
        tags = ex.bio_tags()
        labels = [label_id[tags[c]] for c in chars]
        types = rule_type_ids(view, rules.tag(view), chars) if rule_features else [0] * len(ids)
        for win in sliding_windows(len(ids), max_length - 2, stride) if ids else []:
            rows.append(
                {
                    "input_ids": [tokenizer.cls_token_id] + ids[win.start : win.end] + [tokenizer.sep_token_id],
                    "token_type_ids": [0] + types[win.start : win.end] + [0],
                    "labels": [-100] + labels[win.start : win.end] + [-100],
                }
            )
    for r in rows:
        r["attention_mask"] = [1] * len(r["input_ids"])
    return rows


def hide_inputs(batch: dict, unk_id: int, p_unk: float, p_no_rules: float, gen: torch.Generator) -> dict:
    """Training noise: a share ``p_unk`` of the characters become [UNK] (unseen characters then
    degrade gracefully) and a share ``p_no_rules`` of the windows lose their rule tags (the
    same model then also tags without rules: the ``model`` backend)."""
    ids = batch["input_ids"]
    if p_unk > 0:
        hide = (torch.rand(ids.shape, generator=gen) < p_unk) & (batch["labels"] != -100)
        batch["input_ids"] = ids.masked_fill(hide, unk_id)
    if p_no_rules > 0 and "token_type_ids" in batch:
        drop = torch.rand((ids.shape[0], 1), generator=gen) < p_no_rules
        batch["token_type_ids"] = batch["token_type_ids"].masked_fill(drop, 0)
    return batch


# --- model -------------------------------------------------------------------------------


def scratch_config(arch: str, size: tuple[int, int, int, int], **settings):
    """A BERT or ConvBERT config of ``size`` = (layers, hidden, heads, intermediate) (also for MLM pretraining)."""
    from transformers import BertConfig, ConvBertConfig

    layers, hidden, heads, inter = size
    extra = {"embedding_size": hidden, "conv_kernel_size": 9, "head_ratio": 2} if arch == "convbert" else {}
    config_class = ConvBertConfig if arch == "convbert" else BertConfig
    return config_class(
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=inter,
        **extra,
        **settings,
    )


def build_model(args, train_examples: list[Example], exclude_docs: set[str] = frozenset()):
    """(tokenizer, model): a scratch BERT with a character vocabulary, or a pretrained one.

    The vocabulary reads no document of ``exclude_docs`` (the dev documents).
    """
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    id2label = dict(enumerate(BIO_LABELS))
    label2id = {v: k for k, v in id2label.items()}
    if args.base.startswith("scratch"):
        layers, hidden, heads, inter = SCRATCH_SIZES.get(args.base, SCRATCH_SIZES["scratch-small"])
        layers, hidden = args.layers or layers, args.hidden or hidden
        heads, inter = args.heads or heads, args.intermediate or inter
        texts = list(corpus_texts(args.vocab_text, exclude_docs)) + [ex.text for ex in train_examples]
        vocab = build_char_vocab(texts, args.vocab_min_count)
        tokenizer = char_tokenizer(vocab, Path(args.out))
        config = scratch_config(
            args.arch,
            (layers, hidden, heads, inter),
            vocab_size=len(vocab),
            max_position_embeddings=args.max_length,
            hidden_dropout_prob=args.dropout,
            attention_probs_dropout_prob=args.dropout,
            id2label=id2label,
            label2id=label2id,
            pad_token_id=tokenizer.pad_token_id,
            type_vocab_size=len(BIO_LABELS) + 1 if args.rule_features else 2,
        )
        model = AutoModelForTokenClassification.from_config(config)
    else:
        local = Path(args.base).is_dir()
        tokenizer = AutoTokenizer.from_pretrained(args.base, local_files_only=local)
        model = AutoModelForTokenClassification.from_pretrained(
            args.base,
            num_labels=len(BIO_LABELS),
            id2label=id2label,
            label2id=label2id,
            use_safetensors=True,
            local_files_only=local,
            ignore_mismatched_sizes=True,
        )
        if args.rule_features:
            _widen_token_types(model, len(BIO_LABELS) + 1)
        limit = int(getattr(model.config, "max_position_embeddings", 512))
        if args.max_length > limit:
            raise SystemExit(f"--max-length {args.max_length} exceeds the checkpoint's {limit} positions")
    return tokenizer, model


def _widen_token_types(model, n: int) -> None:
    """Give a pretrained BERT ``n`` token types (new rows start as type 0) for the rule tags."""
    emb = getattr(model.base_model, "embeddings", None)
    old = getattr(emb, "token_type_embeddings", None)
    if old is None:
        raise SystemExit("--rule-features needs a BERT-style checkpoint with token type embeddings")
    new = torch.nn.Embedding(n, old.embedding_dim)
    with torch.no_grad():
        new.weight[:] = old.weight[0]
        new.weight[: old.num_embeddings] = old.weight
    emb.token_type_embeddings = new
    model.config.type_vocab_size = n


def seqeval_metrics(eval_pred) -> dict:
    """Entity-level precision/recall/F1 of the windows (seqeval, strict BIO)."""
    from seqeval.metrics import classification_report

    logits, labels = eval_pred
    pred = np.argmax(logits, axis=-1)
    y_true, y_pred = [], []
    for p_row, l_row in zip(pred, labels):
        keep = l_row != -100
        y_true.append([BIO_LABELS[i] for i in l_row[keep]])
        y_pred.append([BIO_LABELS[i] for i in p_row[keep]])
    rep = classification_report(y_true, y_pred, output_dict=True, zero_division=0)
    out = {
        "micro_f1": rep["micro avg"]["f1-score"],
        "micro_precision": rep["micro avg"]["precision"],
        "micro_recall": rep["micro avg"]["recall"],
    }
    out.update({f"{k}_f1": v["f1-score"] for k, v in rep.items() if k.isupper()})
    return out


def write_onnx_graph(out: Path) -> None:
    """The inference graph for ONNX Runtime (weights stay in model.safetensors); torch runs the folder without it."""
    from fazhi_ie.taggers.onnx_graph import export_onnx

    try:
        export_onnx(out)
    except ImportError as exc:
        log.warning("no model.onnx written (%s; pip install onnx onnxscript): the folder runs with torch", exc)


def pipeline_scores(model_dir: Path, dev: list[Example], backend: str, quantize: bool, **options) -> dict:
    """Strict span scores of the saved folder through ``Extractor`` (what users get)."""
    from fazhi_ie import Extractor
    from fazhi_ie.evaluation.scoring import evaluate

    if backend == "rules":
        ex = Extractor("rules")
    else:
        ex = Extractor(backend=backend, model=model_dir, quantize=quantize, **options)
    d = evaluate(ex, dev).to_dict()
    return {"micro": d["micro"]["f1"], "records": d["records"]["f1"], **{k: v["f1"] for k, v in d["labels"].items()}}


def train_loop(model, tokenizer, train_ds, dev_ds, args, device, out: Path) -> list[dict]:
    """AdamW with linear warmup/decay; after every epoch seqeval on dev into ``metrics.json``.

    A plain loop rather than ``Trainer`` so training needs no ``accelerate``; it does the same steps.
    """
    from torch.utils.data import DataLoader
    from transformers import DataCollatorForTokenClassification, get_linear_schedule_with_warmup

    collate = DataCollatorForTokenClassification(tokenizer)
    gen = torch.Generator().manual_seed(args.seed)
    lengths = [len(x) for x in train_ds["input_ids"]]
    epochs = max(1, math.ceil(args.epochs))
    per_epoch = math.ceil(len(lengths) / args.batch_size)
    total = args.max_steps if args.max_steps > 0 else math.ceil(per_epoch * args.epochs)
    no_decay = ("bias", "LayerNorm.weight", "LayerNorm.bias")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)],
            "weight_decay": args.weight_decay,
        },
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optim = torch.optim.AdamW(groups, lr=args.lr)
    sched = get_linear_schedule_with_warmup(optim, int(total * args.warmup_ratio), total)
    history, step = [], 0
    for epoch in range(1, epochs + 1):
        model.train()
        losses = []
        batches = length_grouped_batches(lengths, args.batch_size, gen)
        loader = DataLoader(train_ds, batch_sampler=batches, collate_fn=collate)
        for batch in loader:
            batch = hide_inputs(batch, tokenizer.unk_token_id, args.unk_prob, args.rule_dropout, gen)
            loss = train_step(model, batch, optim, sched, device)
            losses.append(loss.item())
            step += 1
            if step >= total:
                break
        entry = {"epoch": epoch, "step": step, "train_loss": round(float(np.mean(losses)), 4)}
        if dev_ds is not None:
            entry.update({k: round(v, 4) for k, v in evaluate_windows(model, collate, dev_ds, device).items()})
        history.append(entry)
        log.info(json.dumps(entry))
        (out / "metrics.json").write_text(json.dumps({"epochs": history}, indent=1), "utf-8")
        if step >= total:
            break
    return history


def train_step(model, batch: dict, optim, sched, device) -> torch.Tensor:
    """One optimiser step on ``batch`` (gradients clipped to norm 1); returns the loss."""
    loss = model(**{k: v.to(device) for k, v in batch.items()}).loss
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optim.step()
    sched.step()
    optim.zero_grad()
    return loss


def length_grouped_batches(lengths: list[int], batch_size: int, gen: torch.Generator) -> list[list[int]]:
    """Shuffled batches of windows of similar length (like Trainer's group_by_length): less padding."""
    order = torch.randperm(len(lengths), generator=gen).tolist()
    mega = batch_size * 50
    batches = []
    for i in range(0, len(order), mega):
        chunk = sorted(order[i : i + mega], key=lambda j: -lengths[j])
        batches.extend(chunk[k : k + batch_size] for k in range(0, len(chunk), batch_size))
    return [batches[i] for i in torch.randperm(len(batches), generator=gen).tolist()]


def evaluate_windows(model, collate, dev_ds, device) -> dict:
    """seqeval metrics of the dev windows (argmax tags)."""
    from torch.utils.data import DataLoader

    model.eval()
    logits, labels = [], []
    with torch.inference_mode():
        for batch in DataLoader(dev_ds, batch_size=32, collate_fn=collate):
            out = model(**{k: v.to(device) for k, v in batch.items() if k != "labels"}).logits
            logits.extend(out.float().cpu().numpy())
            labels.extend(batch["labels"].numpy())
    width = max(len(x) for x in logits)
    pad_l = np.stack([np.pad(x, ((0, width - len(x)), (0, 0))) for x in logits])
    pad_y = np.stack([np.pad(y, (0, width - len(y)), constant_values=-100) for y in labels])
    return seqeval_metrics((pad_l, pad_y))


# --- main --------------------------------------------------------------------------------


def main(argv=None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parse_args(argv)
    from datasets import Dataset
    from transformers import set_seed

    t0 = time.time()
    set_seed(args.seed)
    random.seed(args.seed)
    if args.num_threads:
        torch.set_num_threads(args.num_threads)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    gold = read_gold(args.train)
    dev_sets = [read_gold([spec]) for spec in args.dev]  # by set: the merge search checks each one
    dev = [ex for examples in dev_sets for ex in examples]
    overlap = {ex.doc for ex in gold} & {ex.doc for ex in dev}
    if overlap:
        raise SystemExit(f"documents in both --train and --dev: {sorted(overlap)}")
    silver = read_gold(args.silver) if args.silver else []  # silver files: never held-out documents either
    if args.silver_text:  # never the text of a gold document (train or dev)
        gold_docs = {ex.doc for ex in gold + dev}
        texts = corpus_texts(args.silver_text, exclude_docs=gold_docs)
        silver += list(silver_examples(texts, args.silver_keep_empty, seed=args.seed))
    if args.silver_max and len(silver) > args.silver_max:
        silver = random.Random(args.seed).sample(silver, args.silver_max)
    train = gold * args.gold_repeat
    if args.augment_copies:
        train += list(augment(gold, args.augment_copies, args.augment_p, args.seed))
    tokenizer, model = build_model(args, gold, {ex.doc for ex in dev})

    # silver labels are the rules' own tags: with rule features they teach trusting the rules
    # (--silver-rule-features, better on dev) or, without, the text alone
    rows = example_rows(train, tokenizer, args.max_length, args.stride, args.rule_features) + example_rows(
        silver, tokenizer, args.max_length, args.stride, args.rule_features and args.silver_rule_features
    )
    train_ds = Dataset.from_list(rows).shuffle(seed=args.seed)
    dev_ds = Dataset.from_list(example_rows(dev, tokenizer, args.max_length, args.stride)) if dev else None
    log.info(
        "train: %d gold x%d + %d augmented copies + %d silver paragraphs -> %d windows; dev: %d paragraphs; "
        "model: %.2fM parameters",
        len(gold),
        args.gold_repeat,
        args.augment_copies,
        len(silver),
        len(train_ds),
        len(dev),
        sum(p.numel() for p in model.parameters()) / 1e6,
    )

    device = pick_device(args.device)
    speed_up(model)  # ConvBERT's convolution as shifted sums: the same function, faster
    model.to(device)
    history = train_loop(model, tokenizer, train_ds, dev_ds, args, device, out)
    train_seconds = time.time() - t0
    model.save_pretrained(str(out), safe_serialization=True)  # model.safetensors, config.json (label map)
    tokenizer.save_pretrained(str(out))
    config = InferenceConfig(
        max_length=args.max_length, stride=args.stride, quantize=False, rule_features=bool(args.rule_features)
    )
    metadata = {
        "train_seconds": round(train_seconds, 1),
        "device": str(device),
        "epochs": history,
        "args": dict(vars(args)),
    }
    config.save(out, training=metadata)
    write_onnx_graph(out)
    if args.boundaries:
        from .train_boundaries import RankerArguments, train_ranker

        train_ranker(RankerArguments(train=list(args.train), model=str(out), dev=list(args.dev)), gold, dev_sets)
        config = InferenceConfig.load(out)
    if args.measures:
        from .train_measures import MeasureArguments, train_measure_ranker

        train_measure_ranker(
            MeasureArguments(train=list(args.train), model=str(out), dev=list(args.dev)), gold, dev_sets
        )
        config = InferenceConfig.load(out)

    if dev:
        scores = {"model": pipeline_scores(out, dev, "model", False)}
        if args.rule_features:  # the model reads the rules' tags; how it does on the text alone
            scores["model_text"] = pipeline_scores(out, dev, "model", False, rule_input=False)
        if args.quantize != "no":
            scores["model_int8"] = pipeline_scores(out, dev, "model", True)
            keep = args.quantize == "yes" or scores["model_int8"]["micro"] >= scores["model"]["micro"] - 0.005
            config = replace(config, quantize=bool(keep))
        if args.merge_search:
            from .hybrid_search import policy_metadata, search

            config.save(out, training=metadata)
            policy_name, policy = search(out, dev, config.quantize, args.merge_model_spans, dev_sets)
            config = replace(config, merge=tuple(policy))
            metadata.update(policy_metadata(policy_name, policy))
            config.save(out, training=metadata)
        scores["hybrid"] = pipeline_scores(out, dev, "hybrid", config.quantize)
        scores["rules"] = pipeline_scores(out, dev, "rules", False)
        (out / "dev_scores.json").write_text(json.dumps(scores, indent=1), "utf-8")
        config.save(out, training=metadata)
        for name, s in scores.items():
            log.info("dev %-10s %s", name, " ".join(f"{k}={v:.3f}" for k, v in s.items()))
    log.info("saved %s after %.0fs of training", out, train_seconds)


if __name__ == "__main__":
    main()
