rule report_inputs:
    """Everything report/hw3.tex \\input's from the results: macros, study sections, appendix."""
    input:
        summary=rules.aggregate.output.summary,
        studies=rules.aggregate.output.studies,
        epochs=rules.aggregate.output.epochs,
        runs=rules.aggregate.output.runs,
        baselines=rules.aggregate.output.baselines,
        split=rules.split.output.stats,
        features=f"results/features/{config['defaults']['embedding']}.json",
        **({"word2vec_study": rules.word2vec_study.output[0]} if W2V_STUDY_IN_REPORT else {}),
    output:
        macros="results/report/results_macros.tex",
        programming="results/report/programming.tex",
        repro="results/report/repro.tex",
    params:
        seeds=config["seeds"],
        embedding=config["defaults"]["embedding"],
        embedding_spec=recorded(EMBEDDINGS[config["defaults"]["embedding"]]),
        word2vec_study_declared=bool(W2V_CANDIDATES),
        config_hash=CONFIG_HASH,
        command=BUILD_COMMAND,
        data=DATA_RECORDED,  # sources without credentials or query strings
    log:
        "results/logs/report_inputs.log",
    benchmark:
        "results/benchmarks/report_inputs.tsv"
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        ENV
    script:
        "../scripts/report_inputs.py"


rule report:
    """Compile report/hw3.tex with latexmk into report/hw3.pdf."""
    input:
        tex=os.path.join(workflow.basedir, "report/hw3.tex"),  # the repository's, whatever -d says
        generated=rules.report_inputs.output,
        derivations="results/report/derivations.tex",
        activations="results/figures/activations.pdf",
        curves=rules.figure_curves.output.pdf,
        studies=rules.figure_studies.output.pdf,
    output:
        pdf="report/hw3.pdf",
    params:
        build_dir="results/report/build",
    log:
        "results/logs/report.log",
    benchmark:
        "results/benchmarks/report.tsv"
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        ENV
    script:
        "../scripts/report.py"
