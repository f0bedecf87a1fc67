# The pages of Snakemake's HTML report (`snakemake --report report.html`, or
# .zip): each results table as a page whose columns sort and whose rows filter,
# the data audit and the provenance record (textmlp.results.html_pages). The
# report itself holds them with the PDF and the figures (marked with report()
# where their rules make them); workflow/report/workflow.rst describes it.

HTML_TABLES = {
    "summary": rules.aggregate.output.summary,
    "studies": rules.aggregate.output.studies,
    "comparisons": rules.compare.output[0],
    "baselines": rules.aggregate.output.baselines,
    "claims": rules.report_inputs.output.claims,
    **({"word2vec_study": rules.word2vec_study.output.table} if W2V_STUDY_IN_REPORT else {}),
}
HTML_PAGES = [*HTML_TABLES, "audit", "provenance"]
HTML_CATEGORY = {"audit": REPORT_CATEGORY["audit"], "provenance": REPORT_CATEGORY["provenance"]}


rule html_pages:
    """Tables, data audit and provenance as self-contained HTML pages for Snakemake's report."""
    input:
        **HTML_TABLES,
        audit=rules.audit.output[0],
        manifest=rules.manifest.output.manifest,
        inputs=rules.manifest.output.inputs,
    output:
        **{
            key: report(
                f"{HTML_DIR}/{key}.html",
                category=HTML_CATEGORY.get(key, REPORT_CATEGORY["tables"]),
                labels={"page": key.replace("_", " ")},
                caption=report_caption(key),
            )
            for key in HTML_PAGES
        },
    log:
        log_file("html_pages"),
    benchmark:
        benchmark_file("html_pages")
    conda:
        ENV
    resources:
        mem_mb=500,
        runtime=5,
    params:
        tables=list(HTML_TABLES),
        captions={key: caption_rst(key) for key in HTML_PAGES},
        plain_captions={key: caption_text(key) for key in HTML_PAGES},
        command=BUILD_COMMAND,
        code=code("html_pages.py"),
    script:
        "../scripts/html_pages.py"
