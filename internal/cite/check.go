package cite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// cslTypes are the item types of the CSL data schema (csl-data.json,
// CSL 1.0.2, https://github.com/citation-style-language/schema).
var cslTypes = []string{
	"article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
	"chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
	"entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case",
	"legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
	"paper-conference", "patent", "performance", "periodical", "personal_communication", "post",
	"post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech",
	"standard", "thesis", "treaty", "webpage",
}

// cslFields are the variables dashgen writes, with the kind of value the
// CSL data schema gives each: a string, a name list or a date. The schema
// allows more; CheckCSL refuses any other, as the schema refuses a
// variable it does not know (additionalProperties: false).
var cslFields = map[string]string{
	"id": "id", "type": "type", "title": "string", "container-title": "string", "publisher": "string",
	"version": "string", "URL": "string", "archive_location": "string", "note": "string", "author": "names", "issued": "date", "accessed": "date",
}

var edtf = regexp.MustCompile(`^[0-9X?~%.,/-]+$`)

// CheckCSL checks b against the CSL data schema, for the variables
// dashgen writes: an array of items, each with an id (string or number)
// and a type of the schema's list; strings where the schema wants them;
// names as objects of name parts; dates as "date-parts" (one or two
// arrays of one to three numbers or strings) or an EDTF string. Unknown
// members are refused anywhere. It also checks that each date part is a
// plausible year, month and day, and that ids are unique.
func CheckCSL(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var items []map[string]any
	if err := dec.Decode(&items); err != nil {
		return fmt.Errorf("not an array of objects: %w", err)
	}
	if dec.More() {
		return fmt.Errorf("text after the array")
	}
	ids := map[string]bool{}
	for i, it := range items {
		at := fmt.Sprintf("item %d", i)
		for _, req := range []string{"id", "type"} {
			if _, ok := it[req]; !ok {
				return fmt.Errorf("%s: no %q", at, req)
			}
		}
		for k, v := range it {
			kind, ok := cslFields[k]
			if !ok {
				return fmt.Errorf("%s: %q is not a CSL variable dashgen writes", at, k)
			}
			if err := checkValue(kind, v); err != nil {
				return fmt.Errorf("%s: %s: %w", at, k, err)
			}
		}
		id := fmt.Sprint(it["id"])
		if ids[id] {
			return fmt.Errorf("%s: id %q twice", at, id)
		}
		ids[id] = true
	}
	return nil
}

func checkValue(kind string, v any) error {
	switch kind {
	case "id":
		switch v.(type) {
		case string, json.Number:
			return nil
		}
		return fmt.Errorf("not a string or number")
	case "type":
		s, ok := v.(string)
		if !ok || !slices.Contains(cslTypes, s) {
			return fmt.Errorf("%v is not a CSL type", v)
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("not a string")
		}
	case "names":
		list, ok := v.([]any)
		if !ok {
			return fmt.Errorf("not an array")
		}
		for _, n := range list {
			m, ok := n.(map[string]any)
			if !ok {
				return fmt.Errorf("a name is not an object")
			}
			for k, part := range m {
				if !slices.Contains([]string{"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal"}, k) {
					return fmt.Errorf("%q is not a part of a name", k)
				}
				if s, ok := part.(string); !ok || strings.TrimSpace(s) == "" {
					return fmt.Errorf("%s: not a string with text", k)
				}
			}
		}
	case "date":
		if s, ok := v.(string); ok {
			if !edtf.MatchString(s) {
				return fmt.Errorf("%q is not an EDTF date", s)
			}
			return nil
		}
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("not a date")
		}
		for k := range m {
			if k != "date-parts" {
				return fmt.Errorf("%q is not a member of a date dashgen writes", k)
			}
		}
		parts, ok := m["date-parts"].([]any)
		if !ok || len(parts) < 1 || len(parts) > 2 {
			return fmt.Errorf("date-parts: not one or two arrays")
		}
		for _, p := range parts {
			nums, ok := p.([]any)
			if !ok || len(nums) < 1 || len(nums) > 3 {
				return fmt.Errorf("date-parts: not one to three parts")
			}
			limits := [][2]int64{{1, 9999}, {1, 12}, {1, 31}}
			for j, n := range nums {
				num, ok := n.(json.Number)
				if !ok {
					return fmt.Errorf("date-parts: %v is not a number", n)
				}
				x, err := num.Int64()
				if err != nil || x < limits[j][0] || x > limits[j][1] {
					return fmt.Errorf("date-parts: %v is not a year, month or day", n)
				}
			}
		}
	}
	return nil
}
