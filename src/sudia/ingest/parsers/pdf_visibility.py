"""Which text of a PDF page a reader sees: invisible, white-on-white and sub-point text is blanked.

A pypdf operator visitor follows the graphics state (q/Q, text render mode, fill colour, font
size and matrices) and empties the operands of text-showing operators drawn invisibly, before
pypdf extracts them, in the same single pass:
- render modes 3 and 7 (neither filled nor stroked): the classic hidden paragraph;
- white fill while nothing coloured has been painted yet on the page (white paper, white ink);
- an effective size under 1 point;
- text that starts outside the page's visible area (beyond a margin: a long line may start a
  little to the left of the page and still run into it).
Pages that show an image are left alone: an OCR'd scan is an image under invisible text, and white
text over a photo is legible. Limits: the position of text relative to what was painted is not
compared (white text anywhere on a page with a coloured shape is kept), colours in named colour
spaces (ICC, Separation) and transparency (ExtGState /ca) are not interpreted; the sanitiser still
neutralises what such text says before a model reads it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from pypdf.generic import ArrayObject, TextStringObject

_SHOW = {b"Tj", b"TJ", b"'", b'"'}
_FILL = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
_INVISIBLE_MODES = {3, 7}
_FILL_ONLY_MODES = {0, 4}
MIN_POINTS = 1.0
OFF_PAGE = 50.0  # points beyond the page edge where text starts unseen...
OFF_PAGE_LEFT = 1000.0  # ...except on the left, where a long line could still reach the page


@dataclass(frozen=True)
class _State:
    mode: int = 0
    white: bool = False  # current fill colour is white
    space: bytes = b"/DeviceGray"
    size: float = 12.0


def _numbers(operands: list) -> list[float] | None:
    try:
        return [float(x) for x in operands]
    except (TypeError, ValueError):
        return None  # a pattern name, or garbage


def _white(values: list[float] | None, space: bytes) -> bool:
    if not values:
        return False
    if len(values) == 4 and space in (b"/DeviceCMYK", b"cmyk"):
        return all(v <= 0.0 for v in values)
    if len(values) in (1, 3) and space in (b"/DeviceGray", b"/DeviceRGB", b"gray", b"rgb"):
        return all(v >= 1.0 for v in values)
    return False


def _scale(cm: list[float], tm: list[float]) -> float:
    """Geometric mean of the text matrix times the current matrix: how big one text unit is drawn."""
    try:
        a, b, c, d = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                      tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        return math.sqrt(abs(a * d - b * c))
    except (TypeError, IndexError, ValueError):
        return 1.0


class VisibleText:
    """`visitor_operand_before` for `PageObject.extract_text`; `hidden` counts the pieces blanked."""

    def __init__(self, box: tuple[float, float, float, float] | None = None) -> None:
        self.box = box  # (left, bottom, right, top) of the visible page, in user space
        self.state = _State()
        self.stack: list[_State] = []
        self.painted = False  # something not white has been painted (shape, shading, image)
        self.inline_image = False
        self.hidden = 0

    def __call__(self, operator: bytes, operands: list, cm: list[float], tm: list[float]) -> None:
        s = self.state
        if operator == b"q":
            self.stack.append(s)
        elif operator == b"Do":  # an XObject runs inside a saved state, restored after it; it may paint
            self.stack.append(s)
            self.painted = True
        elif operator == b"Q":
            self.state = self.stack.pop() if self.stack else _State()
        elif operator == b"Tr":
            values = _numbers(operands)
            self.state = replace(s, mode=int(values[0]) if values else 0)
        elif operator == b"Tf" and len(operands) >= 2:
            values = _numbers(operands[1:2])
            self.state = replace(s, size=abs(values[0]) if values else s.size)
        elif operator == b"g":
            self.state = replace(s, white=_white(_numbers(operands), b"gray"), space=b"/DeviceGray")
        elif operator == b"rg":
            self.state = replace(s, white=_white(_numbers(operands), b"rgb"), space=b"/DeviceRGB")
        elif operator == b"k":
            self.state = replace(s, white=_white(_numbers(operands), b"cmyk"), space=b"/DeviceCMYK")
        elif operator == b"cs" and operands:
            self.state = replace(s, white=False, space=bytes(str(operands[0]), "utf-8"))
        elif operator in (b"sc", b"scn"):
            self.state = replace(s, white=_white(_numbers(operands), s.space))
        elif operator in _FILL and not s.white or operator == b"sh":
            self.painted = True
        elif operator == b"INLINE IMAGE":
            self.painted = self.inline_image = True
        elif operator in _SHOW and operands and self._invisible(cm, tm):
            self.hidden += 1
            index = len(operands) - 1  # the text is the last operand of Tj, TJ, ' and "
            operands[index] = ArrayObject() if operator == b"TJ" else TextStringObject("")

    def after(self, operator: bytes, operands: list, cm: list[float], tm: list[float]) -> None:
        """`visitor_operand_after`: the state saved before a form XObject comes back after it."""
        if operator == b"Do":
            self.state = self.stack.pop() if self.stack else _State()

    def _invisible(self, cm: list[float], tm: list[float]) -> bool:
        s = self.state
        if s.mode in _INVISIBLE_MODES:
            return True
        if s.white and s.mode in _FILL_ONLY_MODES and not self.painted:
            return True
        return s.size * _scale(cm, tm) < MIN_POINTS or self._off_page(cm, tm)

    def _off_page(self, cm: list[float], tm: list[float]) -> bool:
        if self.box is None:
            return False
        try:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        except (TypeError, IndexError):
            return False
        left, bottom, right, top = self.box
        return x < left - OFF_PAGE_LEFT or x > right + OFF_PAGE or y < bottom - OFF_PAGE or y > top + OFF_PAGE
