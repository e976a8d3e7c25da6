"""Fast, deterministic CPU inference for a fine-tuned stance classifier.

A model directory is what ``save_pretrained`` writes for the tokenizer and an
``AutoModelForSequenceClassification`` (fp16 or fp32 safetensors; always run in fp32 or lower on
CPU, never fp16), plus, optionally:

* ``parlmine_stance.json``: the :class:`EncodingConfig` the model was trained with
  (:func:`save_encoding_config`); the defaults are used when it is missing;
* ``metadata_head.json``: the metadata model (logistic regression on speaker party × sponsor
  party × government/opposition) and the weight of its log-linear mix with the transformer
  (stance/metadata.py), applied by :meth:`StancePredictor.combine`.

Speed: every pair is encoded once (metadata + target first, head+tail-truncated speech), the
encodings are sorted by length and cut into batches of neighbouring lengths, each batch is padded
only to its own longest member (length bucketing), and results are put back in input order.

Precision (``quantize``):

* ``True`` / ``"int8"`` (default): ``torch.ao.quantization.quantize_dynamic`` on every
  ``nn.Linear``, with per-channel weight scales and, on CPUs with VNNI, 8-bit activations
  (:func:`quantize_dynamic_int8`). About 3x fp32 on 2 cores; noticeably lossy for MiniLM,
  whose activations have outlier channels (~93% top-label agreement with fp32, bench/RESULTS.md).
* ``"bf16"``: bfloat16 weights and activations. With AVX512-BF16 or AMX it is nearly as fast as
  int8 (2.7x fp32) and ten times closer to fp32 (>99% agreement); elsewhere it is emulated and slow.
* ``"auto"``: bf16 where the CPU has it natively, int8 otherwise.
* ``False`` / ``"fp32"``: the reference.

Determinism: the same pairs in the same order always give bit-identical scores (fixed model,
fixed thread count). Whether a pair's scores depend on what else is in its batch:

* fp32: by float rounding only (~1e-7), so batching is safe: default batch size 32.
* int8: dynamic quantisation picks ONE activation scale per Linear call from the whole batch
  tensor (padding included), so a pair's scores move with its batch-mates, enough to flip labels
  near a tie (bench/RESULTS.md). bf16 moves less but is not bit-stable across batch shapes either.
  So with int8 and bf16 the default batch size is 1: each pair runs alone, its scores are exactly
  the same whatever else is predicted, and on 2 cores that costs little (each sequence's matrices
  are already large; batch 32 is slower than batch 1). Pass ``batch_size=8`` for ~10-15% more
  throughput if batch-dependent scores are acceptable.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np
import torch

from ..output import write_text_atomic
from .encoding import EncodingConfig, encode_pair, metadata_text, pad_batch
from .pairs import LABELS, StancePair

ENCODING_FILE = "parlmine_stance.json"
METADATA_HEAD_FILE = "metadata_head.json"
WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json")
PRECISIONS = ("int8", "bf16", "fp32")
#: Reduced precision runs pairs one at a time so their scores cannot depend on batch-mates.
DEFAULT_BATCH_SIZE = {"fp32": 32, "int8": 1, "bf16": 1}


class StanceModelError(ValueError):
    """The model directory is missing, incomplete, or not a support/oppose/neutral classifier."""


# --------------------------------------------------------------------------------------------
# Encoding settings stored beside the weights


def save_encoding_config(model_dir: str | Path, config: EncodingConfig) -> Path:
    """Write the encoding settings to ``model_dir/parlmine_stance.json``."""
    path = Path(model_dir) / ENCODING_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps({"encoding": asdict(config), "labels": list(LABELS)}, indent=2) + "\n")
    return path


def load_encoding_config(model_dir: str | Path) -> EncodingConfig:
    """The encoding settings saved with the model, or the defaults when there is no file."""
    path = Path(model_dir) / ENCODING_FILE
    if not path.exists():
        return EncodingConfig()
    data = json.loads(path.read_text(encoding="utf-8"))
    data = data.get("encoding", data)
    known = {f.name for f in fields(EncodingConfig)}
    unknown = set(data) - known
    if unknown:
        raise StanceModelError(f"{path}: unknown encoding settings {sorted(unknown)}; expected some of {sorted(known)}")
    return EncodingConfig(**data)


# --------------------------------------------------------------------------------------------
# Loading


def cpu_flags() -> set[str]:
    """The CPU's feature flags from /proc/cpuinfo (empty where there is none)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def native_bf16() -> bool:
    """bf16 matrix multiplication in hardware (AVX512-BF16 or AMX); elsewhere bf16 is emulated and slow."""
    return bool(cpu_flags() & {"avx512_bf16", "amx_bf16"})


def vnni() -> bool:
    """int8 dot products without 16-bit saturation, so activations can use all 8 bits."""
    return bool(cpu_flags() & {"avx512_vnni", "avx_vnni", "amx_int8"})


def precision_of(quantize: bool | str) -> str:
    """True -> int8, False -> fp32, "auto" -> bf16 where the CPU has it natively, else int8."""
    if quantize is True:
        return "int8"
    if quantize is False or quantize is None:
        return "fp32"
    if quantize == "auto":
        return "bf16" if native_bf16() else "int8"
    if quantize in PRECISIONS:
        return quantize
    raise ValueError(f"quantize must be True, False, 'auto' or one of {PRECISIONS}, not {quantize!r}")


@functools.lru_cache(maxsize=None)
def _dynamic_linear_class():
    import torch.ao.nn.quantized.dynamic as nnqd

    class FullRangeDynamicQuantizedLinear(nnqd.Linear):
        """PyTorch's dynamic int8 Linear with 8-bit instead of 7-bit activations (reduce_range=False).

        The stock module always uses 7 bits so that AVX2's saturating 16-bit pair sums cannot
        overflow; with VNNI (or AMX) the products go straight to int32 and the 8th bit is free:
        it halves the activation rounding error at no cost in speed.
        """

        def forward(self, x):
            return torch.ops.quantized.linear_dynamic(x, self._packed_params._packed_params, reduce_range=False).to(x.dtype)

    return nnqd.Linear, FullRangeDynamicQuantizedLinear


def quantize_dynamic_int8(model: torch.nn.Module, per_channel: bool = True, full_range: bool | None = None) -> torch.nn.Module:
    """int8 dynamic quantisation of every nn.Linear with ``torch.ao.quantization.quantize_dynamic``.

    ``per_channel``: one weight scale per output row instead of one per matrix. ``full_range``:
    8-bit activations (default: where the CPU has VNNI). Both matter for MiniLM, whose activations
    have outlier channels: on HanDeSeT the stock settings (per-tensor, 7-bit) move the pooled output
    by ~0.4 of its spread between speeches, per-channel + 8-bit by ~0.12, bf16 by ~0.01.
    """
    import warnings

    from torch.ao.quantization import default_dynamic_qconfig, per_channel_dynamic_qconfig, quantize_dynamic

    qconfig = per_channel_dynamic_qconfig if per_channel else default_dynamic_qconfig
    with warnings.catch_warnings():  # torch.ao.quantization is deprecated in favour of torchao (not installed)
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", UserWarning)
        model = quantize_dynamic(model, {torch.nn.Linear: qconfig}, dtype=torch.qint8)
    if full_range is None:
        full_range = vnni()
    if full_range:
        stock, full = _dynamic_linear_class()
        for module in model.modules():
            if type(module) is stock:
                module.__class__ = full
    return model


def check_model_dir(model_dir: Path) -> None:
    if not model_dir.is_dir():
        raise StanceModelError(f"stance model directory not found: {model_dir}")
    if not (model_dir / "config.json").exists():
        raise StanceModelError(f"{model_dir} has no config.json: not a model saved with save_pretrained")
    if not any((model_dir / name).exists() for name in WEIGHT_FILES):
        raise StanceModelError(f"{model_dir} has no model weights (expected one of {', '.join(WEIGHT_FILES)})")


def label_order(id2label: dict) -> list[int]:
    """The model's output column for each of LABELS; raises unless its labels are exactly LABELS."""
    names = {int(i): str(label).lower() for i, label in id2label.items()}
    if sorted(names.values()) != sorted(LABELS) or sorted(names) != list(range(len(LABELS))):
        raise StanceModelError(
            f"the model's labels are {[names[i] for i in sorted(names)]}; "
            f"a stance model must have exactly {list(LABELS)} (set id2label/label2id when creating it)"
        )
    column = {label: i for i, label in names.items()}
    return [column[label] for label in LABELS]


# --------------------------------------------------------------------------------------------
# Predictor


class StancePredictor:
    """Support / oppose / neutral probabilities for (target, speech) pairs, on CPU."""

    def __init__(
        self,
        model,
        tokenizer,
        encoding: EncodingConfig = EncodingConfig(),
        batch_size: int = 32,
        bucket: bool = True,
        pad_to: int | None = None,
        model_dir: Path | None = None,
        pad_multiple: int = 64,
    ):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.encoding = encoding
        self.batch_size = batch_size
        #: Sort by length and batch neighbours. False keeps input order (benchmarks only).
        self.bucket = bucket
        #: Pad every batch to at least this length instead of its own longest (benchmarks only).
        self.pad_to = pad_to
        #: Round each batch's width up to a multiple of this: a few input shapes instead of one per
        #: length keeps oneDNN's per-shape kernel caches (hundreds of MB in bf16) small, at no cost in speed.
        self.pad_multiple = pad_multiple
        self.model_dir = model_dir
        self.columns = label_order(model.config.id2label)
        self.input_names = [n for n in ("input_ids", "token_type_ids", "attention_mask") if n in tokenizer.model_input_names]
        if "attention_mask" not in self.input_names:
            self.input_names.append("attention_mask")
        self.pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
        self.metadata_head = None
        #: "fp32", "int8" or "bf16" when loaded with from_pretrained; None for a model passed in.
        self.precision: str | None = None

    @classmethod
    def from_pretrained(
        cls,
        model_dir: str | Path,
        quantize: bool | str = True,
        threads: int | None = None,
        batch_size: int | None = None,
        use_metadata_head: bool = True,
        **kwargs,
    ) -> "StancePredictor":
        """Load a directory written by ``save_pretrained`` (model + tokenizer).

        ``quantize``: True/"int8" (dynamic int8 Linear layers), "bf16", "auto" (bf16 where the CPU
        has it natively, else int8) or False/"fp32".
        ``batch_size``: most pairs per forward pass; default 32 in fp32 and 1 in int8/bf16, where
        batching makes scores depend on batch-mates (see the module docstring).
        ``threads``: ``torch.set_num_threads`` (process-wide). ``use_metadata_head=False`` ignores
        a ``metadata_head.json``. Other keyword arguments go to the constructor.
        """
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bars in parlmine's output
        precision = precision_of(quantize)
        model_dir = Path(model_dir)
        check_model_dir(model_dir)
        if threads:
            torch.set_num_threads(threads)
        tokenizer = AutoTokenizer.from_pretrained(model_dir)
        model = AutoModelForSequenceClassification.from_pretrained(model_dir)
        label_order(model.config.id2label)  # fail before quantising
        model = model.float().eval()  # fp16 checkpoints are upcast: fp16 matmuls are slow and lossy on CPU
        if precision == "int8":
            model = quantize_dynamic_int8(model)
        elif precision == "bf16":
            model = model.to(torch.bfloat16)
        if batch_size is None:
            batch_size = DEFAULT_BATCH_SIZE[precision]
        predictor = cls(model, tokenizer, load_encoding_config(model_dir), batch_size=batch_size, model_dir=model_dir, **kwargs)
        predictor.precision = precision
        head = model_dir / METADATA_HEAD_FILE
        if use_metadata_head and head.exists():
            predictor.metadata_head = predictor.load_metadata_head(head)
        return predictor

    # ---- the metadata model ------------------------------------------------------------------

    def load_metadata_head(self, path: Path):
        """``metadata_head.json``: the metadata model and its share of the mix (see stance/metadata.py)."""
        from .metadata import load_metadata_head

        return load_metadata_head(path.parent)

    def combine(self, proba: np.ndarray, pairs: Sequence[StancePair]) -> np.ndarray:
        """Final [n, 3] probabilities: the transformer's, mixed log-linearly with the metadata model's
        when the model directory has one. Without one, the transformer's are returned unchanged."""
        if self.metadata_head is None:
            return proba
        from .metadata import mix

        metadata, weight = self.metadata_head
        return mix(proba, metadata.predict_proba(list(pairs)), weight)

    # ---- inference ---------------------------------------------------------------------------

    def encode(self, pairs: Sequence[StancePair]) -> list[dict[str, list[int]]]:
        return [encode_pair(self.tokenizer, pair, self.encoding) for pair in pairs]

    def batches(self, lengths: Sequence[int]) -> Iterator[list[int]]:
        """Index lists: neighbours in length when bucketing (stable: ties keep input order)."""
        order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i)) if self.bucket else list(range(len(lengths)))
        for start in range(0, len(order), self.batch_size):
            yield order[start : start + self.batch_size]

    def collate(self, encoded: Sequence[dict[str, list[int]]]) -> dict[str, torch.Tensor]:
        """Right-pad a batch to its longest member rounded up to ``pad_multiple`` (or to ``pad_to``)."""
        longest = max(len(e["input_ids"]) for e in encoded)
        width = min(-(-longest // self.pad_multiple) * self.pad_multiple, max(longest, self.encoding.max_length))
        return pad_batch(encoded, self.pad_id, self.input_names, max(self.pad_to or 0, width))

    def transformer_proba(self, pairs: Sequence[StancePair]) -> np.ndarray:
        """[n, 3] softmax probabilities of the transformer alone, LABELS order, input order. Pairs with
        the same input (a speech about none of its group's targets reads the same for each) run once."""
        first: dict[tuple[str, str], int] = {}
        unique = [first.setdefault((p.target, p.text), len(first)) for p in pairs]
        distinct = [None] * len(first)
        for p, u in zip(pairs, unique):
            distinct[u] = distinct[u] or p
        encoded = self.encode(distinct)
        out = np.zeros((len(encoded), len(LABELS)), dtype=np.float64)
        with torch.inference_mode():
            for index in self.batches([len(e["input_ids"]) for e in encoded]):
                logits = self.model(**self.collate([encoded[i] for i in index])).logits.float()
                out[index] = torch.softmax(logits, dim=-1)[:, self.columns].double().numpy()
        return out[unique] if len(unique) else out

    def predict_proba(self, pairs: Sequence[StancePair]) -> np.ndarray:
        """[n, 3] probabilities in LABELS order (support, oppose, neutral), in input order."""
        pairs = list(pairs)
        if not pairs:
            return np.zeros((0, len(LABELS)))
        return self.combine(self.transformer_proba(pairs), pairs)

    def predict(self, pairs: Sequence[StancePair]) -> list[tuple[str, dict[str, float]]]:
        """(top label, {label: score rounded to 4 decimals}) per pair, in input order."""
        results = []
        for row in self.predict_proba(pairs):
            scores = {label: round(float(p), 4) for label, p in zip(LABELS, row)}
            results.append((LABELS[int(np.argmax(row))], scores))
        return results


# --------------------------------------------------------------------------------------------
# Cross-check with transformers.pipeline


def pipeline_input(pair: StancePair) -> dict[str, str]:
    """The pair as a text-classification pipeline input: the same tokens as encode_pair when
    nothing is truncated (metadata + target as the first segment, the speech as the second)."""
    return {"text": metadata_text(pair) + " target: " + pair.target, "text_pair": pair.text}


EXAMPLE_PAIR = StancePair(
    target="That this House approves the Government's proposals for the reform of the railways.",
    text="I rise to support the motion. These proposals will improve services for passengers across the country.",
    speaker={"party": "Labour"}, sponsor={"party": "Labour", "government": True},
)


def to_pipeline_check(model_dir: str | Path, pair: StancePair | None = None, quantize: bool | str = False) -> dict:
    """Load ``model_dir`` with ``transformers.pipeline("text-classification")`` and with StancePredictor
    and compare their top labels on one pair (short enough not to be truncated: the pipeline
    does not truncate head+tail as encode_pair does).

    Returns both labels and score lists (LABELS order) and ``agree``.
    """
    import transformers

    pair = pair or EXAMPLE_PAIR
    dtype_arg = "dtype" if int(transformers.__version__.split(".")[0]) >= 5 else "torch_dtype"
    classifier = transformers.pipeline("text-classification", model=str(model_dir), device=-1, **{dtype_arg: torch.float32})
    ranked = classifier(pipeline_input(pair), top_k=None)
    if ranked and isinstance(ranked[0], list):
        ranked = ranked[0]
    pipe_scores = {r["label"].lower(): float(r["score"]) for r in ranked}
    predictor = StancePredictor.from_pretrained(model_dir, quantize=quantize, use_metadata_head=False)
    label, scores = predictor.predict([pair])[0]
    pipe_label = max(LABELS, key=lambda l: pipe_scores[l])
    return {
        "pipeline_label": pipe_label,
        "pipeline_scores": [pipe_scores[l] for l in LABELS],
        "predictor_label": label,
        "predictor_scores": [scores[l] for l in LABELS],
        "agree": pipe_label == label,
    }
