#!/usr/bin/env bash
# Install headless Chromium, in which the tests open Snakemake's HTML report
# (tests/workflow/browser.py drives it with its own --dump-dom and
# --screenshot: no Python driver needed). Debian 12 packages, without
# recommends. Idempotent: packages already present are left as they are.
# Run as root (or with sudo).
#
#   chromium          the browser (/usr/bin/chromium)
#   chromium-driver   its WebDriver, of the same version, for anyone who
#                     drives it by hand (e.g. Selenium); the tests do not

set -euo pipefail
cd "$(dirname "$0")"

exec bash ./apt-install.sh install-browser chromium chromium-driver
