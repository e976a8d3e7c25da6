"""parlmine's version (one place: the package, provenance and the wheel read it)."""
__version__ = "0.1.0"
