CREATE TABLE readings (sensor text NOT NULL, at timestamptz NOT NULL, value double precision,
                       PRIMARY KEY (sensor, at));
