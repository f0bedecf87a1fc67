# The IMDB MLP pipeline: archive -> splits -> word vectors -> averaged
# features -> one training job per (configuration, seed) -> tidy tables ->
# figures -> report/hw3.pdf. Rules live in workflow/rules/, the logic in the
# textmlp package (src/textmlp), the experiment in config.yaml.

configfile: "config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/data.smk"
include: "workflow/rules/features.smk"
include: "workflow/rules/word2vec_study.smk"
include: "workflow/rules/train.smk"
include: "workflow/rules/aggregate.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/derivations.smk"
include: "workflow/rules/report.smk"


# Cheap or network-bound steps stay on the submitting machine under a cluster profile.
localrules:
    all,
    download,
    download_glove,
    aggregate,
    figure_curves,
    figure_studies,
    report_inputs,
    report,


rule all:
    default_target: True
    input:
        rules.aggregate.output,
        rules.report.output,
