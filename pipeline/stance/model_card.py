"""The model card (README.md in the model directory), written from metrics.json after training."""
from __future__ import annotations

from pathlib import Path

from ..output import write_text_atomic

SPLIT_NAMES = {
    "handeset_test": "HanDeSeT, debate-disjoint test split (so motion-disjoint)",
    "pbc_test": "Public Bill Committee sitting held out (agreement with division votes)",
}


def metrics_table(split: str, systems: dict) -> list[str]:
    lines = [f"**{SPLIT_NAMES.get(split, split)}**", "",
             "| system | accuracy | macro-F1 [95% CI] | rebels: accuracy (n) | agreement with votes (n) |",
             "|---|---|---|---|---|"]
    for name, m in systems.items():
        rebels = f"{m['rebel_accuracy']:.3f} ({m['rebels']})" if "rebel_accuracy" in m else "—"
        votes = f"{m['vote_agreement']:.3f} ({m['voted']})" if "vote_agreement" in m else "—"
        lines.append(f"| {name} | {m['accuracy']:.3f} | {m['macro_f1']:.3f} [{m['macro_f1_ci'][0]:.3f}, "
                     f"{m['macro_f1_ci'][1]:.3f}] | {rebels} | {votes} |")
    return lines + [""]


def write_model_card(model_dir: Path, metrics: dict) -> Path:
    data = metrics["data"]
    cfg = metrics["config"]
    lines = [
        "---",
        "license: cc-by-sa-3.0",
        "language: en",
        "base_model: sentence-transformers/all-MiniLM-L6-v2",
        "pipeline_tag: text-classification",
        "---",
        "# parlmine stance classifier",
        "",
        "Stance of a parliamentary speech toward a target it debates (a motion, amendment, clause or",
        "order): `support`, `oppose` or `neutral`. MiniLM (all-MiniLM-L6-v2, 22M parameters) fine-tuned",
        "as a sequence-pair classifier: the first segment is the metadata (speaker party and role,",
        "sponsor party, Government or Opposition, same or different party) and the target, the second",
        "the speech, head+tail truncated to the budget. Its probabilities are mixed log-linearly with a",
        f"metadata logistic regression (`metadata_head.json`), the transformer's weight {metrics['mix_weight']}",
        "chosen on debate-disjoint development debates.",
        "",
        "## Use",
        "",
        "```sh",
        "parlmine annotate debate.xml -o out.jsonl            # the stance stage runs by default",
        "parlmine stance predict pairs.jsonl -o labelled.jsonl",
        "```",
        "`transformers.pipeline(\"text-classification\", model=\"models/stance\")` loads the weights too",
        "(without the metadata mix). Weights are fp16 safetensors (≈45 MB, under the 50 MB limit, no",
        "export step, loadable by `transformers`); parlmine runs them in bf16 where the CPU has it, else",
        "int8 dynamic quantisation, else fp32.",
        "",
        "## Data",
        "",
        f"Training pairs: {data['train']} ({', '.join(f'{k} {v}' for k, v in data['train_by_source'].items())});",
        f"development {data['dev']}. Sources:",
        "- **HanDeSeT** (Abercrombie & Batista-Navarro 2018): Commons speeches with a human stance label",
        "  toward the motion; split by debate, never by row. Open Parliament Licence v3.0; rebellion data ODbL.",
        "- **Public Bill Committee sittings** (ParlParse XML, Child Poverty Bill 2009): labels derived from",
        "  division votes (`pipeline/stance/labels.py`): a member who spoke on an amendment or clause and",
        "  then voted aye on its question supports it; the mover supports their own amendment; the Chair's",
        "  procedural speeches are neutral. Open Parliament Licence v3.0.",
        "- **IBM Debater Claim Stance** (Bar-Haim et al. 2017) and **IBM ArgQ-Rank-30k** (Gretz et al. 2020):",
        "  claims and arguments with PRO/CON stance toward a topic, down-weighted as out of domain.",
        "  © IBM 2014–2019, released under **CC BY-SA 3.0**; this model is a derived work and is shared",
        "  under the same licence.",
        "",
        "## Evaluation",
        "",
        "Confidence intervals: 1,000 bootstrap resamples of motions (a motion or amendment within its",
        "debate or sitting). *Rebels*: HanDeSeT speeches whose human label differs from the speaker's",
        "division vote. Baselines are scikit-learn estimators fitted on the same parliamentary",
        "training pairs: majority class; metadata (logistic regression on one-hot speaker party ×",
        "sponsor party × Government/Opposition); TF-IDF on the text; TF-IDF + metadata.",
        "",
    ]
    for split, systems in metrics["splits"].items():
        lines += metrics_table(split, systems)
    lines += [
        "## Training",
        "",
        f"`make model` (= `parlmine train stance --config configs/stance.yaml`): seed {cfg['seed']},",
        f"{cfg['model']['epochs']} epochs, learning rate {cfg['model']['learning_rate']}, batch {cfg['model']['batch_size']},",
        f"max length {cfg['model']['max_length']}, head fraction {cfg['model']['head_fraction']}, on {metrics['machine']};",
        f"{metrics['train_seconds'] / 60:.1f} minutes end to end. Same config and seed give the same metrics.",
        "",
        "## Limits",
        "",
        "- Trained on Commons motions (1997–2017) and one Public Bill Committee (2009): other bodies,",
        "  periods and procedures (Lords amendments, Westminster Hall) are out of the training distribution.",
        "- `neutral` is learnt only from the Chair's procedural speeches; questions asked for information",
        "  by a member with a side are often given that side.",
        "- The metadata mix follows the party line: a speech that breaks with its party is the hardest case",
        "  (see the rebels column); use `transformer` probabilities alone (`use_metadata_head=False`) when",
        "  studying dissent.",
        "- Vote-derived labels are noisy: a member may speak against an amendment and still vote for it.",
        "",
    ]
    path = Path(model_dir) / "README.md"
    write_text_atomic(path, "\n".join(lines))
    return path
