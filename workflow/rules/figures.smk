rule figure_studies:
    """Dev loss and dev accuracy per epoch across each study's configurations."""
    input:
        epochs=rules.aggregate.output.epochs,
        studies=rules.aggregate.output.studies,
        runs=rules.aggregate.output.runs,
    output:
        pdf=report(
            expand(f"{FIGURES}/study_{{study}}.pdf", study=config["studies"]),
            category="Studies",
            caption="../../report/captions/studies.rst",
        ),
        png=expand(f"{FIGURES}/study_{{study}}.png", study=config["studies"]),
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
        inputs=INPUT_NAMES,
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
        pdf=report(
            expand(f"{FIGURES}/losses_{{study}}.pdf", study=config["studies"]),
            category="Loss curves",
            caption="../../report/captions/losses.rst",
        ),
        png=expand(f"{FIGURES}/losses_{{study}}.png", study=config["studies"]),
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
        inputs=INPUT_NAMES,
        code=code("figure_losses.py"),
    script:
        "../scripts/figure_losses.py"


rule figure_gradients:
    """Each layer's weight-gradient size per epoch, for every study of hidden-layer structures."""
    input:
        gradients=rules.aggregate.output.gradients,
        studies=rules.aggregate.output.studies,
    output:
        pdf=report(
            expand(f"{FIGURES}/gradients_{{study}}.pdf", study=HIDDEN_STUDIES),
            category="Gradients",
            caption="../../report/captions/gradients.rst",
        ),
        png=expand(f"{FIGURES}/gradients_{{study}}.png", study=HIDDEN_STUDIES),
    log:
        "results/logs/figures/gradients.log",
    benchmark:
        "results/benchmarks/figures/gradients.tsv"
    conda:
        ENV
    resources:
        mem_mb=500,
        runtime=5,
    params:
        studies=HIDDEN_STUDIES,
        code=code("figure_gradients.py"),
    script:
        "../scripts/figure_gradients.py"
