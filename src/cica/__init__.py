"""cica: the working mechanisms of CICA and of any intergovernmental body built like it."""

__version__ = "0.1.0"
