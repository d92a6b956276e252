package documents

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
)

//go:embed templates/document.html.tmpl
var templates embed.FS

var page = template.Must(template.New("document.html.tmpl").Funcs(template.FuncMap{
	// logo passes the stored logo through as an image source: settings validated it as a
	// data URL of an image.
	"logo": func(s string) template.URL { return template.URL(s) },
}).ParseFS(templates, "templates/document.html.tmpl"))

// renderHTML renders d as a printable page (no script; styles inline).
func renderHTML(d *Document) ([]byte, error) {
	var buf bytes.Buffer
	if err := page.Execute(&buf, d); err != nil {
		return nil, fmt.Errorf("rendering the %s page: %w", d.Title, err)
	}
	return buf.Bytes(), nil
}
