"""`sudia eval pieces`: type accuracy, field accuracy (MRZ, IBAN, dates, names), check outcomes against
labels and time per page, on a labelled folder of pieces (generated ones, or real specimens)."""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sudia.errors import SudiaError
from sudia.ingest.parsers.sandbox import ParseBudget
from sudia.pieces.analysis import analyse_file
from sudia.pieces.checks import run_checks
from sudia.pieces.names import fold
from sudia.pieces.types import Applicant, PieceReport

MRZ_FIELDS = ("document_number", "surname", "given_names", "birth_date", "expiry_date", "nationality", "sex")


@dataclass
class Label:
    file: str
    split: str
    type: str
    variant: str  # propre, degrade, falsifie
    valid: bool
    applicant: dict[str, str]
    truth: dict[str, Any]
    reference_date: str
    tamper: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def read_labels(path: Path) -> list[Label]:
    labels = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SudiaError("SUDIA-P006", path=str(path), line=0, detail=str(exc)) from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            labels.append(Label(d["file"], d.get("split", "dev"), d["type"], d.get("variant", "propre"),
                                bool(d.get("valid", True)), d.get("applicant") or {}, d.get("truth") or {},
                                d.get("reference_date") or date.today().isoformat(), d.get("tamper", "")))
        except (ValueError, KeyError, TypeError) as exc:
            raise SudiaError("SUDIA-P006", path=str(path), line=n, detail=str(exc)) from exc
    return labels


def evaluate(documents: Path, labels: list[Label], certificate_dirs: list[Path] | None = None,
             progress: Callable[[int, int, str], None] | None = None) -> dict[str, Any]:
    rows = []
    for i, label in enumerate(labels):
        path = documents / label.file
        try:
            findings = analyse_file(path.read_bytes(), label.file, ParseBudget(timeout_s=120), certificate_dirs)
        except (OSError, SudiaError) as exc:
            rows.append({"label": label, "error": str(exc)})
            continue
        applicant = Applicant.from_dict(label.applicant) if label.applicant else None
        checks = run_checks(findings, applicant, None, date.fromisoformat(label.reference_date))
        rows.append({"label": label, "report": PieceReport(findings, tuple(checks))})
        if progress:
            progress(i + 1, len(labels), label.file)
    return summarise(rows)


def _rate(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    type_hits = Counter()
    type_total = Counter()
    confusion: dict[str, Counter] = defaultdict(Counter)
    mrz = {"propre": [0, 0, 0, 0], "degrade": [0, 0, 0, 0]}  # fields right, fields, pieces right, pieces
    fields = Counter()
    outcomes: dict[str, Counter] = defaultdict(Counter)
    bad_conforme, bad_non_conforme, per_page, cpu_per_page = [], [], [], []
    for row in rows:
        label: Label = row["label"]
        if "error" in row:
            outcomes["erreurs"][label.file] += 1
            continue
        report: PieceReport = row["report"]
        f = report.findings
        per_page.append(f.seconds / max(1, f.pages))
        cpu_per_page.append(f.cpu_seconds / max(1, f.pages))
        type_total[label.variant] += 1
        type_hits[label.variant] += f.doc_type == label.type
        confusion[label.type][f.doc_type] += 1
        truth = label.truth
        if truth.get("format") and label.tamper != "cle_mrz" and label.variant in mrz:
            got = f.mrz
            right = 0
            for name in MRZ_FIELDS:
                expected = fold(str(truth.get(name, "")))
                found = fold(str(getattr(got, name, ""))) if got else None
                right += found == expected
            stats = mrz[label.variant]
            stats[0] += right
            stats[1] += len(MRZ_FIELDS)
            stats[2] += right == len(MRZ_FIELDS)
            stats[3] += 1
        if "printed_iban" in truth:
            fields["iban_total"] += 1
            fields["iban_ok"] += f.fields.get("iban") == truth["printed_iban"]
        if "issue_date" in truth and label.type not in ("cni", "passeport", "titre_sejour", "permis_conduire", "cni_ancienne"):
            fields["date_total"] += 1
            fields["date_ok"] += f.fields.get("issue_date") == truth["issue_date"]
        if truth.get("printed_surname"):
            fields["name_total"] += 1
            fields["name_ok"] += fold(truth["printed_surname"]).replace(" ", "") in fold(f.text).replace(" ", "")
        group = "valides" if label.valid else "falsifiees"
        outcomes[group][report.status] += 1
        if not label.valid:
            outcomes[f"falsifiees:{label.tamper}"][report.status] += 1
            if report.status == "conforme":
                bad_conforme.append(label.file)
        elif report.status == "non_conforme":
            bad_non_conforme.append({"file": label.file, "checks": [c.code for c in report.checks if c.outcome == "non_conforme"]})
    valid_total = sum(outcomes["valides"].values())
    return {
        "pieces": len(rows),
        "type_accuracy": _rate(sum(type_hits.values()), sum(type_total.values())),
        "type_accuracy_by_variant": {k: _rate(type_hits[k], v) for k, v in type_total.items()},
        "mrz_fields_exact": {k: _rate(v[0], v[1]) for k, v in mrz.items()},
        "mrz_documents_exact": {k: _rate(v[2], v[3]) for k, v in mrz.items()},
        "mrz_documents": {k: v[3] for k, v in mrz.items()},
        "iban_exact": _rate(fields["iban_ok"], fields["iban_total"]),
        "issue_date_exact": _rate(fields["date_ok"], fields["date_total"]),
        "printed_name_read": _rate(fields["name_ok"], fields["name_total"]),
        "outcomes": {k: dict(v) for k, v in sorted(outcomes.items())},
        "invalid_marked_conforme": bad_conforme,
        "valid_marked_non_conforme_rate": _rate(len(bad_non_conforme), valid_total),
        "valid_marked_non_conforme": bad_non_conforme,
        "seconds_per_page_median": round(statistics.median(per_page), 3) if per_page else None,
        "seconds_per_page_p90": round(sorted(per_page)[int(0.9 * (len(per_page) - 1))], 3) if per_page else None,
        "cpu_seconds_per_page_median": round(statistics.median(cpu_per_page), 3) if cpu_per_page else None,
        "cpu_seconds_per_page_p90": round(sorted(cpu_per_page)[int(0.9 * (len(cpu_per_page) - 1))], 3) if cpu_per_page else None,
        "confusion": {k: dict(v) for k, v in confusion.items() if set(v) != {k}},
    }
