"""Figure code: builders compute the core's numbers, renderers draw them.

The source text of this package (with the core's) is part of every cache key.
"""
