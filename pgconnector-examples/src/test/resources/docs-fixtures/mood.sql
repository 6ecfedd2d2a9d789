CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE person (id bigserial PRIMARY KEY, mood mood, history mood[]);
INSERT INTO person (mood, history) VALUES ('happy', '{sad,ok,happy}'), ('sad', '{}');
