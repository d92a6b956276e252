package migrations

import (
	"strings"

	"ariga.io/atlas/sql/migrate"
)

// AllowDrop is the line that lets a file drop what Drops finds, with the reason after it.
const AllowDrop = "-- linedesk:allow-drop"

// AllowsDrops reports whether the file carries the AllowDrop line.
func AllowsDrops(f migrate.File) bool {
	for _, line := range strings.Split(string(f.Bytes()), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), AllowDrop) {
			return true
		}
	}
	return false
}

// Drop is what a statement would destroy.
type Drop struct {
	Kind  string // "column", "table", "rows" or "schema"
	Table string // the table it names, unquoted, lower case ("" when unknown)
}

// Drops finds what stmt would destroy: a column (ALTER TABLE … DROP [COLUMN]), a table
// (DROP TABLE, which an SQLite table rebuild uses after copying the rows), rows (DELETE,
// TRUNCATE) or a schema or database. Index, constraint, default and function drops lose no
// data and are not reported. Statements inside dollar-quoted bodies (DO blocks) are scanned
// too; string literals are not.
func Drops(stmt string) []Drop {
	var (
		drops []Drop
		toks  = tokens(stmt)
		alter = "" // the table of the ALTER TABLE statement being scanned
	)
	at := func(i int) string {
		if i < len(toks) {
			return toks[i]
		}
		return ""
	}
	// name skips IF EXISTS / ONLY and returns the object name after position i, without
	// its schema.
	name := func(i int) string {
		for at(i) == "if" || at(i) == "exists" || at(i) == "only" {
			i++
		}
		for at(i+1) == "." {
			i += 2
		}
		return at(i)
	}
	for i, t := range toks {
		switch {
		case t == ";":
			alter = ""
		case t == "alter" && at(i+1) == "table":
			alter = name(i + 2)
		case t == "truncate":
			tbl := name(i + 1)
			if tbl == "table" {
				tbl = name(i + 2)
			}
			drops = append(drops, Drop{Kind: "rows", Table: tbl})
		case t == "delete" && at(i+1) == "from":
			drops = append(drops, Drop{Kind: "rows", Table: name(i + 2)})
		case t == "drop" && at(i+1) == "table":
			drops = append(drops, Drop{Kind: "table", Table: name(i + 2)})
		case t == "drop" && (at(i+1) == "schema" || at(i+1) == "database" || at(i+1) == "owned"):
			drops = append(drops, Drop{Kind: "schema"})
		case t == "drop" && alter != "" && !losesNothing[at(i+1)]:
			drops = append(drops, Drop{Kind: "column", Table: alter})
		}
	}
	return drops
}

// losesNothing are the words after DROP inside ALTER TABLE that drop no data.
var losesNothing = map[string]bool{
	"constraint": true, "default": true, "not": true, "expression": true, "identity": true,
	"index": true, "function": true, "trigger": true, "view": true, "sequence": true,
	"extension": true, "type": true, "policy": true, "rule": true, "table": true,
}

// tokens splits SQL into lower-case words, unquoted identifiers, ";" and ".", leaving out
// comments and string literals.
func tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case strings.HasPrefix(s[i:], "--"):
			i += skipTo(s[i:], "\n")
		case strings.HasPrefix(s[i:], "/*"):
			i += 2 + skipTo(s[i+2:], "*/") + 2
		case c == '\'':
			// A literal ends at the first quote that is not doubled.
			j := i + 1
			for j < len(s) && (s[j] != '\'' || strings.HasPrefix(s[j:], "''")) {
				if s[j] == '\'' {
					j++
				}
				j++
			}
			i = j + 1
		case c == '"' || c == '`' || c == '[':
			closing := map[byte]string{'"': `"`, '`': "`", '[': "]"}[c]
			n := skipTo(s[i+1:], closing)
			out = append(out, strings.ToLower(s[i+1:i+1+n]))
			i += n + 2
		case c == ';' || c == '.':
			out = append(out, string(c))
			i++
		case isWord(c):
			j := i
			for j < len(s) && (isWord(s[j]) || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			out = append(out, strings.ToLower(s[i:j]))
			i = j
		default:
			i++
		}
	}
	return out
}

// skipTo returns the length of s before sep, or of all of s.
func skipTo(s, sep string) int {
	if n := strings.Index(s, sep); n >= 0 {
		return n
	}
	return len(s)
}

func isWord(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
