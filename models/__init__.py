"""The models shipped with parlmine, installed as the package data of ``parlmine.models`` (see README.md)."""
