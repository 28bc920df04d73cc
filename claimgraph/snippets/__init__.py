"""The ``classify-events`` snippet classifier: one short conflict-news text in, its main event's
PLOVER category and ACLED type out (:mod:`.classify`), with sentence-embedding heads that overrule
the rules where they are sure (:mod:`.heads`)."""
