"""The PDF password a user gives (flag, file, environment or a client list's column), checked at intake."""

from __future__ import annotations

from handouts.errors import InputError

MAX_PASSWORD_BYTES = 127  # the PDF 2.0 (AES-256) handler uses the first 127 bytes of a UTF-8 password


def check_password(password: str, **where: object) -> str:
    """A usable password: not empty, at most 127 bytes, no line breaks or control characters."""
    if not password:
        raise InputError("the PDF password is empty", hint="give at least one character", **where)  # type: ignore[arg-type]
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise InputError(f"the PDF password is longer than {MAX_PASSWORD_BYTES} bytes",
                         hint="use a shorter password", **where)  # type: ignore[arg-type]
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        raise InputError("the PDF password holds a control character or line break",
                         hint="use letters, digits and punctuation", **where)  # type: ignore[arg-type]
    return password
