-- Back to where the sequence stood: RESTART, then take the value the failed insert had taken, so
-- last_value and is_called are as the check read them (both statements are undone by ROLLBACK:
-- RESTART gives the sequence new storage in this transaction).
ALTER SEQUENCE {{sequence_schema:ident}}.{{sequence_name:ident}} RESTART WITH {{last_value:integer}};
SELECT nextval({{sequence}}::regclass)
