SELECT (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END
        FROM {{sequence_schema:ident}}.{{sequence_name:ident}})
       >= coalesce((SELECT max({{column:ident}}) FROM {{table_schema:ident}}.{{table_name:ident}}), 0)
