rule figure_studies:
    """Dev loss and dev accuracy per epoch across each study's configurations."""
    input:
        epochs=rules.aggregate.output.epochs,
        studies=rules.aggregate.output.studies,
        runs=rules.aggregate.output.runs,
    output:
        pdf=study_figures("study", "pdf", "dev loss and accuracy"),
        png=study_figures("study", "png", "dev loss and accuracy"),
    log:
        "results/logs/figures/studies.log",
    benchmark:
        "results/benchmarks/figures/studies.tsv"
    conda:
        ENV
    resources:
        mem_mb=800,
        runtime=10,
    params:
        studies=list(config["studies"]),
        captions={"study": caption_rst("study", noun="configuration of the study")},
        code=code("figure_studies.py"),
    script:
        "../scripts/figure_studies.py"


rule figure_losses:
    """Train and dev loss per epoch, one panel per configuration of each study."""
    input:
        epochs=rules.aggregate.output.epochs,
        studies=rules.aggregate.output.studies,
        runs=rules.aggregate.output.runs,
    output:
        pdf=study_figures("losses", "pdf", "train and dev loss"),
        png=study_figures("losses", "png", "train and dev loss"),
    log:
        "results/logs/figures/losses.log",
    benchmark:
        "results/benchmarks/figures/losses.tsv"
    conda:
        ENV
    resources:
        mem_mb=800,
        runtime=10,
    params:
        studies=list(config["studies"]),
        captions={"losses": caption_rst("losses", noun="configuration of the study")},
        code=code("figure_losses.py"),
    script:
        "../scripts/figure_losses.py"
