"""parlmine: argument mining for parliamentary debates.

    import parlmine
    record = parlmine.annotate("debate.xml")      # or a string of transcript text
    print(record.speeches[0].speaker.name, record.speeches[0].stances)

Importing parlmine loads no model and sets no environment variable; the stages load their models
when first used (the stance stage sets ``HF_HUB_OFFLINE=1`` then, as documented in README).
"""
from .api import annotate, annotate_many, read_jsonl
from .record import DebateRecord
from .version import __version__

__all__ = ["DebateRecord", "__version__", "annotate", "annotate_many", "read_jsonl"]
