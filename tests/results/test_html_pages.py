"""textmlp.results.html_pages: the tables, the audit and the provenance record as
pages of Snakemake's HTML report (what a browser makes of them:
tests/workflow/test_imdb_run.py opens them in Chromium)."""

from __future__ import annotations

import base64
import re

import pandas as pd

from textmlp.results.audit import audit
from textmlp.results.html_pages import audit_page, audit_tables, page, provenance_tables, table_page

CSV = b"run,test_acc,seeds,note\nh0,0.8733333333333333,3,\nh512,0.91,3,<script>alert(1)</script>\n"


def rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", body)]


def test_a_table_page_holds_every_row_and_column_with_the_csv_linked():
    html = table_page("Summary", "What it shows.", "summary.csv", CSV)
    assert re.findall(r"<th [^>]*>(.*?)</th>", html) == ["run", "test_acc", "seeds", "note"]
    assert [r[0] for r in rows(html)] == ["h0", "h512"]
    link = re.search(r'<a download="summary.csv" href="data:text/csv;base64,([^"]+)"', html)
    assert base64.b64decode(link.group(1)) == CSV
    assert '<p class="caption">What it shows.</p>' in html


def test_numbers_are_rounded_for_the_eye_only():
    cells = rows(table_page("t", "c", "t.csv", CSV))
    assert cells[0][1] == "0.8733" and cells[1][1] == "0.91" and cells[0][2] == "3"
    html = table_page("t", "c", "t.csv", CSV)
    assert 'data-v="0.8733333333333333"' in html  # sorted and shown on hover with every digit


def test_text_from_the_data_is_escaped():
    html = table_page("t", "c", "t.csv", CSV)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in page("<script>alert(2)</script>", "c", "")


def test_pages_are_the_same_from_the_same_inputs_and_need_no_network():
    html = table_page("t", "c", "t.csv", CSV)
    assert html == table_page("t", "c", "t.csv", CSV)
    assert not re.search(r'(src|href)="(https?:)?//', html)


def small_audit() -> dict:
    def frame(texts, labels):
        return pd.DataFrame({"id": range(len(texts)), "text": texts, "label": labels})

    return audit(
        {
            "train": frame(["good film", "bad film", "good film", "same text"], [1, 0, 1, 1]),
            "dev": frame(["fine film", "same text"], [1, 0]),
            "test": frame(["awful film"], [0]),
            "unlabeled": frame(["good film", "other"], [-1, -1]),
        },
        classes=["negative", "positive"],
    )


def test_audit_tables_have_a_row_per_split_and_pair():
    tables = audit_tables(small_audit())
    splits = tables["Splits"].set_index("split")
    assert list(splits.index) == ["train", "dev", "test"]
    assert splits.loc["train", "texts"] == 4 and splits.loc["train", "positive: count"] == 3
    assert splits.loc["train", "repeated rows"] == 1
    pairs = tables["Texts shared by two splits"].set_index("splits (first / second)")
    assert pairs.loc["train / dev", "shared texts"] == 1
    assert pairs.loc["train / dev", "texts with conflicting labels"] == 1  # "same text": 1 in train, 0 in dev
    (unlabeled,) = [t for name, t in tables.items() if name.startswith("Unlabelled")]
    assert unlabeled.set_index("split").loc["train", "shared texts"] == 1
    html = audit_page("Data audit", "c", small_audit())
    assert html.count('<table class="results"') == 3


def test_provenance_tables_hold_the_record_the_versions_and_the_manifest():
    inputs = {
        "data_sha256": {"archive": "ab" * 32},
        "config_hash": "0123456789ab",
        "package_code_sha256": "cd" * 32,
        "git_commit": "f" * 40,
        "git_dirty": True,
        "versions": {"torch": "2.13.0", "python": "3.11.7"},
        "not_bit_reproducible": {},
    }
    tables = provenance_tables(inputs, "0011223344556677", {"results/a.csv": "1" * 64, "results/b.csv": "2" * 64})
    record = dict(tables["Record"].itertuples(index=False))
    assert record["git commit"] == "f" * 40 and record["uncommitted changes"] == "yes"
    assert record["files in the manifest"] == "2" and "0011223344556677" in record.values()
    assert record["data sha256 (archive)"] == "ab" * 32
    assert list(tables["Software versions"]["package"]) == ["python", "torch"]
    assert len(tables["Manifest: every artifact's sha256"]) == 2
