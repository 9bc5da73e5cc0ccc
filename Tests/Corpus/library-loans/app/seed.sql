INSERT INTO members (email, full_name) VALUES ('ada@example.org','Ada Lovelace'),('alan@example.org','Alan Turing'),('grace@example.org','Grace Hopper');
INSERT INTO books (isbn, title, author) VALUES ('978-0','SICP','Abelson'),('978-1','TAOCP','Knuth'),('978-2','Dune','Herbert');
INSERT INTO loans (book_id, member_id, due_at) VALUES (1,1,now()+interval '14 days');
