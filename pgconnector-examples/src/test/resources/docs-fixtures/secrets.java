// Stand-ins for the secrets the examples take from the environment.
String secret = "secret";
String pw = "secret";
String keyPassword = "secret";
