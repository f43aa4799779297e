"""How the story travelled: text reuse between articles, copy groups, who had it first,
and the reporting verb each outlet chose.

Pure modules (no database): ``text`` (normalise, tokens, shingles), ``detect``
(MinHash/LSH candidates and exact alignment), ``dates`` (ordering at the precision
known), ``verbs`` (the reporting verb from a sentence's grammar). Modules that read
and write the database: ``pairs`` (ReusePair records), ``groups`` (copy groups and
independent reports), ``first`` (first reports of a claim), ``framing`` (verbs on
mentions and the verb × qualifier summary).
"""
