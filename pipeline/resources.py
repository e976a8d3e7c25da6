"""Where parlmine's shipped resources are, in a source checkout and in an installed wheel alike.

The models travel as the package ``parlmine.models`` (the ``models/`` folder of the repository) and the
gazetteer as package data (``parlmine/data/sources.jsonl``); both are found with importlib.resources,
never through the source tree. ``PARLMINE_STANCE_MODEL``, ``PARLMINE_CLAIMS_MODEL`` and
``PARLMINE_EVIDENCE_MODEL`` name another folder for a model. Light: importing it loads no model code.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

MODELS = ("stance", "claims", "evidence")


def shipped_model_dir(name: str) -> Path:
    """The folder of a model as shipped (in a checkout: models/NAME; `make model` writes it)."""
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; parlmine ships {', '.join(MODELS)}")
    return Path(str(resources.files("parlmine.models").joinpath(name)))


def model_dir(name: str) -> Path:
    """The folder a stage loads model NAME from: ``PARLMINE_<NAME>_MODEL`` if set, else the shipped one."""
    override = os.environ.get(f"PARLMINE_{name.upper()}_MODEL")
    return Path(override) if override else shipped_model_dir(name)


def gazetteer_path() -> Path:
    """The shipped gazetteer of cited sources (JSON lines; PARLMINE_SOURCES adds files to it)."""
    return Path(str(resources.files("parlmine").joinpath("data", "sources.jsonl")))


def offline_hub() -> None:
    """Hugging Face libraries in offline mode (``HF_HUB_OFFLINE=1`` unless set): every weight parlmine
    loads is a local folder, and nothing may be fetched from a model hub. Called by the stance stage
    when it loads its models, and by the command line; never on import."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
