"""Bytes -> text for files and downloads: byte-order marks, declared charsets, then a detector; binaries refused."""

from __future__ import annotations

import codecs
import re

# UTF-32 LE's mark begins with UTF-16 LE's, so it is tried first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XML_DECLARED = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"'](?P<enc>[\w.:-]+)", re.IGNORECASE)
_META_DECLARED = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*(?P<enc>[\w.:-]+)", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?(?P<enc>[\w.:-]+)", re.IGNORECASE)
# What a web page means by these labels is windows-1252 (the WHATWG encoding standard); it is a superset.
_WEB_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "windows-1252": "cp1252"}
# C0 control characters other than tab, newline, vertical tab, form feed, carriage return and escape.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SNIFF = 64 * 1024  # the detector reads this much; enough to decide, cheap on a 50 MB file


class NotText(ValueError):
    """Bytes that are not text in any encoding we can tell; str() is the one-line reason."""


def header_charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    match = _HEADER_CHARSET.search(content_type or "")
    return match["enc"] if match else None


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares in its own first bytes (an XML declaration or an HTML meta tag)."""
    head = data[:4096]
    match = _XML_DECLARED.match(head) or _META_DECLARED.search(head)
    return match["enc"].decode("ascii", "replace") if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    name = _WEB_ALIASES.get(label.strip().lower(), label.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        if codec == "cp1252":  # five bytes are undefined in windows-1252; Latin-1 reads every byte
            return data.decode("latin-1")
        return None


def _looks_like_text(text: str) -> bool:
    sample = text[:_SNIFF]
    return bool(sample.strip()) and len(_CONTROL.findall(sample)) <= max(2, len(sample) // 200)


def _wide_unicode(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the zero bytes of Latin text fall."""
    head = data[: _SNIFF - _SNIFF % 4]
    if len(head) < 8:
        return None
    for codec, width, zero_at in (
        ("utf-32-le", 4, (1, 2, 3)), ("utf-32-be", 4, (0, 1, 2)), ("utf-16-le", 2, (1,)), ("utf-16-be", 2, (0,)),
    ):
        units = len(head) // width
        zeros = sum(1 for i in range(0, units * width, width) if all(head[i + k] == 0 for k in zero_at))
        if zeros >= 0.6 * units and (text := _try(data, codec)) is not None and _looks_like_text(text):
            return text
    return None


def _detected(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    sample = data[:_SNIFF]
    best = from_bytes(sample).best()
    if best is None:
        return None
    codec = best.encoding
    if codec not in ("utf_8", "ascii"):
        # The detector often names a sister code page of windows-1252 (cp1250) for Western text; where
        # windows-1252 reads the bytes at least as well, it is the likelier one (the web's legacy default).
        western = from_bytes(sample, cp_isolation=["cp1252"]).best()
        if western is not None and western.chaos <= best.chaos and western.coherence >= best.coherence:
            codec = "cp1252"
    return _try(data, codec)


def decode(data: bytes, declared: str | None = None) -> str:
    """Text from bytes: a byte-order mark, else the declared charset, else UTF-8, else a detector's guess.

    Raises NotText for binaries (and text in no encoding that reads it cleanly).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            marked = _try(data, codec)
            if marked is None:
                raise NotText(f"not {codec.upper().replace('-SIG', '')} text despite its byte-order mark")
            return marked
    has_nul = b"\x00" in data[:_SNIFF]
    if has_nul:
        wide = _wide_unicode(data)
        if wide is None:
            raise NotText("binary file, not text")
        return wide
    for label in (_codec(declared), _codec(declared_charset(data)), "utf-8"):
        if label and (text := _try(data, label)) is not None:
            if _looks_like_text(text):
                return text
            raise NotText("binary file, not text")
    guessed = _detected(data)
    if guessed is None or not _looks_like_text(guessed):
        raise NotText("binary file, not text" if _CONTROL.search(data[:_SNIFF].decode("latin-1"))
                      else "text in an encoding that could not be told")
    return guessed
