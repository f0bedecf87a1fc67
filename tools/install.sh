#!/usr/bin/env bash
# Installs everything the pipeline and its tests need on a Debian/Ubuntu
# machine (run as root or with sudo rights for apt):
#   - the textmlp package with its pinned Python dependencies (pyproject.toml),
#     torch first and alone so pip takes the pinned CPU build;
#   - TeX Live + latexmk for report/hw3.pdf (tools/install-tex.sh);
#   - headless Chromium, in which the tests open the HTML report
#     (tools/install-browser.sh).
# Idempotent: rerunning it installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --upgrade-strategy only-if-needed "torch==2.13.0"
python3 -m pip install -e ".[test,slurm]"
if [ -x tools/install-tex.sh ]; then
    bash tools/install-tex.sh
fi
if [ -x tools/install-browser.sh ]; then
    bash tools/install-browser.sh
fi
