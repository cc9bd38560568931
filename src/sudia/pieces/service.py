"""The instructor's desk: submit a dossier's pieces, read them, decide; access, duplicates, audit,
retention. What the CLI, the JSON API and the web pages call.

Access: a procedure's pieces are visible only to members of its instructors' group (administrators
included only if they join it, as for restricted collections). The audit log records every
analysis, decision and purge with ids and outcomes only: never a name, a number or a comment's text.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sudia.access import Principal
from sudia.errors import SudiaError
from sudia.ingest.parsers.sandbox import ParseBudget
from sudia.pieces import procedures as procedure_files
from sudia.pieces.analysis import analyse_file
from sudia.pieces.checks import run_checks
from sudia.pieces.procedures import Procedure
from sudia.pieces.settings import PiecesSettings
from sudia.pieces.store import Dossier, PiecesStore
from sudia.pieces.types import Applicant, Check, PieceReport

DECISIONS = {"acceptee": "Dossier accepté", "complements": "Pièces complémentaires demandées", "refusee": "Dossier refusé"}
NEAR_DUPLICATE_BITS = 4  # difference-hash bits: recompressed or resized copies differ by a few


def hamming(a: str, b: str) -> int:
    try:
        return bin(int(a, 16) ^ int(b, 16)).count("1")
    except ValueError:
        return 64


@dataclass(frozen=True)
class Submission:
    dossier_id: str
    procedure: str
    reports: list[dict[str, Any]]
    dossier_checks: list[Check]
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {"dossier": self.dossier_id, "procedure": self.procedure, "status": self.status,
                "dossier_checks": [asdict(c) for c in self.dossier_checks], "pieces": self.reports}


class PieceDesk:
    def __init__(self, store: PiecesStore | None, settings: PiecesSettings, data_dir: Path, audit=None) -> None:
        self.store = store
        self.settings = settings
        self.data_dir = data_dir
        self.audit = audit  # sudia.audit.log.AuditLog, or None for a local check without storage

    # -- procedures and access -----------------------------------------------------------------
    def procedures(self) -> dict[str, Procedure]:
        return procedure_files.available(self.settings.procedures_dir)

    def procedure(self, name: str) -> Procedure:
        return procedure_files.get(name, self.settings.procedures_dir)

    def allowed(self, principal: Principal) -> list[str]:
        return [p.name for p in self.procedures().values()
                if principal.authenticated and principal.in_any_group([p.instructors])]

    def require(self, principal: Principal, procedure: str) -> None:
        if not principal.authenticated:
            raise SudiaError("SUDIA-A007")
        if procedure not in self.allowed(principal):
            raise SudiaError("SUDIA-P012", procedure=procedure)

    # -- analysis ------------------------------------------------------------------------------
    def check_files(self, files: list[tuple[str, bytes]], procedure: Procedure | None, applicant: Applicant | None,
                    today: date | None = None, progress=None) -> tuple[list[PieceReport], list[Check]]:
        """Analyse and check each file, match it to the procedure's pieces; nothing is stored."""
        today = today or date.today()
        budget = ParseBudget(timeout_s=self.settings.timeout_s)
        dirs = self.settings.certificate_dirs(self.data_dir)
        reports, taken = [], set()
        for i, (name, data) in enumerate(files):
            if len(data) > self.settings.max_file_mb * 1024 * 1024:
                raise SudiaError("SUDIA-I003", path=name, size_mb=len(data) / 1e6, max_mb=self.settings.max_file_mb)
            findings = analyse_file(data, name, budget, dirs)
            rule = procedure.rule_for(findings.doc_type, taken) if procedure else None
            if rule:
                taken.add(rule.key)
            checks = run_checks(findings, applicant, rule, today)
            reports.append(PieceReport(findings, tuple(checks), rule.key if rule else ""))
            if progress:
                progress(i + 1, len(files), name)
        dossier_checks = []
        if procedure:
            for rule in procedure.pieces:
                if rule.required and rule.key not in taken:
                    dossier_checks.append(Check(f"piece.{rule.key}", rule.label, "a_verifier",
                                                f"Aucune pièce reconnue pour « {rule.label} » : pièce manquante ou non reconnue."))
        return reports, dossier_checks

    def duplicates(self, report: PieceReport, exclude_dossier: str = "") -> Check:
        f = report.findings
        if self.store is None:
            return Check("doublon", "Doublon", "conforme", "Pas de comparaison (contrôle local, sans dossiers enregistrés).")
        for dossier_id, _, image_hash in self.store.similar(f.sha256, f.image_hash, exclude_dossier):
            if image_hash == f.image_hash or hamming(image_hash, f.image_hash) <= NEAR_DUPLICATE_BITS:
                return Check("doublon", "Doublon", "a_verifier",
                             f"Le même fichier ou une image quasi identique figure dans le dossier {dossier_id}.")
        return Check("doublon", "Doublon", "conforme", "Aucun fichier identique ou quasi identique dans d'autres dossiers.")

    def submit(self, principal: Principal, procedure_name: str, applicant: dict[str, str], reference: str,
               files: list[tuple[str, bytes]], entry_point: str = "") -> Submission:
        self.require(principal, procedure_name)
        if self.store is None:
            raise SudiaError("SUDIA-P007", id="(aucun stockage)")
        procedure = self.procedure(procedure_name)
        reports, dossier_checks = self.check_files(files, procedure, Applicant.from_dict(applicant))
        reports = [PieceReport(r.findings, (*r.checks, self.duplicates(r)), r.rule) for r in reports]
        rows = [(r.findings.file_name, r.findings.media_type, r.findings.sha256, r.findings.image_hash, data,
                 _stored_report(r), r.status) for r, (_, data) in zip(reports, files)]
        dossier_id = self.store.create_dossier(procedure_name, reference, applicant, rows)
        submission = Submission(dossier_id, procedure_name, [r.to_dict() for r in reports], dossier_checks,
                                self.store.dossier(dossier_id).status)  # type: ignore[union-attr]
        if self.audit is not None:
            self.audit.record_admin(principal.actor, "pieces.analyse", dossier_id, entry_point=entry_point, details={
                "procedure": procedure_name, "pieces": len(files),
                "statuts": [r.status for r in reports], "types": [r.findings.doc_type for r in reports]})
        return submission

    # -- reading and deciding --------------------------------------------------------------------
    def dossiers(self, principal: Principal) -> list[Dossier]:
        return self.store.dossiers(self.allowed(principal)) if self.store else []

    def dossier(self, principal: Principal, dossier_id: str) -> Dossier:
        if not principal.authenticated:
            raise SudiaError("SUDIA-A007")
        found = self.store.dossier(dossier_id) if self.store else None
        if found is None or found.procedure not in self.allowed(principal):
            raise SudiaError("SUDIA-P007", id=dossier_id)  # the same answer whether absent or forbidden
        return found

    def piece_content(self, principal: Principal, piece_id: str) -> tuple[bytes, str]:
        if not principal.authenticated:
            raise SudiaError("SUDIA-A007")
        piece = self.store.piece(piece_id) if self.store else None
        if piece is None:
            raise SudiaError("SUDIA-P008", id=piece_id)
        dossier = self.store.dossier(piece.dossier_id)  # type: ignore[union-attr]
        if dossier is None or dossier.procedure not in self.allowed(principal):
            raise SudiaError("SUDIA-P008", id=piece_id)
        return self.store.content(piece_id) or b"", piece.media_type  # type: ignore[union-attr]

    def decide(self, principal: Principal, dossier_id: str, decision: str, comment: str, entry_point: str = "") -> None:
        dossier = self.dossier(principal, dossier_id)
        if decision not in DECISIONS:
            raise SudiaError("SUDIA-P010", detail=f"« {decision} » (choix : {', '.join(DECISIONS)})")
        if len(comment) > 4000:
            raise SudiaError("SUDIA-P010", detail="commentaire de plus de 4 000 caractères")
        self.store.decide(dossier_id, decision, comment.strip(), principal.actor)  # type: ignore[union-attr]
        if self.audit is not None:
            self.audit.record_admin(principal.actor, "pieces.decision", dossier_id, entry_point=entry_point, details={
                "procedure": dossier.procedure, "decision": decision, "statut_automatique": dossier.status,
                "commentaire_sha256": hashlib.sha256(comment.strip().encode()).hexdigest() if comment.strip() else ""})

    def purge(self, actor: str = "system:retention", entry_point: str = "") -> tuple[int, int]:
        days = self.settings.retention_days
        if days <= 0 or self.store is None:
            return 0, 0
        dossiers, pieces = self.store.purge(days)
        if dossiers and self.audit is not None:
            self.audit.record_admin(actor, "pieces.purge", f"{dossiers} dossiers", entry_point=entry_point,
                                    details={"dossiers": dossiers, "pieces": pieces, "retention_days": days})
        return dossiers, pieces


def _stored_report(report: PieceReport) -> dict[str, Any]:
    data = report.to_dict()
    data["findings"]["text"] = report.findings.text  # kept for the instructor, deleted with the dossier
    return data
