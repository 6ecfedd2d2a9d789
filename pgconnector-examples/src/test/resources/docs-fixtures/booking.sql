CREATE TABLE booking (id bigserial PRIMARY KEY, during daterange);
