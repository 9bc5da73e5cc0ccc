-- Refuses (and changes nothing) when rows were written with values the reset handed out (the column at
-- or past restart_value): the sequence would go back below them, and the next inserts would collide with
-- rows the application wrote since the fix. (CAST of the message fails the statement: no DO block, since
-- placeholders cannot sit in a dollar-quoted body; max() keeps it from being folded at plan time.)
SELECT CASE WHEN max({{column:ident}}) >= {{restart_value:integer}} THEN
           CAST('refusing to revert reset_sequence: rows were written since it was applied (the column reaches '
                || max({{column:ident}}) || ', the reset restarted at ' || {{restart_value:integer}}
                || '); going back would make the next inserts collide with them. Nothing was changed.' AS integer)
       END
FROM {{table_schema:ident}}.{{table_name:ident}};
-- Back to where the sequence stood: RESTART, then take the value the failed insert had taken, so
-- last_value and is_called are as the check read them (both statements are undone by ROLLBACK:
-- RESTART gives the sequence new storage in this transaction).
ALTER SEQUENCE {{sequence_schema:ident}}.{{sequence_name:ident}} RESTART WITH {{last_value:integer}};
SELECT nextval({{sequence}}::regclass)
