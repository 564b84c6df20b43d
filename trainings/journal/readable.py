"""An audit entry's details (JSON text) as lines a person reads: each key's label and its value
as text. Pure: no Flask, no database; the labels come from the caller."""
from __future__ import annotations

import json
from collections.abc import Mapping


def detail_pairs(details: str, key_labels: Mapping[str, str],
                 value_labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, value) for every key of the details, known keys first in key_labels' order,
    then the others by name. Text that is not a JSON object is given as it is."""
    try:
        data = json.loads(details or "{}")
    except ValueError:
        return [("", details)]
    if not isinstance(data, dict):
        return [("", details)]
    order = {key: index for index, key in enumerate(key_labels)}
    keys = sorted(data, key=lambda key: (order.get(key, len(order)), key))
    return [(str(key_labels.get(key, key)), value_text(data[key], value_labels)) for key in keys]


def value_text(value, value_labels: Mapping[str, str]) -> str:
    """A value of the details as text: a known code by its label, yes/no, lists joined."""
    if isinstance(value, bool):
        return str(value_labels.get(str(value).lower(), str(value)))
    if isinstance(value, str):
        return str(value_labels.get(value, value))
    if isinstance(value, list):
        return ", ".join(value_text(item, value_labels) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{value_labels.get(key, key)} : {value_text(item, value_labels)}"
                         for key, item in value.items())
    if value is None:
        return ""
    return str(value)


def details_line(pairs: list[tuple[str, str]]) -> str:
    """The pairs on one line, as a workbook's cell holds them."""
    return " ; ".join(f"{label} : {value}" if label else value for label, value in pairs)
