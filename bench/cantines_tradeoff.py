"""Plot the trade-off curve of a `sudia cantines backtest --json` run as an SVG (bench/RESULTS.md).

Usage: python bench/cantines_tradeoff.py RUN.json bench/cantines_tradeoff.svg
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sudia.cantines.charts import Line, line_chart


def main(run: Path, out: Path) -> None:
    data = json.loads(run.read_text(encoding="utf-8"))
    trade = data["tradeoff"]
    curve = sorted(trade["curve"], key=lambda p: p["over_production_pct"])
    ref = trade["reference"]
    xs = [p["over_production_pct"] for p in curve]
    svg = line_chart(
        "compromis", "Surproduction et jours de manque : quantité recommandée Sud IA et prévision de la cuisine",
        f"Courbe pour un risque de manque de 1 à 60 % ; la cuisine : {ref['over_production_pct']} % de surproduction, "
        f"{ref['shortage_days_pct']} % de jours de manque.",
        [f"{x:.0f} %" for x in xs], [Line("Sud IA (risque de 1 à 60 %)", [p["shortage_days_pct"] for p in curve], points=True)],
        x_values=xs, x_label="surproduction (% des repas servis)", y_label="jours de manque (%)",
        reference=(ref["over_production_pct"], ref["shortage_days_pct"], "cuisine"), width=720, height=360)
    # A standalone SVG file: the figure's <svg> element only, with its namespace.
    text = str(svg)
    start, end = text.index("<svg"), text.index("</svg>") + len("</svg>")
    out.write_text(text[start:end].replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1) + "\n",
                   encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
