"""Image quality and geometry: blur (variance of the Laplacian), brightness, skew estimate and
correction, contrast normalisation before OCR. Thresholds: see checks.py and bench/RESULTS.md."""

from __future__ import annotations

import numpy as np

REFERENCE_WIDTH = 1000  # measures are taken at this width so they compare across resolutions


def gray(image) -> np.ndarray:
    return np.asarray(image.convert("L"))


def sharpness(g: np.ndarray) -> float:
    import cv2

    scale = REFERENCE_WIDTH / g.shape[1]
    small = cv2.resize(g, (REFERENCE_WIDTH, max(1, round(g.shape[0] * scale))), interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(small, cv2.CV_64F).var())


def brightness(g: np.ndarray) -> float:
    return float(g.mean())


def skew_angle(g: np.ndarray, limit: float = 8.0, step: float = 0.5) -> float:
    """Angle (degrees) that makes text lines horizontal: the rotation whose row profile is sharpest."""
    import cv2

    scale = 600 / max(g.shape)
    small = cv2.resize(g, (max(1, round(g.shape[1] * scale)), max(1, round(g.shape[0] * scale))),
                       interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 12)
    h, w = ink.shape
    best, best_score = 0.0, -1.0
    for angle in np.arange(-limit, limit + step / 2, step):
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), float(angle), 1.0)
        rotated = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST)
        rows = rotated.sum(axis=1, dtype=np.float64)
        score = float(np.var(np.diff(rows)))
        if score > best_score:
            best, best_score = float(angle), score
    return best


def rotate(g: np.ndarray, angle: float) -> np.ndarray:
    import cv2

    if abs(angle) < 0.25:
        return g
    h, w = g.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(g, matrix, (nw, nh), flags=cv2.INTER_CUBIC, borderValue=int(np.median(g)))


def normalise(g: np.ndarray) -> np.ndarray:
    """Stretch contrast between the 1st and 99th percentiles: dark photos become readable."""
    low, high = np.percentile(g, (1, 99))
    if high - low < 10:
        return g
    return np.clip((g.astype(np.float32) - low) * (255.0 / (high - low)), 0, 255).astype(np.uint8)
