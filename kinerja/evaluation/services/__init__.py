"""The evaluation app's writes, one module per concern (callers import the module:
``from kinerja.evaluation.services import calibration``): ``unit_ratings`` (organisation predikat),
``calibration`` (adjust, lock), ``appeals`` (file, decide, withdraw)."""
