"""Snakemake's HTML report opened in headless Chromium (Debian's package,
tools/install-browser.sh), with no driver: a probe page beside the report
loads it in a frame, opens every result the way its view button does, reads
what the browser rendered, and writes that as JSON into its own page, which
``chromium --dump-dom`` prints. ``--virtual-time-budget`` lets the probe's
timers run before the dump."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path

#: What runs Chromium here as root, offline, and leaves nothing behind.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",  # the probe reads the report's frame (both file://)
]

PROBE_ID = "probe-result"

# For every result: show its info panel (the caption a person reads), then do
# what its view button does (ButtonViewManager, as the report's own code) and
# look at what the content pane shows: an image that decoded, or a frame holding
# the page or PDF. A page is also opened in a frame of the probe's own (same
# origin), where its first table is sorted by a click and filtered by typing.
_PROBE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body>
<pre id="%(probe)s">pending</pre>
<iframe id="report" src="%(report)s" style="width:1400px;height:900px"></iframe>
<iframe id="page" style="width:1000px;height:600px"></iframe>
<script>
const sleep = ms => new Promise(r => setTimeout(r, ms));
const text = h => { const t = document.createElement('div'); t.innerHTML = h; return t.textContent.trim(); };
function decoded(uri) {
  const b64 = uri.slice(uri.indexOf(';base64,') + 8);
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  return bytes;
}
async function checkPage(uri) {
  const frame = document.getElementById('page');
  const done = new Promise(r => frame.onload = r);
  frame.srcdoc = new TextDecoder().decode(decoded(uri));
  await done; await sleep(100);
  const d = frame.contentDocument, w = frame.contentWindow;
  const tables = Array.from(d.querySelectorAll('table.results')).map(t => ({
    id: t.id, rows: t.tBodies[0].rows.length, columns: t.tHead.rows[0].cells.length}));
  const links = Array.from(d.querySelectorAll('a[download]')).map(a => a.download);
  const out = {title: d.title, tables: tables, links: links};
  const t = d.querySelector('table.results');
  if (t && t.tBodies[0].rows.length > 1) {
    const th = t.tHead.rows[0].cells[0];
    th.click(); const first = t.tBodies[0].rows[0].cells[0].textContent;
    th.click(); const firstDesc = t.tBodies[0].rows[0].cells[0].textContent;
    out.sorted = th.getAttribute('aria-sort');
    out.sort_changes_order = first !== firstDesc || t.tBodies[0].rows.length < 2;
    const input = d.querySelector('input.filter');
    input.value = 'no row holds this text'; input.dispatchEvent(new w.Event('input'));
    const hidden = Array.from(t.tBodies[0].rows).filter(r => r.style.display === 'none').length;
    const keep = t.tBodies[0].rows[0].cells[0].textContent;
    input.value = keep; input.dispatchEvent(new w.Event('input'));
    const shown = Array.from(t.tBodies[0].rows).filter(r => r.style.display !== 'none').length;
    out.filter_hides_all = hidden === t.tBodies[0].rows.length;
    out.filter_keeps_matches = shown >= 1;
    out.count_text = d.getElementById(t.id + '-count').textContent;
  }
  return out;
}
document.getElementById('report').onload = async () => {
  const out = document.getElementById('%(probe)s');
  try {
    const f = document.getElementById('report');
    const w = f.contentWindow, d = f.contentDocument;
    await sleep(500);
    const app = w.eval('app'), manager = w.eval('new ButtonViewManager(app)');
    const res = {categories: w.categories, start_text: d.body.innerText, results: {}};
    for (const [path, entry] of Object.entries(w.results)) {
      const r = {mime: entry.mime_type, labels: entry.labels, caption: text(entry.caption)};
      app.showResultInfo(path); await sleep(150);
      r.caption_shown = r.caption.length > 0 && d.body.innerText.includes(r.caption.slice(0, 60));
      const button = manager.handleSelectedResult(path);
      if (button.props.onClick) { button.props.onClick(); } else { r.download = button.props.href.slice(0, 30); }
      await sleep(300);
      const img = d.querySelector('img[src="' + entry.data_uri + '"]');
      if (img) { r.shown = 'img'; r.width = img.naturalWidth; r.height = img.naturalHeight; }
      const frame = Array.from(d.querySelectorAll('iframe')).find(x => x.getAttribute('src') === entry.data_uri);
      if (frame) { r.shown = 'iframe'; r.frame_height = frame.getBoundingClientRect().height; }
      const bytes = decoded(entry.data_uri);
      r.bytes = bytes.length;
      r.head = new TextDecoder().decode(bytes.slice(0, 5));
      if (entry.mime_type === 'text/html') r.page = await checkPage(entry.data_uri);
      res.results[path] = r;
    }
    out.textContent = JSON.stringify(res);
  } catch (err) {
    out.textContent = JSON.stringify({error: String(err) + ' ' + err.stack});
  }
};
</script></body></html>
"""


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "no chromium on PATH: install it with tools/install-browser.sh"
    return path


def run(url: str, profile: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """Chromium on ``url`` with a fresh profile in ``profile``."""
    cmd = [chromium(), *FLAGS, f"--user-data-dir={profile}", *args, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def probe(report: Path, workdir: Path, budget_ms: int = 120_000) -> dict:
    """What the browser shows of each result of ``report`` (a report.html), as a dict."""
    page = workdir / "probe.html"
    page.write_text(_PROBE % {"probe": PROBE_ID, "report": report.resolve().as_uri()})
    res = run(page.as_uri(), workdir / "profile", "--dump-dom", f"--virtual-time-budget={budget_ms}")
    start = res.stdout.find(f'<pre id="{PROBE_ID}">')
    assert start >= 0, res.stderr[-3000:]
    body = res.stdout[start:].split(">", 1)[1].split("</pre>", 1)[0]
    found = json.loads(html.unescape(body)) if body != "pending" else {"error": "the probe did not finish"}
    assert "error" not in found, found.get("error")
    return found


def screenshot(url: str, png: Path, workdir: Path, size: str = "1400,900") -> Path:
    res = run(
        url, workdir / "profile-shot", f"--screenshot={png}", f"--window-size={size}", "--virtual-time-budget=5000"
    )
    assert png.is_file(), res.stderr[-3000:]
    return png
