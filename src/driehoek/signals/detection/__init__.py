"""Signal detection on school data: plain Python, no Django.

records.py  the rows the detectors read (one dataclass per kind of school data) and the
            Signal they return, with its evidence.
readers.py  the documented file layouts (docs/signals.md) parsed into those rows.
detectors   one module per rule; each documents its rule and thresholds.

The Django app (driehoek.signals) stores imported rows and signals; the command
`driehoek detect-signals` runs the same detectors straight on files, without a database.
"""
