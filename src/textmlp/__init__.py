"""textmlp: the tested logic behind the IMDB MLP pipeline.

Each module is one stage of the data flow (data -> text -> embeddings ->
features -> model/training -> runs -> tables -> figures/latex); none imports a
later stage, and none imports Snakemake.
"""
__version__ = "0.1.0"
