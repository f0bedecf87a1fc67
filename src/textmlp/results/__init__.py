"""Stage 5, the results: tables of runs and epochs, the data audit, paired comparisons, findings and figures."""
