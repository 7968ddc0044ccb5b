"""lang: the English toolkit every stage reads the parse with.

- :mod:`eventmill.lang.words`: named word classes (auxiliaries, negators, pronouns,
  prepositions by what they say, calendar and number words) from ``data/lang/en/``;
- :mod:`eventmill.lang.tree`: helpers over spaCy's dependency parse (subjects, objects,
  passive agents, the controller of an infinitive, clause types, noun-phrase extent).

No stage keeps its own copy of either: a fix to how English is read is made once, here.
"""
