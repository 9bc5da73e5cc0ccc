CREATE EXTENSION {{extension:ident}}
