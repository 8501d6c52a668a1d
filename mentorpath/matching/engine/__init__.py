"""The matching engine: pure Python + NumPy/SciPy/OR-Tools, no Django, no I/O.

Fed plain arrays and dataclasses; returns dataclasses. See the README's "Matching engine".
"""
