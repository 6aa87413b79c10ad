package cite

import (
	"fmt"
	"strings"
)

// Entry is one BibTeX entry as ParseBibTeX reads it.
type Entry struct {
	Type, Key string
	// Fields are the values as written, without their outer braces; a
	// bare value (a month macro, a number) as is.
	Fields map[string]string
	Order  []string
}

// ParseBibTeX reads BibTeX strictly, as a check of what BibTeX writes
// (and of any other file of entries): every entry "@type{key, name =
// value, …}", values in balanced braces (BibTeX counts every brace, even
// one after a backslash) or bare words and numbers, keys unique, no field
// twice, nothing but white space between entries. It reports the first
// problem with its line.
func ParseBibTeX(src string) ([]Entry, error) {
	p := &bibParser{s: src, line: 1}
	var out []Entry
	keys := map[string]bool{}
	for {
		p.space()
		if p.i == len(p.s) {
			return out, nil
		}
		e, err := p.entry()
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", p.line, err)
		}
		if keys[strings.ToLower(e.Key)] {
			return nil, fmt.Errorf("line %d: key %q is used twice", p.line, e.Key)
		}
		keys[strings.ToLower(e.Key)] = true
		out = append(out, e)
	}
}

type bibParser struct {
	s    string
	i    int
	line int
}

func (p *bibParser) space() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		if p.s[p.i] == '\n' {
			p.line++
		}
		p.i++
	}
}

func (p *bibParser) expect(c byte) error {
	p.space()
	if p.i >= len(p.s) || p.s[p.i] != c {
		got := "the end"
		if p.i < len(p.s) {
			got = fmt.Sprintf("%q", p.s[p.i])
		}
		return fmt.Errorf("want %q, found %s", c, got)
	}
	p.i++
	return nil
}

// name reads a type, key or field name: the characters BibTeX allows.
func (p *bibParser) name(what string) (string, error) {
	p.space()
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"#%'(),={}\@~`, c) >= 0 {
			break
		}
		p.i++
	}
	if p.i == start {
		return "", fmt.Errorf("no %s", what)
	}
	return p.s[start:p.i], nil
}

func (p *bibParser) entry() (Entry, error) {
	var e Entry
	if err := p.expect('@'); err != nil {
		return e, err
	}
	t, err := p.name("entry type")
	if err != nil {
		return e, err
	}
	e.Type = strings.ToLower(t)
	if err := p.expect('{'); err != nil {
		return e, err
	}
	if e.Key, err = p.name("key"); err != nil {
		return e, err
	}
	e.Fields = map[string]string{}
	for {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return e, nil
		}
		if err := p.expect(','); err != nil {
			return e, err
		}
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return e, nil
		}
		f, err := p.name("field name")
		if err != nil {
			return e, err
		}
		f = strings.ToLower(f)
		if _, dup := e.Fields[f]; dup {
			return e, fmt.Errorf("field %q twice in %s", f, e.Key)
		}
		if err := p.expect('='); err != nil {
			return e, err
		}
		v, err := p.value()
		if err != nil {
			return e, fmt.Errorf("%s.%s: %w", e.Key, f, err)
		}
		e.Fields[f] = v
		e.Order = append(e.Order, f)
	}
}

func (p *bibParser) value() (string, error) {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '{' {
		depth, start := 0, p.i+1
		for ; p.i < len(p.s); p.i++ {
			switch p.s[p.i] {
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					p.i++
					return p.s[start : p.i-1], nil
				}
			case '\n':
				p.line++
			}
		}
		return "", fmt.Errorf("unbalanced braces")
	}
	return p.name("value")
}
