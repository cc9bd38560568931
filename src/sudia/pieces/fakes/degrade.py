"""Degradations of a clean page: photo of paper, blur, skew, JPEG noise, low light."""

from __future__ import annotations

import random

DEGRADATIONS = ("photo", "flou", "inclinaison", "jpeg", "sombre")


def photo_of_paper(image, rng: random.Random):
    """The page on a table, seen slightly from the side, unevenly lit."""
    import numpy as np
    from PIL import Image

    w, h = image.size
    pad = int(0.08 * max(w, h))
    table = tuple(rng.randint(60, 140) for _ in range(3))
    canvas = Image.new("RGB", (w + 2 * pad, h + 2 * pad), table)
    canvas.paste(image, (pad, pad))
    jitter = lambda: rng.uniform(-0.025, 0.025) * w  # noqa: E731
    src = [(pad + jitter(), pad + jitter()), (pad + w + jitter(), pad + jitter()),
           (pad + w + jitter(), pad + h + jitter()), (pad + jitter(), pad + h + jitter())]
    dst = [(pad, pad), (pad + w, pad), (pad + w, pad + h), (pad, pad + h)]
    coeffs = _perspective(dst, src)
    warped = canvas.transform(canvas.size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC,
                              fillcolor=table)
    arr = np.asarray(warped).astype(np.float32)
    gradient = np.linspace(rng.uniform(0.75, 0.9), 1.0, arr.shape[1])[None, :, None]
    if rng.random() < 0.5:
        gradient = gradient[:, ::-1]
    arr = np.clip(arr * gradient + rng.uniform(-8, 8), 0, 255)
    return Image.fromarray(arr.astype(np.uint8))


def _perspective(pa, pb):
    import numpy as np

    matrix = []
    for p1, p2 in zip(pa, pb):
        matrix.append([p1[0], p1[1], 1, 0, 0, 0, -p2[0] * p1[0], -p2[0] * p1[1]])
        matrix.append([0, 0, 0, p1[0], p1[1], 1, -p2[1] * p1[0], -p2[1] * p1[1]])
    a = np.array(matrix, dtype=float)
    b = np.array(pb, dtype=float).reshape(8)
    return np.linalg.solve(a, b).tolist()


def blur(image, rng: random.Random):
    from PIL import ImageFilter

    return image.filter(ImageFilter.GaussianBlur(rng.uniform(0.9, 1.6)))


def skew(image, rng: random.Random):
    angle = rng.choice((-1, 1)) * rng.uniform(2, 7)
    return image.rotate(angle, resample=3, expand=True, fillcolor=(235, 235, 235))


def jpeg_noise(image, rng: random.Random):
    import io

    import numpy as np
    from PIL import Image

    arr = np.asarray(image).astype(np.float32) + np.random.default_rng(rng.randint(0, 10**6)).normal(0, 9, (image.size[1], image.size[0], 3))
    noisy = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=rng.randint(18, 35))
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def low_light(image, rng: random.Random):
    import numpy as np
    from PIL import Image

    arr = np.asarray(image).astype(np.float32) / 255
    arr = (arr ** rng.uniform(1.2, 1.6)) * rng.uniform(0.4, 0.6) * 255
    arr += np.random.default_rng(rng.randint(0, 10**6)).normal(0, 5, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


APPLY = {"photo": photo_of_paper, "flou": blur, "inclinaison": skew, "jpeg": jpeg_noise, "sombre": low_light}


def degrade(image, rng: random.Random) -> tuple[object, list[str]]:
    """One or two degradations, applied in a realistic order (the photo first, compression last)."""
    chosen = rng.sample(DEGRADATIONS, rng.choice((1, 1, 2)))
    order = [d for d in ("photo", "inclinaison", "sombre", "flou", "jpeg") if d in chosen]
    for name in order:
        image = APPLY[name](image, rng)
    return image, order
