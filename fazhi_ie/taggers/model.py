"""The ``model`` backend: a character-level BIO token classifier in a ``save_pretrained`` folder.

One token per character: the tokenizer receives the paragraph view split into characters
(``is_split_into_words``), so a tag maps back to exactly one character and offsets stay
exact. Characters the tokenizer drops (spaces) are tagged ``O``. Paragraphs longer than the
window are tagged in overlapping windows; each character takes the logits of the window
where it has the most context. Decoding is constrained BIO Viterbi (``taggers/bio.py``).

A model trained with ``--rule-features`` also reads the rules' BIO tags as token type ids
(0 = no rule input): the hybrid passes its rule spans, the ``model`` backend runs the rules itself
(``rule_input=False``: the text alone), so the network learns where to trust the rules from the
gold documents. How a folder is run
(windows, quantisation, rule features, merge policy) is its ``InferenceConfig``.

Two runtimes run the same network: ONNX Runtime (the default on CPU when the folder has a
``model.onnx`` made for its weights, see ``taggers/onnx_graph.py``; no torch import) and torch
(GPUs, int8, folders without a graph, training). Both read the weights from safetensors.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import warnings
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import resources
from ..types import BIO_LABELS, LABELS, Span
from . import TagContext, register_tagger
from .bio import index_spans, spans_to_bio, viterbi_batch
from .boundaries import BoundaryRanker
from .config import InferenceConfig
from .measure_ranker import MeasureRanker, snap_to_marks
from .onnx_graph import GRAPH_FILE, INPUTS, OUTPUT, GraphMismatch, open_session
from .rules.quantities import bracketed_marker

RUNTIMES = ("onnx", "torch")

# --- windows ----------------------------------------------------------------------------

WEIGHTS = "model.safetensors"
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt")  # either one


class ModelFolderError(ValueError):
    """A model folder that cannot be used; the message names the file and what is wrong."""


def check_model_folder(path: Path) -> None:
    """The files a model folder needs (save_pretrained with safetensors), before anything is loaded."""
    if not (path / "config.json").is_file():
        raise FileNotFoundError(f"no model folder at {path} (expected config.json from save_pretrained)")
    weights = path / WEIGHTS
    if not weights.is_file():
        raise ModelFolderError(f"{weights}: missing (weights are read from safetensors only, never pickles)")
    if weights.stat().st_size < 1024:
        raise ModelFolderError(f"{weights}: {weights.stat().st_size} bytes, truncated or empty")
    if not any((path / name).is_file() for name in TOKENIZER_FILES):
        raise ModelFolderError(f"{path}: no tokenizer ({' or '.join(TOKENIZER_FILES)}); the model cannot read text")


WIDTH_BUCKET = 16  # windows are padded to a multiple of this: batches of one width, results batch-independent


@dataclass(frozen=True)
class Window:
    """Token positions ``[start, end)`` of one paragraph that go through the model together."""

    start: int
    end: int


def sliding_windows(n_tokens: int, size: int, stride: int) -> list[Window]:
    """Windows of ``size`` tokens every ``stride`` tokens covering ``n_tokens`` (last one flush)."""
    if size < 1 or not 1 <= stride <= size:
        raise ValueError(f"need 1 <= stride <= size, got size={size}, stride={stride}")
    if n_tokens <= size:
        return [Window(0, n_tokens)]
    windows = [Window(s, s + size) for s in range(0, n_tokens - size, stride)]
    windows.append(Window(n_tokens - size, n_tokens))
    return windows


def best_window_positions(windows: Sequence[Window], n_tokens: int) -> list[tuple[int, int]]:
    """For each token, (window index, position in window) where it sees the most context."""
    best: list[tuple[int, int]] = [(-1, -1)] * n_tokens
    score = [-1] * n_tokens
    for w, win in enumerate(windows):
        for pos in range(win.start, win.end):
            context = min(pos - win.start, win.end - 1 - pos)
            if context > score[pos]:
                score[pos], best[pos] = context, (w, pos - win.start)
    return best


class CharVocabulary:
    """The folder's tokenizer applied one character at a time, with each character's id cached.

    The tokenizer sees every character as a word of its own (``is_split_into_words``), so a
    character's token never depends on its neighbours and the first piece of each character can be
    looked up once. Read from ``tokenizer.json`` with the ``tokenizers`` library when the folder has
    one (no transformers import), else with transformers' ``AutoTokenizer`` (``vocab.txt``).
    """

    def __init__(self, encode_words, size: int, cls_id: int, sep_id: int, pad_id: int, unk_id: int | None):
        self._encode_words = encode_words  # list of words -> first token id of each (None: no token)
        self.size, self.cls_id, self.sep_id, self.pad_id, self.unk_id = size, cls_id, sep_id, pad_id, unk_id
        self._ids: dict[str, int | None] = {}

    @classmethod
    def load(cls, path: Path) -> CharVocabulary:
        if (path / "tokenizer.json").is_file():
            return cls._from_tokenizer_json(path)
        from transformers import AutoTokenizer

        return cls.from_tokenizer(AutoTokenizer.from_pretrained(str(path), local_files_only=True))

    @classmethod
    def from_tokenizer(cls, tok) -> CharVocabulary:
        """From a transformers tokenizer object (the training script builds one)."""

        def encode_words(words: list[str]) -> list[int | None]:
            enc = tok(words, is_split_into_words=True, add_special_tokens=False)
            return _first_piece(enc["input_ids"], enc.word_ids(), len(words))

        return cls(encode_words, len(tok), tok.cls_token_id, tok.sep_token_id, tok.pad_token_id, tok.unk_token_id)

    @classmethod
    def _from_tokenizer_json(cls, path: Path) -> CharVocabulary:
        from tokenizers import Tokenizer

        try:
            tok = Tokenizer.from_file(str(path / "tokenizer.json"))
        except Exception as exc:  # tokenizers raises its own exception type for a damaged file
            raise ModelFolderError(f"{path / 'tokenizer.json'}: cannot be read ({exc})") from None
        settings = _read_json(path / "tokenizer_config.json") if (path / "tokenizer_config.json").is_file() else {}
        special = {}
        for role, default in (("cls", "[CLS]"), ("sep", "[SEP]"), ("pad", "[PAD]"), ("unk", "[UNK]")):
            token = settings.get(f"{role}_token", default)
            token = token.get("content", default) if isinstance(token, dict) else token
            special[role] = tok.token_to_id(token)
            if special[role] is None and role != "unk":
                raise ModelFolderError(f"{path / 'tokenizer.json'}: no {role} token {token!r} in the vocabulary")

        def encode_words(words: list[str]) -> list[int | None]:
            enc = tok.encode(words, is_pretokenized=True, add_special_tokens=False)
            return _first_piece(enc.ids, enc.word_ids, len(words))

        size = tok.get_vocab_size(with_added_tokens=True)
        return cls(encode_words, size, special["cls"], special["sep"], special["pad"], special["unk"])

    def encode(self, views: Sequence[str]) -> list[tuple[list[int], list[int]]]:
        """Per view: (token ids, character index of each token), one token per kept character."""
        new = sorted({c for v in views for c in v if c not in self._ids})
        if new:
            self._ids.update(zip(new, self._encode_words(new)))
        out = []
        for view in views:
            ids, chars = [], []
            for i, c in enumerate(view):
                tok = self._ids[c]
                if tok is not None:  # characters the tokenizer drops (spaces) have no token
                    ids.append(tok)
                    chars.append(i)
            out.append((ids, chars))
        return out


def _first_piece(ids: Sequence[int], word_ids: Sequence[int | None], n_words: int) -> list[int | None]:
    first: list[int | None] = [None] * n_words
    for tok, word in zip(ids, word_ids):
        if word is not None and first[word] is None:
            first[word] = tok  # a character split into several pieces keeps its first piece
    return first


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFolderError(f"{path}: not a readable JSON file ({exc})") from None
    if not isinstance(data, dict):
        raise ModelFolderError(f"{path}: expected a JSON object")
    return data


# --- the model tagger --------------------------------------------------------------------


def pick_device(device: str | None = None):
    """``device`` if given, else CUDA when present, else CPU (a ``torch.device``)."""
    import torch

    if device:
        return torch.device(device)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def _installed(module: str) -> bool:
    if module in sys.modules:
        return sys.modules[module] is not None  # None: blocked, as an install without it
    return importlib.util.find_spec(module) is not None


def runtime_problem(path: Path) -> str | None:
    """Why no runtime installed here can run the model folder ``path`` (``None``: one can), without importing one."""
    if (path / "tokenizer.json").is_file() and not _installed("tokenizers"):
        return "the tokenizers package is not installed"
    if (path / GRAPH_FILE).is_file() and _installed("onnxruntime"):
        return None
    if _installed("torch") and _installed("transformers"):
        return None
    return "neither onnxruntime (with the folder's model.onnx) nor torch with transformers is installed"


def choose_runtime(path: Path, runtime: str | None, device: str | None, quantize: bool) -> str:
    """``runtime`` if given; else ONNX Runtime for a CPU run of a folder with a graph, else torch."""
    if runtime is not None:
        if runtime not in RUNTIMES:
            raise ValueError(f"runtime must be one of {RUNTIMES}, not {runtime!r}")
        if runtime == "onnx" and (quantize or (device and device != "cpu")):
            raise ValueError("the onnx runtime runs float32 on CPU: use runtime='torch' for int8 or a GPU")
        return runtime
    if quantize or (device and device != "cpu") or not (path / GRAPH_FILE).is_file() or not _installed("onnxruntime"):
        return "torch"
    return "onnx"


class ModelTagger:
    """Tags paragraph views with a ``save_pretrained`` token-classification folder.

    Loads safetensors only and never touches the network. ``runtime``: ``"onnx"`` (ONNX Runtime,
    CPU, the folder's ``model.onnx``), ``"torch"``, or ``None`` for ONNX Runtime when it can run the
    folder on CPU and torch otherwise. ``quantize`` (torch on CPU) applies int8 dynamic
    quantisation to the linear layers; ``None`` follows the folder's ``InferenceConfig``.
    ``decode="argmax"`` skips the BIO constraints (only to measure what they buy).
    ``boundaries=False`` leaves out the folder's METRIC boundary ranker, ``measures=False`` its MEASURE
    ranker (the model backend applies both to the network's spans, the hybrid to its merged spans).
    ``rule_input``: whether
    ``tag_batch`` feeds the rules' tags when none are passed in; ``None`` follows the folder (a
    network trained with rule features reads them); ``False`` tags the text alone.
    """

    name = "model"

    def __init__(
        self,
        model: str | Path | None = None,
        device: str | None = None,
        num_threads: int | None = None,
        batch_size: int = 32,
        max_length: int | None = None,
        stride: int | None = None,
        quantize: bool | None = None,
        decode: str = "viterbi",
        runtime: str | None = None,
        boundaries: bool = True,
        rule_input: bool | None = None,
        measures: bool = True,
    ):
        path = Path(model) if model else resources.default_model_dir()
        check_model_folder(path)
        problem = runtime_problem(path)
        if problem:
            raise ImportError(f"{path}: {problem}; install fazhi_ie[model]")
        config = InferenceConfig.load(path)
        if decode not in ("viterbi", "argmax"):
            raise ValueError(f"decode must be 'viterbi' or 'argmax', not {decode!r}")
        if quantize is None:
            quantize = config.quantize
        self.path = path
        self.decode = decode
        self.batch_size = int(batch_size)
        self.config = config
        self.tokenizer = CharVocabulary.load(path)
        # the folder's METRIC boundary ranker: applied to this model's spans and to the hybrid's merge
        self.ranker = load_ranker(path, config.boundaries) if boundaries else None
        # the folder's MEASURE ranker: applied to this model's spans and to the hybrid's merge
        self.measure_ranker = load_ranker(path, config.measures, MeasureRanker) if measures else None
        network = _read_json(path / "config.json")
        labels = network.get("id2label") or {}
        self.labels = [labels.get(str(i), labels.get(i)) for i in range(len(labels))]
        if not self.labels or not set(self.labels) <= set(BIO_LABELS):
            raise ModelFolderError(f"{path / 'config.json'}: labels {self.labels} are not BIO tags of {LABELS}")
        embeddings = int(network.get("vocab_size", self.tokenizer.size))  # the weights' shape (from_pretrained checks)
        if self.tokenizer.size != embeddings:
            raise ModelFolderError(
                f"{path}: the tokenizer has {self.tokenizer.size} tokens but the model embeds {embeddings}: "
                "tokenizer files and weights do not belong together"
            )
        self.limit = int(network.get("max_position_embeddings", 512))
        # padding tokens a window needs after it so that no layer's convolution reaches past the padding
        # (ConvBERT: kernel // 2 per layer); attention is masked and needs none
        kernel = int(network.get("conv_kernel_size", 0) or 0)
        self.pad_margin = (kernel // 2) * int(network.get("num_hidden_layers", 1)) + 1 if kernel else 0
        self.window = min(int(max_length or config.max_length), self.limit) - 2 - self.pad_margin
        self.stride = min(int(stride or config.stride or max(1, self.window * 3 // 4)), self.window)
        # trained with the rules' tags as a second input (token type ids); 0 = no rule input
        self.rule_features = config.rule_features
        if rule_input and not self.rule_features:
            raise ValueError(f"{path}: rule_input=True, but this model was trained without the rules' tags")
        # on its own (no rule spans passed in) the model reads the rules' tags it was trained with
        self.rule_input = self.rule_features if rule_input is None else bool(rule_input)
        self._rules = None
        self.quantized = False
        self.net = self.session = None
        self.runtime = choose_runtime(path, runtime, device, bool(quantize))
        if self.runtime == "onnx":
            try:
                self.session = open_session(path, num_threads)
                self.device = "cpu"
                return
            except GraphMismatch as exc:
                if runtime == "onnx":
                    raise ModelFolderError(str(exc)) from None
                warnings.warn(f"{exc}; running with torch", stacklevel=2)
                self.runtime = "torch"
        self._load_torch(device, num_threads, bool(quantize))

    def _load_torch(self, device: str | None, num_threads: int | None, quantize: bool) -> None:
        import torch
        from transformers import AutoModelForTokenClassification

        from .fast_convbert import speed_up

        if num_threads:
            torch.set_num_threads(int(num_threads))
        self.device = pick_device(device)
        try:
            with _quiet_loading():
                net = AutoModelForTokenClassification.from_pretrained(
                    str(self.path), use_safetensors=True, local_files_only=True
                )
        except Exception as exc:  # safetensors, JSON and shape errors of a damaged folder
            raise ModelFolderError(f"{self.path / WEIGHTS}: cannot be loaded ({type(exc).__name__}: {exc})") from None
        net.eval()
        speed_up(net)  # ConvBERT: the same outputs, faster (taggers/fast_convbert.py)
        if quantize and self.device.type == "cpu":
            try:
                with warnings.catch_warnings():  # torch marks eager int8 APIs deprecated (torchao); they work
                    warnings.simplefilter("ignore")
                    net = torch.ao.quantization.quantize_dynamic(net, {torch.nn.Linear}, dtype=torch.qint8)
                self.quantized = True
            except (AttributeError, RuntimeError) as exc:  # an int8 engine missing or the API gone
                warnings.warn(f"int8 quantisation unavailable ({exc}); running in float32", stacklevel=3)
        self.net = net.to(self.device)

    def tag_batch(
        self, views: list[str], rule_spans: list[list[Span]] | None = None, context: TagContext | None = None
    ) -> list[list[Span]]:
        """Spans per view: the network's (``tag_batch_scored``), then decided by the folder's MEASURE
        ranker and METRIC boundaries refined by its boundary ranker, where it has them.

        ``rule_spans`` feed a model trained with rule features (the hybrid passes its own); without
        them such a model tags the views with the rules itself (``context``: the report, for the
        rules), unless made with ``rule_input=False``: then it reads the text alone.
        """
        if rule_spans is None and self.rule_input:
            if self._rules is None:
                from .rules import RuleTagger

                self._rules = RuleTagger()
            rule_spans = self._rules.tag_batch(views, context=context)
        out = [[sp for sp, _ in spans] for spans in self.tag_batch_scored(views, rule_spans)]
        if self.measure_ranker:  # trained on the rules' decisions: here it weighs the network's instead
            out = [self.measure_ranker.decide(view, spans) for view, spans in zip(views, out)]
        if self.ranker:
            out = [self.ranker.refine(view, spans) for view, spans in zip(views, out)]
        return out

    def tag_batch_scored(
        self, views: list[str], rule_spans: list[list[Span]] | None = None
    ) -> list[list[tuple[Span, float]]]:
        """The network's spans, each MEASURE made whole between its marks (``snap_to_marks``), with
        each span's confidence (mean probability of its tags), before the rankers that ``tag_batch``
        applies. Only the ``rule_spans`` given go in (``None``: the
        text alone), whereas ``tag_batch`` runs the rules itself for a model that reads them."""
        return self.tag_and_score(views, rule_spans, score_rules=False)[0]

    def tag_and_score(
        self,
        views: list[str],
        rule_spans: list[list[Span]] | None = None,
        own_spans: bool = True,
        score_rules: bool = True,
    ) -> tuple[list[list[tuple[Span, float]]], list[list[tuple[Span, float]]]]:
        """(the model's spans, the rules' spans), each span with the model's confidence in it.

        The confidence of a span is the mean probability the model gives its tags (``B-`` on the
        first character, ``I-`` on the others): for the model's own spans that of its decoded
        tags (a MEASURE made whole between its marks, ``snap_to_marks``: of the tags of its new
        extent), for a rule span the model's agreement with it (the hybrid can keep rule spans the
        model does not reject). Without ``rule_spans`` the second list is empty per view; with
        ``own_spans=False`` the first is (no decoding: for a merge policy that takes no model span),
        with ``score_rules=False`` the second (the rule spans are input only).
        """
        index = {lab: i for i, lab in enumerate(self.labels)}
        out, scored_rules = [], []
        probs_by_view = self.char_log_probs(views, rule_spans)
        if not own_spans:
            decoded = [None] * len(views)
        elif self.decode == "viterbi":  # all views at once: one pass over time (taggers/bio.py)
            decoded = viterbi_batch([rows for rows, _ in probs_by_view], self.labels)
        else:  # plain argmax, decoded leniently (an I- without B- starts a span): for comparison
            decoded = [rows.argmax(axis=1) for rows, _ in probs_by_view]
        for v, (rows, chars) in enumerate(probs_by_view):
            if not chars:
                out.append([])
                scored_rules.append([(sp, 1.0) for sp in rule_spans[v]] if rule_spans else [])
                continue
            if rule_spans and score_rules:
                token_at = {c: t for t, c in enumerate(chars)}
                scored_rules.append([(sp, _span_probability(sp, rows, index, token_at)) for sp in rule_spans[v]])
            else:
                scored_rules.append([])
            if not own_spans:
                out.append([])
                continue
            best = decoded[v]
            # a span's confidence is the mean probability of its tags: differences of running sums
            sums = np.concatenate(([0.0], np.cumsum(np.exp(rows[np.arange(len(best)), best]), dtype=np.float64)))
            view = views[v]
            decoded_spans = {  # a span runs from its first tag's character to its last's (dropped spaces inside stay)
                Span(chars[a], chars[b] + 1, label, view[chars[a] : chars[b] + 1]): float(
                    (sums[b + 1] - sums[a]) / (b + 1 - a)
                )
                for a, b, label in index_spans(best, self.labels)
            }
            whole = [  # names made whole between their marks; a number alone in brackets is a marker
                sp
                for sp in snap_to_marks(view, decoded_spans)
                if not (sp.label == "QUANTITY" and bracketed_marker(view, sp.start, sp.end))
            ]
            token_at = {c: t for t, c in enumerate(chars)} if any(sp not in decoded_spans for sp in whole) else {}
            out.append(
                [
                    (sp, decoded_spans[sp] if sp in decoded_spans else _span_probability(sp, rows, index, token_at))
                    for sp in whole
                ]
            )
        return out, scored_rules

    def char_log_probs(
        self, views: list[str], rule_spans: list[list[Span]] | None = None
    ) -> list[tuple[np.ndarray, list[int]]]:
        """Per view, the log-probability of each label (``self.labels``) for each token, and the
        character each token stands for (characters the tokenizer drops have no row)."""
        if rule_spans is not None and len(rule_spans) != len(views):
            raise ValueError(f"{len(rule_spans)} lists of rule spans for {len(views)} views")
        encoded = self.tokenizer.encode(views)
        chunks = []  # (token ids, token type ids) per window
        layouts = []
        for v, (ids, chars) in enumerate(encoded):
            windows = sliding_windows(len(ids), self.window, self.stride) if ids else []
            layouts.append((windows, len(chunks)))
            types = rule_type_ids(views[v], rule_spans[v], chars) if rule_spans and self.rule_features else None
            chunks.extend((ids[w.start : w.end], types[w.start : w.end] if types else None) for w in windows)
        logits = self._window_log_probs(chunks)
        out = []
        for (ids, chars), (windows, first) in zip(encoded, layouts):
            if not ids:
                out.append((np.zeros((0, len(self.labels)), dtype=np.float32), []))
                continue
            out.append((np.stack([logits[first + w][p] for w, p in best_window_positions(windows, len(ids))]), chars))
        return out

    def _window_log_probs(self, windows: list[tuple[list[int], list[int] | None]]) -> list[np.ndarray]:
        """Log-probabilities per token of each window (special tokens stripped).

        A window's result never depends on the other windows of the batch: windows are batched with
        others of the same width bucket only, each padded to the bucket's width, and every window has
        at least ``pad_margin`` padding tokens after it, so that the convolutions of every layer see the
        same padding whatever the longest window of the batch (int8 quantisation is the other source of
        batch dependence: its activation scales are per batch, so it is off unless asked for).
        """
        tok = self.tokenizer
        result: list[np.ndarray] = [None] * len(windows)  # type: ignore[list-item]
        buckets: dict[int, list[int]] = {}
        for i, (ids, _) in enumerate(windows):
            width = min(-(-(len(ids) + 2 + self.pad_margin) // WIDTH_BUCKET) * WIDTH_BUCKET, self.limit)
            buckets.setdefault(width, []).append(i)
        for width, members in sorted(buckets.items()):
            for b in range(0, len(members), self.batch_size):
                idx = members[b : b + self.batch_size]
                input_ids = np.full((len(idx), width), tok.pad_id, dtype=np.int64)
                types = np.zeros((len(idx), width), dtype=np.int64)
                mask = np.zeros((len(idx), width), dtype=np.int64)
                for r, i in enumerate(idx):
                    ids, tt = windows[i]
                    input_ids[r, 0] = tok.cls_id
                    input_ids[r, 1 : len(ids) + 1] = ids
                    input_ids[r, len(ids) + 1] = tok.sep_id
                    if tt:
                        types[r, 1 : len(tt) + 1] = tt
                    mask[r, : len(ids) + 2] = 1
                lp = self._log_probs(input_ids, mask, types)
                for r, i in enumerate(idx):
                    result[i] = lp[r, 1 : 1 + len(windows[i][0])]
        return result

    def _log_probs(self, input_ids: np.ndarray, mask: np.ndarray, types: np.ndarray) -> np.ndarray:
        """The network's log-probabilities for one padded batch, with the runtime in use."""
        if self.session is not None:
            return self.session.run([OUTPUT], dict(zip(INPUTS, (input_ids, mask, types))))[0]
        import torch

        with torch.inference_mode():
            out = self.net(
                input_ids=torch.from_numpy(input_ids).to(self.device),
                attention_mask=torch.from_numpy(mask).to(self.device),
                token_type_ids=torch.from_numpy(types).to(self.device),
            ).logits
            return torch.log_softmax(out.float(), dim=-1).cpu().numpy()


def _span_probability(span: Span, rows: np.ndarray, index: dict[str, int], token_at: dict[int, int]) -> float:
    """Mean probability of ``span``'s BIO tags under the model's log-probabilities ``rows``."""
    tokens = [token_at[c] for c in range(span.start, span.end) if c in token_at]
    b, i = index.get(f"B-{span.label}"), index.get(f"I-{span.label}")
    if not tokens or b is None or i is None:
        return 1.0
    return float(np.exp([rows[tokens[0], b], *(rows[t, i] for t in tokens[1:])]).mean(dtype=np.float64))


def load_ranker(folder: Path, name: str | None, kind: type = BoundaryRanker):
    """The ranker (``BoundaryRanker`` or ``MeasureRanker``) a model folder names, if any; a named file
    that is missing is an error."""
    if not name:
        return None
    path = folder / name
    if not path.is_file():
        what = "boundary ranker" if kind is BoundaryRanker else "MEASURE ranker"
        raise ModelFolderError(f"{path}: missing (named as the {what} in {folder / 'fazhi_ie.json'})")
    return kind.load(path)


def rule_type_ids(view: str, spans: list[Span], chars: Sequence[int]) -> list[int]:
    """The rules' BIO tag of each token's character as a token type id (tag index + 1)."""
    index = {lab: i + 1 for i, lab in enumerate(BIO_LABELS)}
    tags = spans_to_bio(view, spans)
    return [index[tags[c]] for c in chars]


@contextmanager
def _quiet_loading():
    """No weight-loading progress bar on every ``Extractor()``."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


@register_tagger("model")
def make_model_tagger(model: str | Path | None = None, **options) -> ModelTagger:
    return ModelTagger(model, **options)
