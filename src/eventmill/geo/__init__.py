"""geo: what eventmill knows about the world's places, for the stages that read them.

- :mod:`eventmill.geo.countries`: the countries (names, aliases, nationality adjectives,
  capitals, codes) from ``data/kb/countries.tsv``;
- :mod:`eventmill.geo.gazetteer`: the offline gazetteer of countries, regions, counties,
  cities and landmarks, and what a name on its own most likely means.

The actor stage (a capital standing for its government, "police in Tel Aviv") and the place
stage (where an event happened) both read places here; neither imports the other.
"""
