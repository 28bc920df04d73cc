"""Places: toponyms in the text resolved to GeoNames records.

- :mod:`.component` — the ``claimgraph_places`` component;
- :mod:`.tagger` — which spans are toponyms (learned scorer over candidate spans);
- :mod:`.roles` — names that are persons, outlets or things; places that speak for a government;
- :mod:`.gazetteer` — the place-name index built from the packaged GeoNames data;
- :mod:`.geocoder` — choosing one candidate per name, jointly for an article;
- :mod:`.ranker` — the learned candidate ranker the geocoder uses.
"""
