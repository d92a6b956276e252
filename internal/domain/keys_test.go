package domain_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var updateUnkeyed = flag.Bool("update-unkeyed", false, "rewrite testdata/unkeyed.txt (it may only shrink)")

// refusalMakers are the constructors whose refusals are shown to people.
var refusalMakers = map[string]int{"Invalidf": 1, "Refusedf": 0, "NotFoundf": 0, "Conflictf": 1, "Forbiddenf": 0}

// sourceScan is what the walk over the Go source found.
type sourceScan struct {
	unkeyed []string        // "path<TAB>Maker<TAB>format" of refusals without WithKey
	keys    map[string]bool // every translation key the source names
}

// scanSource walks the non-test Go files under internal/ and graph/.
func scanSource(t *testing.T) sourceScan {
	t.Helper()
	out := sourceScan{keys: map[string]bool{}}
	for _, root := range []string{"../../internal", "../../graph"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			rel := strings.TrimPrefix(filepath.ToSlash(path), "../../")
			scanFile(f, rel, &out)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(out.unkeyed)
	return out
}

// keyCall names the functions whose first argument is a translation key.
var keyCall = regexp.MustCompile(`^(WithKey|withKey|keyed)$`)

func scanFile(f *ast.File, rel string, out *sourceScan) {
	keyed := map[*ast.CallExpr]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		keyArg := 0
		if calleeName(call) == "keyed" {
			keyArg = 1 // keyed(ge, key, params)
		}
		if name := calleeName(call); keyCall.MatchString(name) && len(call.Args) > keyArg {
			if lit, ok := call.Args[keyArg].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if k, err := strconv.Unquote(lit.Value); err == nil {
					out.keys[k] = true
				}
			}
			if name == "WithKey" {
				markChain(call, keyed)
			}
		}
		return true
	})
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || keyed[call] {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		argi, maker := refusalMakers[sel.Sel.Name]
		if !ok || pkg.Name != "domain" || !maker || len(call.Args) <= argi {
			return true
		}
		format := "?"
		if lit, ok := call.Args[argi].(*ast.BasicLit); ok {
			format, _ = strconv.Unquote(lit.Value)
		}
		out.unkeyed = append(out.unkeyed, fmt.Sprintf("%s\t%s\t%s", rel, sel.Sel.Name, format))
		return true
	})
}

func calleeName(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.SelectorExpr:
		return fn.Sel.Name
	case *ast.Ident:
		return fn.Name
	}
	return ""
}

// markChain marks every call in the method chain that ends in WithKey (domain.X(…).Because(…).WithKey(…)).
func markChain(call *ast.CallExpr, keyed map[*ast.CallExpr]bool) {
	for {
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return
		}
		inner, ok := sel.X.(*ast.CallExpr)
		if !ok {
			return
		}
		keyed[inner] = true
		call = inner
	}
}

// TestRefusalsHaveKeys fails on a refusal made without WithKey that testdata/unkeyed.txt does
// not list, and on a listed one that is gone (the list only shrinks).
func TestRefusalsHaveKeys(t *testing.T) {
	scan := scanSource(t)
	const list = "testdata/unkeyed.txt"
	if *updateUnkeyed {
		body := "# Refusals not yet given a translation key (path, constructor, format). Only shrinks.\n" +
			strings.Join(scan.unkeyed, "\n") + "\n"
		if err := os.WriteFile(list, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(list)
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]int{}
	for _, line := range strings.Split(string(raw), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			allowed[line]++
		}
	}
	found := map[string]int{}
	for _, u := range scan.unkeyed {
		found[u]++
	}
	for u, n := range found {
		if n > allowed[u] {
			t.Errorf("refusal without WithKey (give it a key and an English text in frontend/shared/i18n/errors/en.json): %q", u)
		}
	}
	for u, n := range allowed {
		if found[u] < n {
			t.Errorf("%s lists a refusal that now has a key or is gone: remove the line %q", list, u)
		}
	}
	t.Logf("%d refusals still without a key", len(scan.unkeyed))
}

// TestKeysTranslated fails on a key named in the Go source that the English errors file lacks.
func TestKeysTranslated(t *testing.T) {
	raw, err := os.ReadFile("../../frontend/shared/i18n/errors/en.json")
	if err != nil {
		t.Fatal(err)
	}
	var en map[string]any
	if err := json.Unmarshal(raw, &en); err != nil {
		t.Fatal(err)
	}
	scan := scanSource(t)
	if len(scan.keys) == 0 {
		t.Fatal("no keys found in the source")
	}
	for k := range scan.keys {
		if !hasKey(en, k) {
			t.Errorf("key %q has no English text in frontend/shared/i18n/errors/en.json", k)
		}
	}
}

// hasKey looks a dotted key up in nested JSON objects (i18next's key separator is "."). A
// key whose params hold count may have plural forms only (key_one, key_other, …): i18next
// picks the form, and English needs key_other at least.
func hasKey(m map[string]any, key string) bool {
	head, rest, nested := strings.Cut(key, ".")
	v, ok := m[head]
	if !nested {
		s, isText := v.(string)
		if !ok {
			s, isText = m[head+"_other"].(string)
		}
		return isText && s != ""
	}
	sub, ok := v.(map[string]any)
	return ok && hasKey(sub, rest)
}
