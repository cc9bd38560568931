"""Which runs of a DOCX a reader sees: hidden (w:vanish), white on white and tiny text are not.

Word hides a run marked `w:vanish` (directly or through its character or paragraph style), and
text in white or under 2 points is unreadable on a white page: all are classic vehicles for orders
aimed at an AI, so they are left out of the indexed text. White text is kept where something
coloured lies under it (run highlight or shading, paragraph or cell shading, a coloured page).
"""

from __future__ import annotations

from collections.abc import Iterator

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MIN_HALF_POINTS = 4  # w:sz counts half-points: under 2 pt is not meant to be read


def _on(element) -> bool:
    """A toggle property: present means on, unless w:val says otherwise."""
    return (element.get(f"{W}val") or "true").lower() not in ("0", "false", "off", "none")


def _whitish(colour: str | None) -> bool:
    colour = (colour or "").strip().lower()
    if colour in ("white", "ffffff"):
        return True
    if len(colour) == 6:
        try:
            return all(int(colour[i:i + 2], 16) >= 0xF0 for i in (0, 2, 4))
        except ValueError:
            return False
    return False


def _coloured(shading) -> bool:
    fill = (shading.get(f"{W}fill") or "auto").lower() if shading is not None else "auto"
    return fill not in ("auto", "") and not _whitish(fill)


class RunVisibility:
    """Decides, run by run, what a reader of the document sees."""

    def __init__(self, document) -> None:
        styles = document.styles.element
        self._styles = {s.get(f"{W}styleId"): s for s in styles.findall(f"{W}style")}
        self._default_paragraph = next(
            (sid for sid, s in self._styles.items()
             if s.get(f"{W}type") == "paragraph" and (s.get(f"{W}default") or "").lower() in ("1", "true")), None)
        self._defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        background = document.element.find(f"{W}background")
        self._coloured_page = background is not None and not _whitish(background.get(f"{W}color") or "ffffff")

    def _style_chain(self, style_id: str | None) -> Iterator:
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < 32:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                return
            rpr = style.find(f"{W}rPr")
            if rpr is not None:
                yield rpr
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None

    def _property(self, run, paragraph, tag: str):
        """The run property `tag` as Word resolves it: run, character style, paragraph style, defaults."""
        rpr = run.find(f"{W}rPr")
        sources = []
        if rpr is not None:
            sources.append(rpr)
            char_style = rpr.find(f"{W}rStyle")
            if char_style is not None:
                sources += self._style_chain(char_style.get(f"{W}val"))
        para_style = paragraph.find(f"{W}pPr/{W}pStyle")
        sources += self._style_chain(para_style.get(f"{W}val") if para_style is not None else self._default_paragraph)
        if self._defaults is not None:
            sources.append(self._defaults)
        for source in sources:
            found = source.find(f"{W}{tag}")
            if found is not None:
                return found
        return None

    def hidden(self, run, paragraph) -> bool:
        vanish = self._property(run, paragraph, "vanish")
        if vanish is not None and _on(vanish):
            return True
        size = self._property(run, paragraph, "sz")
        try:
            if size is not None and int(size.get(f"{W}val") or 24) < MIN_HALF_POINTS:
                return True
        except ValueError:
            pass
        colour = self._property(run, paragraph, "color")
        return colour is not None and _whitish(colour.get(f"{W}val")) and not self._under_colour(run, paragraph)

    def _under_colour(self, run, paragraph) -> bool:
        if self._coloured_page:
            return True
        highlight = self._property(run, paragraph, "highlight")
        if highlight is not None and (highlight.get(f"{W}val") or "none").lower() not in ("none", "white"):
            return True
        if _coloured(self._property(run, paragraph, "shd")) or _coloured(paragraph.find(f"{W}pPr/{W}shd")):
            return True
        cell = paragraph.getparent()
        while cell is not None and cell.tag != f"{W}tc":
            cell = cell.getparent()
        return cell is not None and _coloured(cell.find(f"{W}tcPr/{W}shd"))

    def text(self, paragraph) -> str:
        """The paragraph's visible text: its runs, hyperlinks' runs included, as python-docx reads them."""
        return "".join(run.text for run in paragraph.xpath("w:r | w:hyperlink/w:r")
                       if not self.hidden(run, paragraph))
