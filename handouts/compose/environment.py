"""The Jinja2 environment that turns templates into story markup.

Autoescape is always on, so client text can never become markup; undefined
names are errors (a misspelt ``{{ cliant.name }}`` must not print nothing);
and templates run sandboxed, because a clinic's own templates are content, not
code. Errors name the template file and line.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from handouts.compose.limits import BoundedEnvironment, TemplateLimitError, render_bounded
from handouts.errors import TemplateError
from handouts.files.cache import cache_root, code_folder, code_stamp, make_private_folder, read_private
from handouts.files.paths import display_path


def minutes_label(value: float) -> str:
    """2 -> "2", 1.5 -> "1½", 0.5 -> "½": how people write short times."""
    whole = int(value)
    half = abs(value - whole - 0.5) < 1e-9
    if half:
        return f"{whole}½" if whole else "½"
    return str(round(value)) if abs(value - round(value)) < 1e-9 else f"{value:g}"


def fmt(text: str, **values: Any) -> str:
    """Fill ``{name}`` slots in a catalog string, escaping the values."""
    out = str(text)
    for key, value in values.items():
        out = out.replace("{" + key + "}", str(jinja2.utils.markupsafe.escape(value)))
    return jinja2.utils.markupsafe.Markup(out) if isinstance(text, jinja2.utils.markupsafe.Markup) else out


def make_environment(template_dirs: tuple[Path, ...]) -> SandboxedEnvironment:
    """A sandboxed, autoescaping, strict environment over ``template_dirs``, made once per process and store."""
    return _environment(template_dirs, cache_root())


@lru_cache(maxsize=16)
def _environment(template_dirs: tuple[Path, ...], store: Path | None) -> SandboxedEnvironment:
    env = BoundedEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=None if store is None else KeptTemplates(store),
    )
    env.filters["minutes"] = minutes_label
    env.filters["fmt"] = fmt
    return env


def forget_environments() -> None:
    """Drop the environments made so far (templates edited since are then read again)."""
    _environment.cache_clear()


class KeptTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between processes: a fresh ``handouts sheet`` skips compiling its template.

    Jinja keys each entry by the template's name and source; the folder is
    named for handouts' compose code and Python (``files.cache.code_stamp``),
    because the budget checks are compiled into the code. Keeping them only
    saves time, so a folder that cannot be made or written (full disk, a
    cache cleared under a running front desk) means compiling again, never a
    failed document. A kept template is code that runs: one another user
    could have written is compiled afresh instead (``files.cache.read_private``).
    """

    def __init__(self, store: Path) -> None:
        super().__init__(str(store / f"templates-{code_stamp(code_folder(__name__))}"))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        # the file Jinja's dump_bytecode writes: the folder and ``pattern`` given to the constructor, filled in
        path = Path(self.directory) / (self.pattern % (bucket.key,))
        try:
            data = read_private(path)
        except OSError:
            return
        if data is not None:
            bucket.load_bytecode(io.BytesIO(data))

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            make_private_folder(Path(self.directory))
            super().dump_bytecode(bucket)
        except OSError:
            return


def template_line(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line a Jinja runtime error happened on."""
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_template(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> tuple[str, Path | None]:
    """Render template ``name``; returns the story markup and the template's path."""
    return render_loaded(load_template(env, name), name, context)


def load_template(env: SandboxedEnvironment, name: str) -> jinja2.Template:
    """Template ``name``, compiled; a missing template or a syntax error is a TemplateError naming it."""
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"template '{name}' not found", hint="it should be in a templates/ folder") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}", file=_display(exc.filename or name),
                            line=exc.lineno) from None


def render_loaded(template: jinja2.Template, name: str, context: Mapping[str, Any]) -> tuple[str, Path | None]:
    """Render a template ``load_template`` gave; returns the story markup and the template's path.

    Mistakes that show while rendering are TemplateErrors naming the template's file and line.
    """
    path = Path(template.filename) if template.filename else None
    try:
        return render_bounded(template, context), path
    except TemplateLimitError as exc:
        file, line = template_line(exc)
        raise TemplateError(str(exc), file=_display(file or name), line=line,
                            hint="templates may not loop, repeat or recurse without bound") from None
    except RecursionError as exc:
        file, line = template_line(exc)
        raise TemplateError("a macro or include calls itself without end", file=_display(file or name),
                            line=line, hint="check the template's macros and includes") from None
    except (OverflowError, MemoryError, ArithmeticError) as exc:
        file, line = template_line(exc)
        raise TemplateError(f"the template computed something too large ({type(exc).__name__})",
                            file=_display(file or name), line=line) from None
    except jinja2.UndefinedError as exc:
        file, line = template_line(exc)
        raise TemplateError(f"{exc.message}", file=_display(file or name), line=line,
                            hint="check the spelling of the name in {{ ... }}") from None
    except jinja2.TemplateError as exc:
        file, line = template_line(exc)
        raise TemplateError(str(exc), file=_display(file or name), line=line) from None
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:  # e.g. a filter given text
        file, line = template_line(exc)
        raise TemplateError(f"the template failed: {type(exc).__name__}: {str(exc)[:200]}",
                            file=_display(file or name), line=line) from None


def _display(file: str) -> str:
    return display_path(Path(file)) if "/" in file else file
