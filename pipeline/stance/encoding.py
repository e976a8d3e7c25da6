"""Turning a StancePair into transformer input: metadata and target first, the speech second.

The metadata that decides most votes (speaker party and role, the sponsor's party, whether the
Government moved the target, whether speaker and sponsor share a party) goes in as words, so one
encoder sees it together with the text and can learn when a speech breaks with its party.

Long speeches: keep the head and the tail. Members state their position when they start ("I beg to
move", "I rise to oppose") and when they conclude ("I urge the House to reject the amendment");
the middle is argument. Sun et al. (2019) found head+tail the best truncation for BERT classifiers.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..parties import canonical_party, is_chair_role
from .pairs import StancePair


def role_category(role: str | None) -> str:
    """"chair" for the Chair/Speaker (procedural, neutral), else "member".

    Finer roles (minister, shadow minister) are left out on purpose: HanDeSeT has no roles, and in
    the committee data ministers speak mostly against Opposition amendments, so a model given
    "minister" learns "minister opposes" and gets the Government's own amendments wrong."""
    return "chair" if is_chair_role(role) else "member"


def metadata_text(pair: StancePair) -> str:
    speaker_party = canonical_party(pair.speaker.party)
    sponsor_party = canonical_party(pair.sponsor.party)
    side = {True: "government", False: "opposition", None: "unknown"}[pair.sponsor.government]
    relation = "unknown"
    if speaker_party and sponsor_party:
        relation = "same party" if speaker_party == sponsor_party else "different party"
    return (
        f"speaker: {speaker_party or 'unknown'} {role_category(pair.speaker.role)}. "
        f"sponsor: {sponsor_party or 'unknown'} {side}. relation: {relation}."
    )


@dataclass(frozen=True)
class EncodingConfig:
    max_length: int = 256
    #: Most tokens the metadata + target segment may take.
    max_target_tokens: int = 96
    #: Share of the speech budget kept from the start; the rest comes from the end.
    head_fraction: float = 0.4
    #: Put the speaker/sponsor metadata in the first segment (False: target and text only, an ablation).
    metadata: bool = True


def encode_pair(tokenizer, pair: StancePair, config: EncodingConfig = EncodingConfig()) -> dict[str, list[int]]:
    """input_ids / attention_mask (and token_type_ids if the model uses them), unpadded."""
    prefix = metadata_text(pair) + " " if config.metadata else ""
    first = tokenizer(prefix + "target: " + pair.target, add_special_tokens=False, verbose=False)["input_ids"]
    first = first[: config.max_target_tokens]
    speech = tokenizer(pair.text, add_special_tokens=False, verbose=False)["input_ids"]
    budget = max(8, config.max_length - len(first) - 3)  # [CLS] first [SEP] speech [SEP]
    if len(speech) > budget:
        head = int(budget * config.head_fraction)
        speech = speech[:head] + speech[len(speech) - (budget - head):]
    ids = [tokenizer.cls_token_id, *first, tokenizer.sep_token_id, *speech, tokenizer.sep_token_id]
    return {
        "input_ids": ids,
        "token_type_ids": [0] * (len(first) + 2) + [1] * (len(speech) + 1),
        "attention_mask": [1] * len(ids),
    }


def pad_batch(encoded, pad_id: int, names=("input_ids", "token_type_ids", "attention_mask"), min_width: int = 0):
    """Right-pad a batch of encodings to its longest member (dynamic padding) as long tensors."""
    import torch

    width = max(min_width, *(len(e["input_ids"]) for e in encoded))
    pad = {"input_ids": pad_id, "token_type_ids": 0, "attention_mask": 0}
    return {name: torch.tensor([e[name] + [pad[name]] * (width - len(e[name])) for e in encoded], dtype=torch.long)
            for name in names}
