"""textmlp: the tested logic behind the IMDB MLP pipeline, one subpackage per stage.

- ``data``: the IMDB archive or the user's tables, fetched and split;
- ``features``: tokens, word vectors, averaged vectors and TF-IDF;
- ``models``: the MLP and its activations, its stacked-seeds and sparse forms, the optimizers;
- ``train``: the training loops, one run as a job, the baselines, predictions;
- ``results``: tables, the data audit, paired comparisons, findings, figures, the HTML report's pages;
- ``report``: LaTeX sections and macros, the appendix, the zips handed in;
- ``written``: the homework's derivations checked numerically (no stage imports it).

Top level, shared by every stage: ``config`` (config.yaml's experiment),
``parameters`` (each training parameter's type, default, run-name token and words),
``baseline_grid`` (the baselines' C values and variants),
``config_file`` (reading it, its schema's defaults, explaining its errors), ``scheduling`` (job
priorities), ``sources`` (local path or URL, what of the config may be written down),
``io`` (atomic writes, the configuration hash), ``latex``, ``charset`` (what the report can set),
``provenance`` (code digests, the manifest), ``runtime`` (logging,
threads, versions), ``captions`` (what each figure and table shows: the PDF's and
the HTML report's captions), ``layout`` (where the results go: every folder named once).
Module boundaries are rerun boundaries (docs/reproducibility.md): the computing jobs import none of ``config``,
``parameters``, ``latex``, ``charset``, ``captions``.
A stage imports only earlier stages and the shared modules, which import no
stage (tests/test_layout.py checks); nothing here imports Snakemake.
"""

__version__ = "0.1.0"
