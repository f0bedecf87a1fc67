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
# Every other dependency comes in through these four.
set -euo pipefail
cd "$(dirname "$0")"

exec bash ./apt-install.sh install-tex latexmk texlive-latex-base texlive-latex-recommended texlive-pictures poppler-utils
