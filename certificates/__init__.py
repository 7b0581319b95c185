"""Certificates of merit and decisions as PDFs: plain data in, PDF bytes out.

This package imports nothing from `workflow`. Rendering lands with the certificates issue; until then it
holds no code, so nothing here pretends to render.
"""
