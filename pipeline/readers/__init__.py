"""Readers behind one interface, chosen by a registry: a new format is one new module."""
from __future__ import annotations

import html
import re

from ..errors import InputError
from ..source import SourceDocument
from .base import READERS, Reader, register

# Importing the built-in readers runs their @register decorators.
from . import news, parlparse_xml, twfy_text  # noqa: E402,F401


def reader_names() -> list[str]:
    return sorted(READERS)


def get_reader(name: str) -> Reader:
    try:
        return READERS[name]()
    except KeyError:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(reader_names())}") from None


_HTML = re.compile(r"<!doctype\s+html|<html\b|<body\b|<div\b|<p\b|<a\s+(?:name|href)=", re.I)


def detect_reader(doc: SourceDocument) -> Reader:
    """The first registered reader (by priority) that recognises the document."""
    for cls in sorted(READERS.values(), key=lambda c: (c.priority, c.name)):
        reader = cls()
        if reader.sniff(doc):
            return reader
    head = doc.head
    if head.lstrip().startswith("<") and _HTML.search(head):
        title = re.search(r"<title[^>]*>(.*?)</title>", head, re.I | re.S)
        what = f" ({html.unescape(title.group(1)).strip()[:60]!r})" if title else ""
        problem = f"an HTML page{what}, not a debate transcript in a known format (TheyWorkForYou text, ParlParse XML, news report)"
    elif head.lstrip().startswith("<"):
        problem = "XML that is not ParlParse debate XML (no <publicwhip> root)"
    else:
        problem = "not recognised as a debate transcript (TheyWorkForYou text, ParlParse XML or a news report)"
    raise InputError(doc.path, problem, unrecognised=True)


__all__ = ["Reader", "register", "get_reader", "detect_reader", "reader_names"]
