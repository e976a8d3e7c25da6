"""parlmine: argument mining for parliamentary debates."""
__version__ = "0.1.0"
