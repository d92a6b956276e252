package radiusdb

// PGLiteral is pgLiteral, for the external tests.
var PGLiteral = pgLiteral
