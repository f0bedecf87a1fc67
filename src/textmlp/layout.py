"""Where the report's generated LaTeX lives: each path named once, here.

report/hw3.tex ``\\input``s these by macro (``\\InputProgramming`` ...), which
``results/report/results_macros.tex`` defines (:func:`textmlp.report.sections.results_macros`);
the rules that write them take their output paths from :data:`TEX_INPUTS`, and the
manifest's exclusions (:mod:`textmlp.provenance`) from :data:`REPRO_TEX`.
"""

from __future__ import annotations

#: The generated folder of the report's LaTeX (the macros file itself: hw3.tex names it, the only path it names).
REPORT_DIR = "results/report"
MACROS_TEX = f"{REPORT_DIR}/results_macros.tex"

#: macro name -> the generated file hw3.tex inputs through it.
TEX_INPUTS = {
    "InputDerivations": f"{REPORT_DIR}/derivations.tex",
    "InputProgramming": f"{REPORT_DIR}/programming.tex",
    "InputAppendix": f"{REPORT_DIR}/appendix.tex",
    "InputRepro": f"{REPORT_DIR}/repro.tex",
}
REPRO_TEX = TEX_INPUTS["InputRepro"]
