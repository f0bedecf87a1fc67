"""Stage 5, the results: tables of runs and epochs, the data audit, paired comparisons, findings and figures,
and the pages of Snakemake's HTML report."""

from textmlp.layout import FIGURES_DIR

#: Where the figures are written: the rules' outputs and the report's figure paths
#: (relative to the workflow's working directory) start with it.
FIGURES = FIGURES_DIR
