rule report_inputs:
    """What report/hw3.tex \\input's from the results: macros and study sections."""
    input:
        **({"word2vec_study": rules.word2vec_study.output.table} if W2V_STUDY_IN_REPORT else {}),
        summary=rules.aggregate.output.summary,
        studies=rules.aggregate.output.studies,
        epochs=rules.aggregate.output.epochs,
        runs=rules.aggregate.output.runs,
        gradients=rules.aggregate.output.gradients,
        baselines=rules.aggregate.output.baselines,
        split=rules.split.output.stats,
        all_features=[f"{FEATURES_DIR}/{e}.json" for e in USED_EMBEDDINGS],
        comparisons=rules.compare.output[0],
        audit=rules.audit.output[0],
    output:
        macros=MACROS_TEX,
        programming=TEX_INPUTS["InputProgramming"],
        appendix=TEX_INPUTS["InputAppendix"],
        claims=f"{REPORT_DIR}/claims.csv",
    log:
        log_file("report_inputs"),
    benchmark:
        benchmark_file("report_inputs")
    conda:
        ENV
    resources:
        mem_mb=500,
        runtime=5,
    params:
        seeds=config["seeds"],
        beyond={name: s.get("beyond_homework", False) for name, s in config["studies"].items()},
        shown={name: s.get("section", True) for name, s in config["studies"].items()},
        embedding=config["defaults"]["embedding"],
        embedding_spec=recorded(EMBEDDINGS[config["defaults"]["embedding"]]),
        embedding_specs={e: EMBEDDINGS_RECORDED[e] for e in USED_EMBEDDINGS},
        used_embeddings=USED_EMBEDDINGS,
        header={k: config["report"][k] for k in ("author", "collaborators", "sources")},
        # hw3.tex includes these by macro, so it names no path but the macros file's
        tex_inputs=TEX_INPUTS,
        figures={
            "FigActivations": str(rules.activation_figure.output.pdf),
            "FigMoreActivations": str(rules.activation_figure.output.more_pdf),
        },
        statistics=lookup("statistics", within=config),
        word2vec_study_declared=bool(W2V_CANDIDATES),
        data=DATA_RECORDED,  # sources without credentials or query strings
        code=code("report_inputs.py"),
    script:
        "../scripts/report_inputs.py"


# results/MANIFEST.sha256: every artifact of the build with its sha256, in the
# format `sha256sum -c` checks, and results/inputs.json, the record of what
# determined them (data digest, configuration hash, package code digest,
# commit, versions). textmlp.provenance.MANIFEST_EXCLUDED says what is left
# out and why (logs, benchmarks, timings, the LaTeX build, the appendix).


rule manifest:
    """Every artifact's sha256 -> results/MANIFEST.sha256, with the record of the inputs behind them."""
    input:
        data=data_files(),
        split=list(SPLIT_OUTPUTS.values()),
        split_stats=rules.split.output.stats,
        audit=rules.audit.output,
        embeddings=[f for e in USED_EMBEDDINGS for f in embedding_files(e)],
        features=[f for e in USED_EMBEDDINGS for f in (feature_file(e), f"{FEATURES_DIR}/{e}.json")],
        runs=expand("{d}/{f}", d=run_dirs(), f=["metrics.json", "epochs.csv", "model.pt", "predictions.csv"]),
        baselines=rules.aggregate.input.baselines,
        tables=rules.aggregate.output,
        comparisons=[*rules.compare.input.baselines, *rules.compare.output],
        figures=[
            *rules.figure_losses.output,
            *rules.figure_studies.output,
            *rules.figure_gradients.output,
            *rules.activation_figure.output,
        ],
        derivations=rules.derivations.output,
        report=rules.report_inputs.output,
        word2vec_study=(
            rules.word2vec_study.input.scores + [rules.word2vec_study.output.table] if W2V_STUDY_IN_REPORT else []
        ),
    output:
        manifest=MANIFEST,
        inputs=INPUTS_RECORD,
    log:
        log_file("manifest"),
    benchmark:
        benchmark_file("manifest")
    conda:
        ENV
    resources:
        mem_mb=800,
        runtime=5,
    params:
        config_hash=CONFIG_HASH,
        data=DATA_RECORDED,
        unreproducible=unreproducible(EMBEDDINGS, USED_EMBEDDINGS),
        code=code("manifest.py"),
    script:
        "../scripts/manifest.py"


rule report_appendix:
    """The reproducibility appendix: how the results were built and the manifest's fingerprint."""
    input:
        runs=rules.aggregate.output.runs,
        manifest=rules.manifest.output.manifest,
        inputs=rules.manifest.output.inputs,
    output:
        REPRO_TEX,
    log:
        log_file("report_appendix"),
    benchmark:
        benchmark_file("report_appendix")
    conda:
        ENV
    resources:
        mem_mb=500,
        runtime=5,
    params:
        command=BUILD_COMMAND,
        data=DATA_RECORDED,
        code=code("report_appendix.py"),
    script:
        "../scripts/report_appendix.py"


# What hw3.tex reads, by the relative paths it names (the LaTeX source bundle holds the same).
REPORT_SOURCES = {
    "generated": rules.report_inputs.output,
    "repro": rules.report_appendix.output,
    "derivations": rules.derivations.output.macros,
    "activations": rules.activation_figure.output.pdf,
    "more_activations": rules.activation_figure.output.more_pdf,
    "curves": rules.figure_losses.output.pdf,
    "studies": rules.figure_studies.output.pdf,
    "gradients": rules.figure_gradients.output.pdf,
}


rule report:
    """Compile report/hw3.tex with latexmk into report/hw3.pdf (dated by report.source_date_epoch)."""
    input:
        **REPORT_SOURCES,
        tex=os.path.join(workflow.basedir, "report/hw3.tex"),  # the repository's, whatever -d says
    output:
        pdf=report(
            "report/hw3.pdf",
            category=REPORT_CATEGORY["report"],
            labels={"document": "hw3.pdf"},
            caption=report_caption("report"),
        ),
    log:
        log_file("report"),
    benchmark:
        benchmark_file("report")
    conda:
        ENV
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        build_dir=REPORT_BUILD,
        source_date_epoch=lookup("report/source_date_epoch", within=config),
        captions={"report": caption_rst("report")},
        code=code("report.py"),
    script:
        "../scripts/report.py"
