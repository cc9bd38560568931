"""Drawing helpers for fake pieces: fonts, text lines, tables, photo placeholder, DataMatrix."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from sudia.errors import SudiaError

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/opentype/ocr-b"))
A4 = (1240, 1754)  # 150 dpi


def _font_path(name: str) -> str:
    for directory in FONT_DIRS:
        if (directory / name).is_file():
            return str(directory / name)
    raise SudiaError("SUDIA-P009", font=name)


def font(size: int, bold: bool = False, mrz: bool = False):
    from PIL import ImageFont

    name = "OCRB.otf" if mrz else ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return ImageFont.truetype(_font_path(name), size)


@dataclass
class Page:
    """A page image being drawn, with the cursor of the running text."""

    size: tuple[int, int] = A4
    background: tuple[int, int, int] = (255, 255, 255)
    margin: int = 90
    y: int = 90
    image: object = None
    zones: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from PIL import Image, ImageDraw

        self.image = Image.new("RGB", self.size, self.background)
        self.draw = ImageDraw.Draw(self.image)

    def text(self, x: int, y: int, value: str, size: int = 24, bold: bool = False, fill=(20, 20, 20),
             mrz: bool = False, key: str = "") -> int:
        f = font(size, bold, mrz)
        self.draw.text((x, y), value, font=f, fill=fill)
        box = self.draw.textbbox((x, y), value, font=f)
        if key:
            self.zones[key] = (box[0], box[1], box[2] - box[0], box[3] - box[1])
        return box[2]

    def line(self, value: str, size: int = 24, bold: bool = False, gap: int = 12, x: int | None = None,
             key: str = "") -> None:
        self.text(self.margin if x is None else x, self.y, value, size, bold, key=key)
        self.y += size + gap

    def label_value(self, label: str, value: str, size: int = 24, key: str = "", tab: int = 520) -> None:
        from PIL import ImageDraw  # noqa: F401  (fonts measured below)

        while size > 16 and self.margin + tab + font(size, True).getlength(value) > self.size[0] - 40:
            size -= 2  # long values shrink rather than run off the page
        self.text(self.margin, self.y, label, size)
        self.text(self.margin + tab, self.y, value, size, bold=True, key=key)
        self.y += size + 14

    def rule(self, gap: int = 20) -> None:
        self.draw.line((self.margin, self.y, self.size[0] - self.margin, self.y), fill=(120, 120, 120), width=2)
        self.y += gap

    def box(self, x: int, y: int, w: int, h: int, fill=None, outline=(90, 90, 90)) -> None:
        self.draw.rectangle((x, y, x + w, y + h), fill=fill, outline=outline, width=2)

    def paste(self, image, x: int, y: int, key: str = "") -> None:
        self.image.paste(image, (x, y))
        if key:
            self.zones[key] = (x, y, image.size[0], image.size[1])


def photo(width: int, height: int, rng: random.Random):
    """A neutral placeholder portrait: a grey head and shoulders on a pale background."""
    from PIL import Image, ImageDraw

    tone = rng.randint(120, 190)
    image = Image.new("RGB", (width, height), (228, 232, 236))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.28, height * 0.12, width * 0.72, height * 0.58), fill=(tone, tone - 15, tone - 25))
    draw.ellipse((width * 0.08, height * 0.62, width * 0.92, height * 1.3), fill=(70, 80, 95))
    return image


def guilloche(page: Page, rng: random.Random, color=(222, 232, 244), step: int = 14) -> None:
    """Pale wavy background lines, like the security print of identity documents."""
    import math

    w, h = page.size
    phase = rng.random() * 6
    for k in range(0, h, step):
        points = [(x, k + 6 * math.sin(x / 37 + phase + k / 50)) for x in range(0, w, 8)]
        page.draw.line(points, fill=color, width=1)


def datamatrix(content: str, module_px: int = 4):
    """The DataMatrix image of `content` (zxing-cpp), as a PIL image with a quiet zone."""
    import zxingcpp
    from PIL import Image, ImageOps

    code = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.DataMatrix)
    image = Image.fromarray(__import__("numpy").array(code.to_image(scale=module_px)))
    return ImageOps.expand(image.convert("RGB"), border=module_px * 2, fill=(255, 255, 255))
