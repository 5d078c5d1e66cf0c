"""RDF adapter: the only importer of rdflib and pyshacl (parsing, writing, SHACL)."""
