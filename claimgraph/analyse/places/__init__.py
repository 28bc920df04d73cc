"""Places: toponyms in the text resolved to GeoNames records.

- :mod:`.component` — the ``claimgraph_places`` component;
- :mod:`.gazetteer` — the place-name index built from the packaged GeoNames data;
- :mod:`.geocoder` — choosing one candidate per name (population, co-occurring places).
"""
