"""Stage 6, the report: the findings written as LaTeX sections and macros, the
reproducibility appendix, and the zips handed in.
"""
