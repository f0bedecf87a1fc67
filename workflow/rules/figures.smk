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
        log_file("figures/studies"),
    benchmark:
        benchmark_file("figures/studies")
    conda:
        ENV
    resources:
        mem_mb=800,
        runtime=10,
    params:
        studies=list(config["studies"]),
        inputs=INPUT_NAMES,
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
        log_file("figures/losses"),
    benchmark:
        benchmark_file("figures/losses")
    conda:
        ENV
    resources:
        mem_mb=800,
        runtime=10,
    params:
        studies=list(config["studies"]),
        inputs=INPUT_NAMES,
        captions={"losses": caption_rst("losses", noun="configuration of the study")},
        code=code("figure_losses.py"),
    script:
        "../scripts/figure_losses.py"


rule figure_gradients:
    """Each layer's weight-gradient size per epoch, for every study of hidden-layer structures."""
    input:
        gradients=rules.aggregate.output.gradients,
        studies=rules.aggregate.output.studies,
    output:
        pdf=study_figures("gradients", "pdf", "gradient size per layer", HIDDEN_STUDIES),
        png=study_figures("gradients", "png", "gradient size per layer", HIDDEN_STUDIES),
    log:
        log_file("figures/gradients"),
    benchmark:
        benchmark_file("figures/gradients")
    conda:
        ENV
    resources:
        mem_mb=500,
        runtime=5,
    params:
        studies=HIDDEN_STUDIES,
        captions={"gradients": caption_rst("gradients")},
        code=code("figure_gradients.py"),
    script:
        "../scripts/figure_gradients.py"
