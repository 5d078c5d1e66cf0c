"""RDF adapter: the only importer of rdflib, pyshacl and pyoxigraph (parsing, writing, SHACL).

``engine.rdf.io`` / ``engine.rdf.validate``: ODRL policies. ``engine.rdf.dcat``: DCAT-AP-NO dataset
catalogues (import, export, validation), imported on use — it is not loaded by ``import engine.rdf``.
"""
