#!/usr/bin/env bash
# Install the TeX Live subset that compiles report/hw3.tex with latexmk
# (Debian 12 packages, without recommends). Idempotent: packages already
# present are left as they are. Run as root (or with sudo).
#
#   latexmk                    the build driver
#   texlive-latex-base         pdflatex, LaTeX, amsmath, graphicx, geometry, hyperref
#                              (pulls in texlive-base: Computer Modern fonts, amssymb)
#   texlive-latex-recommended  booktabs
#   texlive-pictures           pgf/TikZ (the computation graph)
#   poppler-utils              pdftotext/pdftoppm: the tests read the built PDF
#
# Every other dependency comes in through these four. The lock timeout lets
# this wait for another apt run instead of failing.
set -euo pipefail

PACKAGES=(latexmk texlive-latex-base texlive-latex-recommended texlive-pictures poppler-utils)
APT=(apt-get -o DPkg::Lock::Timeout=1200)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]})); then
    echo "install-tex: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${APT[@]}" update
    "${APT[@]}" install -y --no-install-recommends "${missing[@]}"
else
    echo "install-tex: all packages already installed"
fi

echo "install-tex: installed versions:"
dpkg-query -W -f='  ${Package} ${Version}\n' "${PACKAGES[@]}"
