"""Stage 5, the results: tables of runs and epochs, the data audit, paired comparisons, findings and figures,
and the pages of Snakemake's HTML report. Where they are written: :mod:`textmlp.layout`."""
