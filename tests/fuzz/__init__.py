"""Fuzzing the importers: format modules (formats/), one case through the import path
(harness.py), the suite's bounded run (test_fuzz.py); bench/fuzz.py is the long run."""
