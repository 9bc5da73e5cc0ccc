-- The next nextval() returns restart_value: max(column) + increment when the check ran.
ALTER SEQUENCE {{sequence_schema:ident}}.{{sequence_name:ident}} RESTART WITH {{restart_value:integer}}
