# TempEval-3 (TBAQ-cleaned, 256 docs): temporal expression value F1, pinned floor.
# Measured 80.7 at v0.1 (docs/evaluation.md); the floor leaves room for noise only.
.venv/bin/python bench/eval_tempeval3.py --min-value-f1 80.0
