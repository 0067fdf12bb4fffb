"""Text and attribute values escaped for ReportLab's paragraph markup.

The standard library's ``xml.sax.saxutils`` does the same, but importing it
loads ``urllib.request``, and with it ``http.client``, ``email`` and ``ssl``:
about 20 ms of a cold ``handouts sheet`` for two small functions. These give
the same strings (``tests/test_xml_text.py`` compares them).
"""

from __future__ import annotations

_TEXT = (("&", "&amp;"), (">", "&gt;"), ("<", "&lt;"))  # the ampersand first, so no entity is escaped twice
_ATTRIBUTE = (*_TEXT, ("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;"))


def escape(text: str) -> str:
    """``text`` with &, < and > written as entities."""
    for char, entity in _TEXT:
        text = text.replace(char, entity)
    return text


def quoteattr(value: str) -> str:
    """``value`` as a quoted attribute: escaped, line breaks and tabs as character references, and in
    whichever quotes it does not contain (double quotes written as &quot; when it holds both kinds)."""
    for char, entity in _ATTRIBUTE:
        value = value.replace(char, entity)
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'
