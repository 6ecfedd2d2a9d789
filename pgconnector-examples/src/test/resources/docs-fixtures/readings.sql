CREATE TABLE readings (sensor text, at timestamptz, value double precision);
