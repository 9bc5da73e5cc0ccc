-- RESTRICT (the default, written out): refused by the server while objects depend on the extension.
DROP EXTENSION {{extension:ident}} RESTRICT
