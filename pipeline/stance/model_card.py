"""The model card (README.md in the model directory), written from metrics.json after training."""
from __future__ import annotations

from pathlib import Path

from ..output import write_text_atomic


def lofo_table(lofo: dict) -> list[str]:
    names = list(next(iter(lofo.values()))["files"])
    short = [n.replace(".stance.jsonl", "").replace("standing2009-10-20_CHILDPOV_", "PBC ").replace("-0_2009-10-2", " ") for n in names]
    lines = ["| system | pooled macro-F1 [95% CI over debates] | " + " | ".join(short) + " |",
             "|---|---|" + "---|" * len(names)]
    for system, m in lofo.items():
        ci = m["pooled"]["macro_f1_ci_debates"]
        cells = " | ".join(f"{m['files'][n]['macro_f1']:.3f}" for n in names)
        lines.append(f"| {system} | {m['pooled']['macro_f1']:.3f} [{ci[0]:.3f}, {ci[1]:.3f}] | {cells} |")
    return lines + [""]


def per_class_table(pooled: dict) -> list[str]:
    lines = ["| class | precision | recall | F1 | n |", "|---|---|---|---|---|"]
    for label in ("support", "oppose", "neutral"):
        r = pooled["per_class"].get(label)
        if r:
            lines.append(f"| {label} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1-score']:.3f} | {r['support']} |")
    matrix = pooled["confusion_matrix"]
    lines += ["", "Confusion matrix (rows gold, columns predicted): " + str(matrix), ""]
    return lines


def write_model_card(model_dir: Path, metrics: dict) -> Path:
    cfg = metrics["config"]
    lofo = metrics["leave_one_file_out"]
    shipped = lofo[metrics["shipped"]]["pooled"]
    secondary = metrics["secondary"]
    lines = [
        "---",
        "license: cc-by-sa-3.0",
        "language: en",
        "base_model: sentence-transformers/all-MiniLM-L6-v2",
        "pipeline_tag: text-classification",
        "---",
        "# parlmine speech-level stance model",
        "",
        "What a parliamentary speech says about each amendment, new clause or clause it debates:",
        "`support`, `oppose` or `neutral`, as defined by the speech-label guidelines",
        "(`stance-speech-labels/GUIDELINES.md`): a Minister asking for withdrawal opposes; a speech about",
        "another amendment of the group is neutral toward this one; \"we will not oppose the clause\" is neutral.",
        "",
        "Two readers of each (speech, target) pair, mixed log-linearly",
        f"({metrics['mix_weight']} on the transformer; pooled leave-one-file-out macro-F1 by weight: "
        f"{metrics.get('mix_weight_scores') or 'not measured'}):",
        "- a **structure model** (`structure_head.json`): logistic regression on the pair's place in the",
        "  debate (Chair, Government front bench, governing-party backbencher, Opposition front or back",
        "  bench; mover of this target or of another of its group; Government amendment or the Bill's own",
        "  clause; whether the speech names this target or only another; the stance cues of the sentences",
        "  about it, `pipeline/stance/cues.py`; the similarity of the speech to the target's wording by the",
        "  pretrained all-MiniLM-L6-v2);",
        "- **MiniLM fine-tuned** (all-MiniLM-L6-v2, 22M parameters) on the same structure as words, the",
        "  target's wording, and the parts of the speech about that target: the sentences naming it, with",
        "  a stance cue, or closest to its wording, plus the first and last sentence.",
    ]
    if metrics["mix_weight"] == 0:
        lines += [
            "",
            "At weight 0 (the best pooled score above) the shipped model is the structure model alone: the",
            "fine-tuned transformer alone scored below it on every leave-one-file-out row, and mixing it in lowered the",
            "pooled score. Its weights stay in this folder, and `mix_weight` in `parlmine_stance.json` mixes",
            "them back in (the stance stage then runs the transformer too).",
        ]
    lines += [
        "",
        "## Use",
        "",
        "```sh",
        "parlmine annotate debate.xml -o out.jsonl        # the stance stage runs by default",
        "parlmine evaluate stance --speech-labels my.stance.jsonl --transcripts DIR",
        "```",
        "Weights are fp16 safetensors loadable by `transformers`; parlmine runs them in bf16 where the",
        "CPU has it natively, else int8 dynamic quantisation.",
        "",
        "## Data",
        "",
        "- **Speech-level hand labels** (`stance-speech-labels/` in the shared corpora, and the project's",
        "  own in `configs/labels/stance/`, labelled blind by helper sessions, each scored once before it",
        "  joined; the transformer is fine-tuned on the corpus files only): " + ", ".join(
            f"{name} {v['pairs']}" for name, v in metrics["data"]["files"].items()) + " pairs",
        "  (`unclear` left out). Open Parliament Licence v3.0.",
        f"- **HanDeSeT** (Abercrombie & Batista-Navarro 2018): {metrics['data']['handeset_train']} training",
        "  speeches toward motions (debate-disjoint from its test split). Open Parliament Licence v3.0; ODbL.",
        "",
        "## Evaluation: leave one file out",
        "",
        "Each file is scored by models fitted on the other files only (and HanDeSeT's training split).",
        "Baselines beside it in the same run: the structure rules (the guidelines as rules, nothing",
        "learnt), the metadata baseline (speaker party × sponsor party × Government/Opposition, the",
        "features of the earlier party-line model), the structure model and the transformer alone; the",
        "`previous model` row, where present, is the earlier party-line model as shipped.",
        "",
    ]
    lines += lofo_table(lofo)
    lines += ["Shipped model, pooled over the files:", ""] + per_class_table(shipped)
    votes = secondary.get("vote_agreement", {})
    if votes:
        lines += ["## Secondary checks", "", "Agreement with division votes of each fold's model (a member who spoke on a",
                  "target and voted on it; the file was held out):", ""]
        lines += [f"- {name}: {v['agreement']:.3f} (n={v['n']}); where the model takes a side {v['sided_agreement']} "
                  f"(n={v['sided_n']}); the hand labels on the same pairs {v['hand_labels_agreement']}, where they take a side "
                  f"{v['hand_labels_sided_agreement']}" for name, v in votes.items()]
        lines.append("")
    for name, m in secondary.get("handeset_test", {}).items():
        lines.append(f"- HanDeSeT test split, {name}: macro-F1 {m['macro_f1']:.3f}, accuracy {m['accuracy']:.3f}, "
                     f"rebels {m.get('rebel_accuracy', float('nan')):.3f} (n={m.get('rebels', 0)})")
    lines += [
        "",
        "## Training",
        "",
        f"`make model` (= `parlmine train stance --config configs/stance.yaml`): seed {cfg['seed']},",
        f"{cfg['model']['epochs']} epochs, learning rate {cfg['model']['learning_rate']}, batch {cfg['model']['batch_size']},",
        f"max length {cfg['model']['max_length']}, on {metrics['machine']}; {metrics['train_seconds'] / 60:.1f} minutes",
        "including a fine-tune per held-out file. Same config and seed give the same metrics.",
        "",
        "## Limits",
        "",
        "- Labels come from debates of one week of 2009 (four committee sittings of one Bill, Lords and",
        "  Commons report days): other Bills, periods and bodies are out of the training distribution.",
        "- In a large group most speeches name no amendment; which one a speech argues is read from its",
        "  subject, and that is where most errors are (the per-file rows).",
        "- Lords records carry no offices: a Minister is recognised by answering an oral question or by",
        "  how the next speakers address him (\"I thank the Minister\"). Commons chamber records carry",
        "  Ministers' offices but no parties: the Opposition front bench and backbenchers are unknown there.",
        "",
    ]
    path = Path(model_dir) / "README.md"
    write_text_atomic(path, "\n".join(lines))
    return path
