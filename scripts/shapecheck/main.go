// Command shapecheck checks the shape issue 14 asks of the code, outside generated code and
// tests: no Go file over 600 lines, no Go function over 80 lines, no file of frontend/src or
// frontend/portal/src over 400 lines, and no ent mutation builder in graph/ (resolvers call
// services). It prints each breach and exits 1 when there is one.
//
//	go run ./scripts/shapecheck [root]
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Limits of the house rules.
const (
	maxGoFile   = 600
	maxGoFunc   = 80
	maxWebFile  = 400
	generatedGo = "// Code generated "
)

// mutationBuilder matches an ent mutation builder call.
var mutationBuilder = regexp.MustCompile(`\.(Create|Update|Delete)\(\)|\.(CreateBulk|UpdateOne|UpdateOneID|DeleteOne|DeleteOneID|MapCreateBulk)\(`)

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	var breaches []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if skipDir(rel, d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // links (node_modules in a worktree) are not ours
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		breaches = append(breaches, check(rel, b)...)
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "shapecheck:", err)
		os.Exit(2)
	}
	for _, b := range breaches {
		fmt.Println(b)
	}
	if len(breaches) > 0 {
		os.Exit(1)
	}
	fmt.Println("shapecheck: no breach")
}

// skipDir leaves out dependencies, build output and generated trees.
func skipDir(rel, name string) bool {
	switch name {
	case "node_modules", ".git", "dist", "testdata", "gql", "test-results":
		return true
	}
	return false
}

// check lists the breaches of one file.
func check(rel string, b []byte) []string {
	switch {
	case strings.HasSuffix(rel, ".go"):
		if strings.HasSuffix(rel, "_test.go") || isGenerated(b) || isEntGenerated(rel) {
			return nil
		}
		return checkGo(rel, b)
	case strings.HasSuffix(rel, ".ts") || strings.HasSuffix(rel, ".tsx"):
		web := strings.HasPrefix(rel, filepath.Join("frontend", "src")) || strings.HasPrefix(rel, filepath.Join("frontend", "portal", "src"))
		if !web || strings.Contains(rel, ".test.") || strings.Contains(rel, string(filepath.Separator)+"test"+string(filepath.Separator)) {
			return nil
		}
		if n := lines(b); n > maxWebFile {
			return []string{fmt.Sprintf("%s: %d lines (at most %d)", rel, n, maxWebFile)}
		}
	}
	return nil
}

// isEntGenerated: every Go file under ent/ but ent/schema and the generator's own is generated.
func isEntGenerated(rel string) bool {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	return parts[0] == "ent" && (len(parts) < 2 || parts[1] != "schema") && rel != filepath.Join("ent", "entc.go")
}

func isGenerated(b []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for i := 0; i < 5 && sc.Scan(); i++ {
		if strings.HasPrefix(sc.Text(), generatedGo) {
			return true
		}
	}
	return false // gqlgen's resolver files (stubs with hand-written bodies) count
}

func lines(b []byte) int { return bytes.Count(b, []byte{'\n'}) }

func checkGo(rel string, b []byte) []string {
	var out []string
	if n := lines(b); n > maxGoFile {
		out = append(out, fmt.Sprintf("%s: %d lines (at most %d)", rel, n, maxGoFile))
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, b, 0)
	if err != nil {
		return append(out, fmt.Sprintf("%s: %v", rel, err))
	}
	ast.Inspect(f, func(n ast.Node) bool {
		fn, ok := n.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			return true
		}
		if n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1; n > maxGoFunc {
			out = append(out, fmt.Sprintf("%s:%d: func %s: %d lines (at most %d)", rel, fset.Position(fn.Pos()).Line, fn.Name.Name, n, maxGoFunc))
		}
		return false
	})
	if strings.HasPrefix(filepath.ToSlash(rel), "graph/") {
		for i, line := range strings.Split(string(b), "\n") {
			if mutationBuilder.MatchString(line) && !strings.HasPrefix(strings.TrimSpace(line), "//") {
				out = append(out, fmt.Sprintf("%s:%d: ent mutation builder in graph/: %s", rel, i+1, strings.TrimSpace(line)))
			}
		}
	}
	return out
}
