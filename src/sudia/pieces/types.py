"""Typed data between the stages of a piece check: zones, checks, applicant, findings, reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Outcome = Literal["conforme", "non_conforme", "a_verifier"]
OUTCOMES: tuple[str, ...] = ("conforme", "non_conforme", "a_verifier")
OUTCOME_LABELS = {"conforme": "Conforme", "non_conforme": "Non conforme", "a_verifier": "À vérifier"}

# Document types the classifier knows; labels are what instructors read.
DOC_TYPES: dict[str, str] = {
    "cni": "Carte nationale d'identité (format carte, depuis 2021)",
    "cni_ancienne": "Carte nationale d'identité (ancien format)",
    "passeport": "Passeport",
    "titre_sejour": "Titre de séjour",
    "permis_conduire": "Permis de conduire",
    "justificatif_domicile": "Justificatif de domicile (facture, quittance de loyer)",
    "avis_imposition": "Avis d'imposition",
    "rib": "Relevé d'identité bancaire (RIB)",
    "bulletin_salaire": "Bulletin de salaire",
    "kbis": "Extrait Kbis ou avis de situation SIRENE",
    "attestation_urssaf": "Attestation URSSAF (vigilance)",
    "autre": "Autre document",
}


@dataclass(frozen=True)
class Zone:
    """A rectangle on a page image, in fractions of its width and height (0..1), for highlighting."""

    page: int
    left: float
    top: float
    width: float
    height: float

    @classmethod
    def from_pixels(cls, page: int, box: tuple[int, int, int, int], size: tuple[int, int]) -> Zone:
        x, y, w, h = box
        width, height = size
        return cls(page, round(x / width, 4), round(y / height, 4), round(w / width, 4), round(h / height, 4))


@dataclass(frozen=True)
class Check:
    """One verification, tri-state, with the reason an instructor reads (French) and where it looked."""

    code: str  # stable identifier, e.g. "mrz.check_digits"
    label: str  # short French title
    outcome: Outcome
    reason: str
    zone: Zone | None = None


@dataclass(frozen=True)
class Applicant:
    """Identity and address the applicant declared in the online form."""

    surname: str = ""
    given_names: str = ""
    birth_date: str = ""  # ISO date
    birth_name: str = ""  # maiden name, if any
    address: str = ""  # street line
    postcode: str = ""
    city: str = ""
    company_siren: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Applicant:
        known = {k: str(v) for k, v in data.items() if k in cls.__dataclass_fields__ and v is not None}
        return cls(**known)


@dataclass(frozen=True)
class MrzData:
    """A machine-readable zone read and parsed; `valid_digits` says which check digits agree."""

    format: str  # "TD1", "TD2", "TD3", "FR-CNI"
    lines: tuple[str, ...]
    document_code: str
    issuing_state: str
    document_number: str
    surname: str
    given_names: str
    nationality: str
    birth_date: str  # ISO or "" when unreadable
    sex: str
    expiry_date: str  # ISO or ""
    check_digits: dict[str, bool] = field(default_factory=dict)
    agreeing_readings: int = 1  # OCR passes that read every line exactly so (a confirmed reading)

    @property
    def all_digits_valid(self) -> bool:
        return bool(self.check_digits) and all(self.check_digits.values())


@dataclass(frozen=True)
class TwoDDoc:
    """A 2D-Doc read from a DataMatrix: header, signed fields, signature and its verification."""

    version: int
    ca_id: str
    cert_id: str
    issue_date: str
    signature_date: str
    doc_type: str
    fields: dict[str, str]
    signed_data: str
    signature: str  # base32, as printed
    signature_status: Literal["valide", "invalide", "certificat_inconnu", "illisible"] = "illisible"
    certificate: str = ""  # name of the certificate file that verified it
    zone: Zone | None = None


@dataclass(frozen=True)
class Quality:
    """Image measures, page by page worst: Laplacian variance (blur), mean luminance, content at the edges."""

    sharpness: float
    brightness: float
    cropped: bool
    skew_degrees: float
    rotated: int  # quarter turns applied to read the page


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    page: int
    box: tuple[int, int, int, int]  # pixels: x, y, w, h


@dataclass(frozen=True)
class Findings:
    """What one file says, before any rule: everything the checks need, JSON-serialisable."""

    file_name: str
    sha256: str
    media_type: str
    pages: int
    page_sizes: tuple[tuple[int, int], ...]
    text: str
    words: tuple[Word, ...]
    quality: Quality
    doc_type: str
    type_scores: dict[str, float]
    fields: dict[str, str]
    field_zones: dict[str, Zone]
    mrz: MrzData | None
    twoddoc: TwoDDoc | None
    image_hash: str  # perceptual hash of the first page, for near-duplicates
    seconds: float
    cpu_seconds: float = 0.0  # CPU of the reader and its tesseract runs: the time on an idle core

    def to_dict(self, with_words: bool = False) -> dict[str, Any]:
        data = asdict(self)
        if not with_words:
            data.pop("words")
        return data


@dataclass(frozen=True)
class PieceReport:
    """A file's findings and checks; `status` is the worst outcome, never a decision."""

    findings: Findings
    checks: tuple[Check, ...]
    rule: str = ""  # the procedure's piece this file was matched to

    @property
    def status(self) -> Outcome:
        outcomes = {c.outcome for c in self.checks}
        if "non_conforme" in outcomes:
            return "non_conforme"
        if "a_verifier" in outcomes or not outcomes:
            return "a_verifier"
        return "conforme"

    def to_dict(self) -> dict[str, Any]:
        f = self.findings.to_dict()
        f.pop("text", None)
        return {"file": self.findings.file_name, "type": self.findings.doc_type,
                "type_label": DOC_TYPES.get(self.findings.doc_type, self.findings.doc_type), "rule": self.rule,
                "status": self.status, "checks": [asdict(c) for c in self.checks], "findings": f}
