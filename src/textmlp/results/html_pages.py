"""The results as pages of Snakemake's HTML report (``snakemake --report``).

Snakemake's report shows an HTML result in a frame and offers any other file
(a .csv) only as a download, so each table is turned into one self-contained
HTML page: the table with every column sortable (click its heading) and a
filter box over the rows, the caption above it and the CSV itself as a link.
The data audit and the provenance record become pages of tables the same way.
Nothing is fetched from the network: the style and the few lines of script are
in the page, so the report works offline and in a zip.

Pages are pure functions of their inputs (no dates, no paths of the building
machine), so two identical builds give identical pages.
"""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Mapping

import pandas as pd

#: Decimals shown at most (a number written with more is rounded; the cell's title and the sort keep every digit).
DECIMALS = 4

_STYLE = """
body { font-family: system-ui, sans-serif; font-size: 14px; margin: 1em; color: #222; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
p.caption { max-width: 60em; color: #444; }
table.results { border-collapse: collapse; margin: 0.5em 0; }
table.results th, table.results td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
table.results td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.results th.sortable { cursor: pointer; background: #f0f0f0; white-space: nowrap; }
table.results th[aria-sort=ascending]::after { content: " \\25B2"; }
table.results th[aria-sort=descending]::after { content: " \\25BC"; }
input.filter { margin: 0.3em 0; padding: 2px 4px; width: 20em; }
span.count { color: #666; margin-left: 1em; }
"""

# Sorting: numbers as numbers (data-v holds the full value), text otherwise;
# filtering: a row stays when its text contains the query (case-insensitive).
_SCRIPT = """
function sortBy(th) {
  const table = th.closest('table'), body = table.tBodies[0];
  const col = Array.from(th.parentNode.children).indexOf(th);
  const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
  table.querySelectorAll('th').forEach(h => h.removeAttribute('aria-sort'));
  th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
  const key = r => { const c = r.cells[col]; return c.dataset.v !== undefined ? c.dataset.v : c.textContent; };
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
    if (!isNaN(nx) && !isNaN(ny) && String(nx) !== 'NaN') return dir * (nx - ny);
    return dir * x.localeCompare(y);
  });
  rows.forEach(r => body.appendChild(r));
}
function filterRows(input) {
  const table = document.getElementById(input.dataset.table), q = input.value.toLowerCase();
  let shown = 0;
  Array.from(table.tBodies[0].rows).forEach(r => {
    const keep = r.textContent.toLowerCase().includes(q);
    r.style.display = keep ? '' : 'none';
    shown += keep;
  });
  document.getElementById(input.dataset.table + '-count').textContent =
    shown + ' of ' + table.tBodies[0].rows.length + ' rows';
}
"""


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _cell(value: object) -> str:
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    number = _number(text) if text else None
    if number is None:
        return f"<td>{html.escape(text)}</td>"
    decimals = text.split(".", 1)[1] if "." in text and "e" not in text.lower() else ""
    shown = f"{number:.{DECIMALS}f}" if len(decimals) > DECIMALS or "e" in text.lower() else text
    return f'<td class="num" data-v="{html.escape(text)}" title="{html.escape(text)}">{html.escape(shown)}</td>'


def table_html(frame: pd.DataFrame, table_id: str) -> str:
    """``frame`` as a table whose columns sort on a click, with a filter box and a row count above it."""
    head = "".join(
        f'<th class="sortable" onclick="sortBy(this)" title="sort by {html.escape(str(c))}">{html.escape(str(c))}</th>'
        for c in frame.columns
    )
    rows = "\n".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in frame.itertuples(index=False))
    n = len(frame)
    return (
        f'<input class="filter" type="search" placeholder="filter rows" data-table="{table_id}" '
        f'oninput="filterRows(this)" aria-label="filter the rows of {table_id}">'
        f'<span class="count" id="{table_id}-count">{n} of {n} rows</span>\n'
        f'<table class="results" id="{table_id}"><thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table>'
    )


def page(title: str, caption: str, body: str) -> str:
    """A self-contained HTML page: title, caption, body (the tables), style and script inline."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style><script>{_SCRIPT}</script></head>\n"
        f"<body>\n<h1>{html.escape(title)}</h1>\n"
        f'<p class="caption">{html.escape(caption)}</p>\n{body}\n</body></html>\n'
    )


def download_link(name: str, data: bytes, mime: str = "text/csv") -> str:
    """A link that saves ``data`` as ``name`` (the data is in the link: the page needs no other file)."""
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return f'<p><a download="{html.escape(name)}" href="{uri}">{html.escape(name)}</a> (the table as CSV)</p>'


def read_table(data: bytes) -> pd.DataFrame:
    """A CSV as the strings it holds (numbers keep every digit, empty cells stay empty)."""
    import io

    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


def table_page(title: str, caption: str, name: str, data: bytes) -> str:
    """The page of one CSV table (``data``, saved as ``name``)."""
    return page(title, caption, download_link(name, data) + table_html(read_table(data), "table"))


# ----------------------------------------------------------------- data audit


def audit_tables(audit: Mapping) -> dict[str, pd.DataFrame]:
    """The audit (:func:`textmlp.results.audit.audit`) as tables: per split, per pair of
    splits, and the unlabelled texts (when there are some) against each split."""
    splits = []
    for name, s in audit["splits"].items():
        row = {"split": name, "texts": s["size"]}
        for lab in s["labels"]:
            cls = lab.get("name", lab["label"])
            row[f"{cls}: count"] = lab["count"]
            row[f"{cls}: share"] = lab["share"]
        row |= {f"repeated {k.replace('_', ' ')}": v for k, v in s["duplicates"].items()}
        row["repeated rows (raw text)"] = s["raw_duplicate_rows"]
        splits.append(row)
    tables = {"Splits": pd.DataFrame(splits)}
    overlaps = []
    for pair, o in audit["overlaps"].items():
        a, b = pair.split("_")  # textmlp.results.audit.pair_key
        ra, rb = o["rows"][a], o["rows"][b]
        overlaps.append(
            {
                "splits (first / second)": f"{a} / {b}",
                "shared texts": o["texts"],
                "rows of the first": ra,
                "rows of the second": rb,
                "texts with conflicting labels": o["conflicting_texts"],
                "shared texts (raw)": o["raw_texts"],
            }
        )
    tables["Texts shared by two splits"] = pd.DataFrame(overlaps)
    unlabeled = audit.get("unlabeled")
    if unlabeled:
        rows = [
            {
                "split": split,
                "shared texts": sh["texts"],
                "rows of the split": sh["rows"][split],
                "unlabelled rows": sh["rows"]["unlabeled"],
                "shared texts (raw)": sh["raw_texts"],
            }
            for split, sh in unlabeled["shared"].items()
        ]
        heading = (
            f"Unlabelled texts ({unlabeled['size']}, {unlabeled['duplicates']['rows']} repeated rows) "
            "shared with each split"
        )
        tables[heading] = pd.DataFrame(rows)
    return tables


def audit_page(title: str, caption: str, audit: Mapping) -> str:
    parts = [f"<p>Texts compared as {html.escape(str(audit.get('comparison', '')))}.</p>"]
    for i, (heading, frame) in enumerate(audit_tables(audit).items()):
        parts += [f"<h2>{html.escape(heading)}</h2>", table_html(frame, f"audit{i}")]
    return page(title, caption, "\n".join(parts))


# ----------------------------------------------------------------- provenance


def provenance_tables(inputs: Mapping, fingerprint: str, manifest: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """The record of what determined the results (:func:`textmlp.provenance.inputs_record`)
    and the manifest (path -> sha256) as tables."""
    record = [
        ("manifest fingerprint (sha256 of results/MANIFEST.sha256, first 16)", fingerprint),
        ("files in the manifest", str(len(manifest))),
        ("git commit", str(inputs.get("git_commit"))),
        ("uncommitted changes", "yes" if inputs.get("git_dirty") else "no"),
        ("configuration hash", str(inputs.get("config_hash"))),
        ("package code sha256", str(inputs.get("package_code_sha256"))),
        *((f"data sha256 ({k})", str(v)) for k, v in inputs.get("data_sha256", {}).items()),
        *((f"not bit-reproducible: {k}", str(v)) for k, v in inputs.get("not_bit_reproducible", {}).items()),
    ]
    return {
        "Record": pd.DataFrame(record, columns=["what", "value"]),
        "Software versions": pd.DataFrame(sorted(inputs.get("versions", {}).items()), columns=["package", "version"]),
        "Manifest: every artifact's sha256": pd.DataFrame(sorted(manifest.items()), columns=["file", "sha256"]),
    }


def provenance_page(
    title: str, caption: str, inputs: Mapping, fingerprint: str, manifest: Mapping[str, str], command: str
) -> str:
    parts = [f"<p>Built with <code>{html.escape(command)}</code>.</p>"]
    for i, (heading, frame) in enumerate(provenance_tables(inputs, fingerprint, manifest).items()):
        parts += [f"<h2>{html.escape(heading)}</h2>", table_html(frame, f"provenance{i}")]
    return page(title, caption, "\n".join(parts))


#: Each page's title, by its caption key (textmlp.captions.TABLES).
TITLES = {
    "summary": "Summary: every configuration over its seeds",
    "studies": "Studies: which configuration is in which study",
    "comparisons": "Comparisons: paired bootstrap of test accuracy",
    "baselines": "Baselines: logistic regression on each input",
    "claims": "Claims: every finding of the report, checked against the tables",
    "word2vec_study": "word2vec settings compared on dev",
    "audit": "Data audit",
    "provenance": "Provenance: what determined these results",
}
