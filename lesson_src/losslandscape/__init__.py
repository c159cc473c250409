"""losslandscape: the pure-NumPy core behind every number and figure of the course.

No plotting, no file I/O, no global random state.
"""

from ._validate import ArgumentError

__all__ = ["ArgumentError"]
