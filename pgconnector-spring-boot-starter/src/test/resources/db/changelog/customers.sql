--liquibase formatted sql

--changeset pgconnector:1
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);

--changeset pgconnector:2
INSERT INTO customers VALUES (1, 'Ada');
