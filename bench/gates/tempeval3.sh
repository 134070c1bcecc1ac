# TempEval-3 (TBAQ-cleaned, 256 docs): temporal expression value F1, pinned floor.
# Measured 83.0 with the spaCy parse on 2026-12-03 (third session, docs/evaluation.md);
# the floor leaves room for noise only.
.venv/bin/python bench/eval_tempeval3.py --min-value-f1 82.5
