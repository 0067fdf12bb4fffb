"""Chart posters and brochures: the CLI's ``chart`` and ``brochure`` options as plain forms."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from handouts.errors import HandoutsError
from handouts.serve import core
from handouts.serve.app import desk_of, page
from handouts.serve.forms import GENERAL
from handouts.serve.routes_sheet import pdf_response

router = APIRouter()


@router.get("/chart")
async def chart_form(request: Request) -> Response:
    opts = core.options(desk_of(request).ws)
    return page(request, "chart.html", opts=opts, chosen={"views": list(opts.views), "labels": "all"}, errors={})


@router.post("/chart")
async def chart(request: Request) -> Response:
    """A foot chart poster PDF, or the form again with the error next to its field."""
    desk = desk_of(request)
    form = await request.form()
    chosen = {"highlight": [str(v) for v in form.getlist("highlight")],
              "goals": [str(v) for v in form.getlist("goals")],
              "labels": str(form.get("labels") or "all"),
              "views": [str(v) for v in form.getlist("views")],
              "page_size": str(form.get("page_size") or "")}
    try:
        pdf = await desk.run(lambda: core.chart_pdf(desk.ws, **chosen))
    except HandoutsError as exc:
        errors = {exc.field if exc.field in chosen else GENERAL: exc.message + (f" ({exc.hint})" if exc.hint else "")}
        return page(request, "chart.html", status=400, opts=core.options(desk.ws), chosen=chosen, errors=errors)
    return pdf_response(pdf, "foot-chart.pdf", inline=False)


@router.get("/brochure")
async def brochure_form(request: Request) -> Response:
    opts = core.options(desk_of(request).ws)
    return page(request, "brochure.html", opts=opts, chosen={"layout": "trifold", "bleed": "0", "impose": True},
                errors={})


@router.post("/brochure")
async def brochure(request: Request) -> Response:
    """The print-ready brochure PDF, or the form again with the error next to its field."""
    desk = desk_of(request)
    form = await request.form()
    chosen = {"layout": str(form.get("layout") or "trifold"), "page_size": str(form.get("page_size") or ""),
              "bleed": str(form.get("bleed") or "0"), "crop_marks": bool(form.get("crop_marks")),
              "cmyk": bool(form.get("cmyk")), "impose": not form.get("no_impose")}
    try:
        try:
            bleed = float(chosen["bleed"].replace(",", "."))
        except ValueError:
            raise HandoutsError(f"'{chosen['bleed']}' is not a number", field="bleed", hint="use 0 to 10 mm") from None
        pdf = await desk.run(lambda: core.brochure_pdf(
            desk.ws, layout=chosen["layout"], page_size=chosen["page_size"], bleed_mm=bleed,
            crop_marks=chosen["crop_marks"], cmyk=chosen["cmyk"], impose=chosen["impose"]))
    except HandoutsError as exc:
        errors = {exc.field if exc.field in chosen else GENERAL: exc.message + (f" ({exc.hint})" if exc.hint else "")}
        return page(request, "brochure.html", status=400, opts=core.options(desk.ws), chosen=chosen, errors=errors)
    return pdf_response(pdf, f"brochure-{chosen['layout']}.pdf", inline=False)
