"""CSV and JSON exports of the (filtered) public register: one row per commitment, built from plain rows
the selector has already fetched (no queries here). Only ever fed from `public_register()`."""

import csv
import io
import json
from decimal import Decimal

from commitments.models.progress import number

CSV_COLUMNS = [
    "id",
    "title",
    "url",
    "kind",
    "status",
    "parties",
    "stakeholder_types",
    "working_group",
    "themes",
    "oecd_steps",
    "sdg_targets",
    "start_date",
    "target_date",
    "progress_percent",
    "last_reported_on",
    "overdue",
    "plan_document",
    "indicators",
]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """Text for a spreadsheet cell; a leading formula character is neutralised (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def commitment_record(row: dict, url: str, document_url: str) -> dict:
    """One commitment as exported, from a row of commitments.selectors.export_rows()."""
    return {
        "id": row["pk"],
        "title": row["title"],
        "url": url,
        "kind": row["kind"],
        "status": row["status"],
        "parties": [{"name": name, "stakeholder_type": kind} for name, kind in row["parties"]],
        "working_group": row["group_title"] or None,
        "themes": row["themes"],
        "oecd_steps": row["oecd_steps"],
        "sdg_targets": row["sdg_targets"],
        "start_date": row["start_date"].isoformat(),
        "target_date": row["target_date"].isoformat(),
        "progress_percent": float(row["progress"]) if row["progress"] is not None else None,
        "last_reported_on": row["last_reported_on"].isoformat() if row["last_reported_on"] else None,
        "overdue": bool(row["is_overdue"]),
        "plan_document": document_url or None,
        "indicators": [
            {
                "name": name,
                "unit": unit,
                "baseline": number(baseline),
                "target": number(target),
                "direction": direction,
            }
            for name, unit, baseline, target, direction in row["indicators"]
        ],
    }


def to_json(records: list[dict]) -> str:
    return json.dumps({"count": len(records), "commitments": records}, ensure_ascii=False, indent=2)


def to_csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        flat = {
            **record,
            "parties": "; ".join(party["name"] for party in record["parties"]),
            "stakeholder_types": "; ".join(
                sorted({party["stakeholder_type"] for party in record["parties"]})
            ),
            "themes": "; ".join(record["themes"]),
            "oecd_steps": "; ".join(str(step) for step in record["oecd_steps"]),
            "sdg_targets": "; ".join(record["sdg_targets"]),
            "progress_percent": ""
            if record["progress_percent"] is None
            else number(Decimal(str(record["progress_percent"]))),
            "overdue": "yes" if record["overdue"] else "no",
            "indicators": "; ".join(
                f"{i['name']} ({i['unit']}): {i['baseline']} → {i['target']}" for i in record["indicators"]
            ),
        }
        writer.writerow([_cell(flat[column]) for column in CSV_COLUMNS])
    return out.getvalue()
