# PolNeAR dev, direct quotes, the official scorer (issue 4): quote F1 and speaker accuracy floors.
# Measured 0.954 / 0.908 at v0.1 (docs/evaluation.md).
.venv/bin/python bench/eval_polnear.py --min-f1 0.95 --min-speaker-acc 0.90
