"""Which elements of an HTML page a reader sees: the others are removed before the text is read.

Hidden text is the usual vehicle of orders aimed at an AI (#10, finding 4). An element is hidden
when its own declarations, from its `style` attribute or from a rule of the page's `<style>`
sheets (any selector lexbor understands: classes, ids, descendants...), say:
- `display:none`, `visibility:hidden|collapse`, `opacity` under 0.05, `transform: scale(0)`;
- a font under 2 px (inherited sizes followed: `em`, `rem` and `%` scale the parent's);
- a text colour that is transparent, or equal (within a few units) to the background it sits on:
  the nearest background colour of the element or its ancestors, white when none is set;
- off-screen placement: `position:absolute|fixed` with `left`, `top` or `right` under -500 px, a
  `text-indent` under -500 px, or the screen-reader pattern `clip: rect(0…)` / `clip-path: inset(50%)`;
- a zero `height`, `max-height` or `width` with `overflow: hidden`;
- the `hidden` attribute (not `until-found`, which the browser reveals on search), `aria-hidden="true"`,
  or `<font color>` matching the background.
Not covered (documented limits): media queries, `!important` precedence, stacking (`z-index`) of
one element over another, colours from images or gradients, text hidden by script.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_DECLARATION = re.compile(r"([a-zA-Z-]+)\s*:\s*([^;]+)")
_LENGTH = re.compile(r"^(-?\d*\.?\d+)\s*(px|pt|em|rem|%|vw|vh|ex|ch|cm|mm|in|pc)?$")
_NAMED = {"white": (255, 255, 255), "black": (0, 0, 0), "red": (255, 0, 0), "green": (0, 128, 0),
          "blue": (0, 0, 255), "yellow": (255, 255, 0), "gray": (128, 128, 128), "grey": (128, 128, 128),
          "silver": (192, 192, 192), "navy": (0, 0, 128), "snow": (255, 250, 250), "ivory": (255, 255, 240),
          "whitesmoke": (245, 245, 245), "ghostwhite": (248, 248, 255)}
_PROPERTIES = {"display", "visibility", "opacity", "transform", "font-size", "font", "color", "background",
               "background-color", "position", "left", "top", "right", "text-indent", "clip", "clip-path",
               "height", "max-height", "width", "max-width", "overflow"}
WHITE = (255, 255, 255)
BASE_PX = 16.0
MIN_PX = 2.0
OFF_SCREEN_PX = -500.0


def declarations(text: str) -> dict[str, str]:
    """`prop: value; …` as a dict of the properties that can hide text (lower-case, !important dropped)."""
    found = {}
    for name, value in _DECLARATION.findall(_COMMENT.sub(" ", text or "")):
        name = name.strip().lower()
        if name in _PROPERTIES:
            found[name] = value.replace("!important", "").strip().lower()
    return found


def style_rules(css: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(selector, declarations) of a style sheet's plain rules; at-rules (@media…) are skipped."""
    css = _COMMENT.sub(" ", css)
    i, n = 0, len(css)
    while i < n:
        brace = css.find("{", i)
        if brace == -1:
            return
        head = css[i:brace].strip()
        depth, j = 1, brace + 1
        while j < n and depth:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        if not head.startswith("@"):
            decls = declarations(css[brace + 1:j - 1])
            if decls:
                for selector in head.split(","):
                    if selector.strip():
                        yield selector.strip(), decls
        i = j


def colour(value: str) -> tuple[int, int, int, float] | None:
    """RGBA of a CSS colour (hex, rgb(a), a few names, transparent); None when unknown."""
    value = value.strip().lower()
    if value == "transparent":
        return (0, 0, 0, 0.0)
    if value in _NAMED:
        return (*_NAMED[value], 1.0)
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        if len(digits) in (6, 8) and all(c in "0123456789abcdef" for c in digits):
            alpha = int(digits[6:8], 16) / 255 if len(digits) == 8 else 1.0
            return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), alpha)
        return None
    match = re.match(r"rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:[\s,/]+([\d.]+%?))?\s*\)", value)
    if match:
        def channel(text: str) -> int:
            return round(float(text[:-1]) * 2.55) if text.endswith("%") else round(float(text))

        alpha = match.group(4)
        a = 1.0 if alpha is None else (float(alpha[:-1]) / 100 if alpha.endswith("%") else float(alpha))
        return (channel(match.group(1)), channel(match.group(2)), channel(match.group(3)), a)
    return None


def _background(decls: dict[str, str]) -> tuple[int, int, int, float] | None:
    for name in ("background-color", "background"):
        if name in decls:
            for word in re.split(r"\s+(?![^(]*\))", decls[name]):
                found = colour(word)
                if found is not None:
                    return found
    return None


def _pixels(value: str, parent_px: float) -> float | None:
    match = _LENGTH.match(value.strip())
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2) or "px"
    if unit in ("em", "ex", "ch"):
        return number * parent_px
    if unit == "rem":
        return number * BASE_PX
    if unit == "%":
        return number * parent_px / 100
    return number * {"pt": 4 / 3, "pc": 16, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4}.get(unit, 1.0)


def _font_px(decls: dict[str, str], parent_px: float) -> float:
    value = decls.get("font-size")
    if value is None and "font" in decls:
        match = re.search(r"(-?\d*\.?\d+(?:px|pt|em|rem|%))", decls["font"])
        value = match.group(1) if match else None
    if value is None:
        return parent_px
    found = _pixels(value, parent_px)
    return parent_px if found is None else found


def _same(a: tuple[int, int, int, float], b: tuple[int, int, int, float]) -> bool:
    return all(abs(x - y) <= 8 for x, y in zip(a[:3], b[:3]))


class Visibility:
    """Walks a lexbor tree once, carrying inherited colour, background and font size."""

    def __init__(self, tree, css: str = "") -> None:
        self.tree = tree
        self.rules: dict[int, dict[str, str]] = {}
        sheets = css + "".join(node.text() for node in tree.css("style"))
        for selector, decls in style_rules(sheets):
            try:
                matched = tree.css(selector)
            except Exception:  # a selector lexbor does not understand (pseudo-elements...): ignored
                continue
            for node in matched:
                self.rules.setdefault(node.mem_id, {}).update(decls)

    def hidden_nodes(self, root) -> list:
        """The outermost hidden elements under `root`, in document order."""
        hidden: list = []
        stack = [(root, (0, 0, 0, 1.0), WHITE + (1.0,), BASE_PX)]
        while stack:
            node, text_colour, background, font_px = stack.pop()
            decls = dict(self.rules.get(node.mem_id, {}))
            decls.update(declarations(node.attributes.get("style") or ""))
            font = node.attributes.get("color") if node.tag == "font" else None
            if font and "color" not in decls:
                decls["color"] = font
            own_background = _background(decls)
            if own_background is not None and own_background[3] > 0.5:
                background = own_background
            text_colour = colour(decls.get("color", "")) or text_colour
            font_px = _font_px(decls, font_px)
            if _hidden(node, decls, text_colour, background, font_px):
                hidden.append(node)
                continue
            children = [c for c in node.iter(include_text=False)]
            stack.extend((c, text_colour, background, font_px) for c in reversed(children))
        return hidden


def _hidden(node, decls: dict[str, str], text_colour, background, font_px: float) -> bool:
    attrs = node.attributes
    if "hidden" in attrs and (attrs["hidden"] or "").strip().lower() != "until-found":
        return True
    if (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    if decls.get("display") == "none" or decls.get("visibility") in ("hidden", "collapse"):
        return True
    try:
        if float(decls.get("opacity", "1").rstrip("%")) / (100 if decls.get("opacity", "").endswith("%") else 1) < 0.05:
            return True
    except ValueError:
        pass
    if re.search(r"scale[xy]?\(\s*0*\.?0+\s*[,)]", decls.get("transform", "")):
        return True
    if font_px < MIN_PX or text_colour[3] < 0.1 or _same(text_colour, background):
        return True
    if decls.get("position") in ("absolute", "fixed"):
        for side in ("left", "top", "right"):
            value = _pixels(decls.get(side, "0"), font_px)
            if value is not None and value <= OFF_SCREEN_PX:
                return True
        if re.search(r"rect\(\s*0", decls.get("clip", "")) or re.search(r"inset\(\s*50%", decls.get("clip-path", "")):
            return True
    indent = _pixels(decls.get("text-indent", "0"), font_px)
    if indent is not None and indent <= OFF_SCREEN_PX:
        return True
    if decls.get("overflow") in ("hidden", "clip"):
        for side in ("height", "max-height", "width", "max-width"):
            value = _pixels(decls.get(side, "1"), font_px)
            if value is not None and value <= 0.5:
                return True
    return False
