# The checked mathematics behind the written answers (textmlp.written.derivations)
# and the activation figure. Needs no data: both rules run in seconds.


rule derivations:
    """Closed forms vs autograd / LP / tiny training runs -> checks.json + report macros."""
    output:
        checks=f"{DERIVATIONS_DIR}/checks.json",
        macros=TEX_INPUTS["InputDerivations"],
    log:
        log_file("derivations"),
    benchmark:
        benchmark_file("derivations")
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=fixed_mem(1000),
        runtime=10,
    params:
        code=code("derivations.py"),
    script:
        "../scripts/derivations.py"


rule activation_figure:
    """Sigmoid, tanh and ReLU with their autograd derivatives; the other registry activations apart."""
    output:
        pdf=report(
            f"{FIGURES_DIR}/activations.pdf",
            category=REPORT_CATEGORY["activations"],
            labels={"figure": "sigmoid, tanh, ReLU", "format": "PDF"},
            caption=report_caption("activations"),
        ),
        png=report(
            f"{FIGURES_DIR}/activations.png",
            category=REPORT_CATEGORY["activations"],
            labels={"figure": "sigmoid, tanh, ReLU", "format": "PNG"},
            caption=report_caption("activations"),
        ),
        more_pdf=report(
            f"{FIGURES_DIR}/activations_more.pdf",
            category=REPORT_CATEGORY["activations"],
            labels={"figure": "other activations", "format": "PDF"},
            caption=report_caption("activations_more"),
        ),
        more_png=report(
            f"{FIGURES_DIR}/activations_more.png",
            category=REPORT_CATEGORY["activations"],
            labels={"figure": "other activations", "format": "PNG"},
            caption=report_caption("activations_more"),
        ),
    log:
        log_file("activation_figure"),
    benchmark:
        benchmark_file("activation_figure")
    conda:
        ENV
    threads: 1
    resources:
        mem_mb=fixed_mem(1000),
        runtime=5,
    params:
        captions={k: caption_rst(k) for k in ("activations", "activations_more")},
        code=code("activation_figure.py"),
    script:
        "../scripts/activation_figure.py"
