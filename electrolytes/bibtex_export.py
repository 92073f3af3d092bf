"""BibTeX output for references."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from electrolytes.models import Reference

_ESCAPES = str.maketrans({"{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_"})


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)


def reference_to_bibtex(reference: Reference) -> str:
    """One BibTeX entry; datasets become ``@misc`` with their licence in ``note``."""
    entry_type = {"article": "article", "review": "article", "book": "book"}.get(reference.kind, "misc")
    # A DOI-only reference has no title of its own yet: the entry says so rather than repeat the placeholder.
    pending = reference.metadata_pending
    fields: list[tuple[str, str]] = [("note", "Metadata pending")] if pending else [("title", reference.title)]
    if reference.authors:
        fields.append(("author", " and ".join(reference.authors)))
    if reference.journal:
        fields.append(("journal" if entry_type == "article" else "howpublished", reference.journal))
    if reference.year:
        fields.append(("year", str(reference.year)))
    if reference.volume:
        fields.append(("volume", reference.volume))
    if reference.pages:
        fields.append(("pages", reference.pages.replace("-", "--") if "--" not in reference.pages else reference.pages))
    if reference.doi:
        fields.append(("doi", reference.doi))
    if reference.url:
        fields.append(("url", reference.url))
    if reference.licence:
        fields.append(("note", f"Licence: {reference.licence}"))
    body = ",\n".join(
        f"  {name} = {{{_escape(value) if name not in ('doi', 'url') else value}}}" for name, value in fields
    )
    return f"@{entry_type}{{{reference.key},\n{body}\n}}\n"
