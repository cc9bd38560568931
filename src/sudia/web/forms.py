"""Form errors shown at the field they concern, as assistive technologies expect them.

A page gets `erreurs`: field name -> SudiaError. The `field_error` and `invalid` macros of
_macros.html write the message under the label (id "<field id>-erreur") and mark the input with
`aria-invalid="true"` and an `aria-describedby` naming that message. An error of no field stays in
the box at the top of the page.
"""

from __future__ import annotations

from collections.abc import Mapping

from sudia.errors import SudiaError

# The field each error code belongs to, in the forms of the account and administration pages.
FIELD_OF_CODE: dict[str, str] = {
    "SUDIA-A003": "password", "SUDIA-A019": "confirmation", "SUDIA-A024": "current", "SUDIA-A026": "password",
    "SUDIA-A005": "email", "SUDIA-A006": "email", "SUDIA-A021": "groups", "SUDIA-A020": "days",
    "SUDIA-A011": "scopes", "SUDIA-C002": "name", "SUDIA-C006": "name", "SUDIA-H005": "title",
}


def field_errors(error: SudiaError | None, fields: Mapping[str, str] | None = None) -> dict[str, SudiaError]:
    """{field: error} when `error` belongs to one of the form's fields; `fields` overrides the codes' default
    (e.g. {"SUDIA-R002": "groups"} where the only free-text check of a form is on its groups)."""
    if error is None:
        return {}
    field = (fields or {}).get(error.code) or FIELD_OF_CODE.get(error.code)
    return {field: error} if field else {}
