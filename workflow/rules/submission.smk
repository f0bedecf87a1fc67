# The homework's hand-in (`snakemake --cores 8 submission`): one zip with the
# report, its LaTeX sources, the code base as committed, the result tables and
# the manifest. Not part of `all`: build it when handing in.


rule source_bundle:
    """hw3.tex and every file it inputs, by relative paths: compiles with plain `latexmk -pdf`."""
    input:
        **REPORT_SOURCES,
        tex=rules.report.input.tex,
    output:
        "submission/hw3-source.zip",
    log:
        log_file("source_bundle"),
    benchmark:
        benchmark_file("source_bundle")
    conda:
        ENV
    resources:
        mem_mb=300,
        runtime=5,
    params:
        code=code("source_bundle.py"),
    script:
        "../scripts/source_bundle.py"


rule submission:
    """report + LaTeX sources + code at the results' commit + tables + manifest -> one zip."""
    input:
        pdf=rules.report.output.pdf,
        source=rules.source_bundle.output[0],
        tables=rules.aggregate.output,
        manifest=rules.manifest.output.manifest,
        inputs=rules.manifest.output.inputs,
        # the verified copies: included when small and local, else named by sha256
        data=data_files(),
    output:
        "submission/hw3-submission.zip",
    log:
        log_file("submission"),
    benchmark:
        benchmark_file("submission")
    conda:
        ENV
    resources:
        mem_mb=500,
        runtime=5,
    params:
        # the zip's config.yaml is the configuration itself (redacted): a change
        # that alters no artifact still rebuilds it
        config=recorded(config),
        data_roles=[None] if DATA["kind"] == "imdb" else list(TABLE_FILES),
        code=code("submission.py"),
    script:
        "../scripts/submission.py"
