# The IMDB MLP pipeline: archive -> splits -> word vectors -> averaged
# features -> one training job per configuration (seeds stacked) -> tidy tables ->
# figures -> manifest -> report/hw3.pdf (`snakemake submission`: the zip to
# hand in). Rules live in workflow/rules/, the logic in the
# textmlp package (src/textmlp), the experiment in config.yaml.

import os

from textmlp.config_file import ConfigError, load_config_file

# Snakemake's own message for a YAML syntax error names no line; this one does,
# and refuses a key given twice and aliases that expand without bound (Snakemake
# keeps a repeated key's last value). A file given with --configfile is read
# before this Snakefile (a syntax error there: `python3 -m textmlp.config FILE`
# names its line); its repeated keys and alias bombs are caught here.
try:
    for path in dict.fromkeys(["config.yaml", *map(str, workflow.configfiles)]):
        if os.path.exists(path):
            load_config_file(path)
except ConfigError as err:
    raise WorkflowError(f"config: {err}") from None


configfile: "config.yaml"


# What `snakemake --report report.html` opens with.
report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/data.smk"
include: "workflow/rules/features.smk"
include: "workflow/rules/word2vec_study.smk"
include: "workflow/rules/train.smk"
include: "workflow/rules/aggregate.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/derivations.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/html_report.smk"
include: "workflow/rules/submission.smk"


# Cheap or network-bound steps stay on the submitting machine under a cluster profile.
localrules:
    all,
    download,
    download_glove,
    aggregate,
    compare,
    figure_studies,
    figure_losses,
    figure_gradients,
    report_inputs,
    report,
    timings,
    manifest,
    report_appendix,
    html_pages,
    source_bundle,
    submission,


rule all:
    default_target: True
    input:
        rules.aggregate.output,
        rules.compare.output,
        rules.timings.output,
        rules.report.output,
        rules.html_pages.output,
