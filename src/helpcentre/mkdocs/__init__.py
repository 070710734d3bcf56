"""The MkDocs edge: the only part of the package that imports MkDocs."""
