package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
)

// linkedDataBlock encodes v as a JSON-LD block (schema.org) for the head
// of a page. Like DataBlock: encoding/json escapes <, >, & and
// U+2028/U+2029, so no text (a title holding </script>) can end the
// element; the browser never runs the block, so the page's policy needs
// no hash for it.
func linkedDataBlock(v any) (template.HTML, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if bytes.Contains(bytes.ToLower(b), []byte("</script")) || bytes.Contains(b, []byte("<!--")) {
		return "", fmt.Errorf("linked data is not safe for a script element")
	}
	return template.HTML(`<script type="application/ld+json">` + string(b) + `</script>`), nil
}
