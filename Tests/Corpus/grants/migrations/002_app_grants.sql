-- The app connects as lending_app, which owns nothing.
GRANT SELECT ON tools TO lending_app;
GRANT SELECT, INSERT, UPDATE ON loans TO lending_app;
GRANT USAGE ON SEQUENCE loans_id_seq TO lending_app;
