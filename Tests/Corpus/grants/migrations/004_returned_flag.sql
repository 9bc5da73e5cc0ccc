-- A loan is returned or not.
ALTER TABLE loans ALTER COLUMN returned DROP DEFAULT,
    ALTER COLUMN returned TYPE boolean USING returned <> 0,
    ALTER COLUMN returned SET DEFAULT false;
