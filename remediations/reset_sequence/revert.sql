-- The next nextval() returns what it would have returned before the apply.
ALTER SEQUENCE {{sequence_schema:ident}}.{{sequence_name:ident}} RESTART WITH {{restart_value_before:integer}}
