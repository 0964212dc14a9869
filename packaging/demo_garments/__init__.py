"""Procedural product photographs of the eight demo garments (run by
packaging/make_demo_garments.py, which rigs them and writes the catalog).

- canvas: the supersampled canvas, panels of cloth, outline geometry;
- light: relief (roundness, folds, wrinkles) and the studio light that shows it;
- fabric: knit, weave and print structure at a 600x800 photo's scale;
- cut: a top's outline and its sewn body and sleeves;
- trims, details: bands, collars, seams, top-stitching, buttons, cords;
- tops, outer, woven: the garments themselves.
"""
