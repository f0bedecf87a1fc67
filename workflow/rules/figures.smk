rule figure_curves:
    """Train and dev loss per epoch, one figure per configuration (all seeds)."""
    input:
        epochs=rules.aggregate.output.epochs,
    output:
        pdf=report(
            expand("results/figures/curves/{run}.pdf", run=CONFIGURATIONS),
            category="Loss curves",
            caption="../../report/captions/curves.rst",
        ),
        png=expand("results/figures/curves/{run}.png", run=CONFIGURATIONS),
    params:
        runs=list(CONFIGURATIONS),
        code=code("figure_curves.py"),
    log:
        "results/logs/figures/curves.log",
    benchmark:
        "results/benchmarks/figures/curves.tsv"
    resources:
        mem_mb=800,
        runtime=10,
    conda:
        ENV
    script:
        "../scripts/figure_curves.py"


rule figure_studies:
    """Dev loss and dev accuracy per epoch across each study's configurations."""
    input:
        epochs=rules.aggregate.output.epochs,
        studies=rules.aggregate.output.studies,
        split=rules.split.output.stats,
    output:
        pdf=report(
            expand("results/figures/study_{study}.pdf", study=config["studies"]),
            category="Studies",
            caption="../../report/captions/studies.rst",
        ),
        png=expand("results/figures/study_{study}.png", study=config["studies"]),
    params:
        studies=list(config["studies"]),
        dataset=lookup("data/name", within=config),
        code=code("figure_studies.py"),
    log:
        "results/logs/figures/studies.log",
    benchmark:
        "results/benchmarks/figures/studies.tsv"
    resources:
        mem_mb=800,
        runtime=10,
    conda:
        ENV
    script:
        "../scripts/figure_studies.py"
