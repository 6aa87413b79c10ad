// Package i18n holds the words and number formats of each language the
// pages can be built in: the interface strings (locales/<lang>.yaml, one
// file per language, English the fallback) and the way a language writes
// numbers, percentages and dates.
package i18n

import (
	"embed"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed locales/*.yaml
var files embed.FS

// Locale is one language's words and formats.
type Locale struct {
	Lang    string
	strings map[string]string
	group   string // thousands separator
	decimal string
	percent string // format of a percentage, %s the number
	months  [12]string
	monthsD [12]string // after a day: "8 декабря"
	dateDay string
	dateMon string
	// Missing lists the interface keys this language lacks (English is
	// shown instead).
	Missing []string
	// vocabulary holds the default vocabulary's labels in this language:
	// kind → value → label.
	vocabulary map[string]map[string]string
}

type file struct {
	Numbers struct {
		Group   string `yaml:"group"`
		Decimal string `yaml:"decimal"`
		Percent string `yaml:"percent"`
	} `yaml:"numbers"`
	Months        []string          `yaml:"months"`
	MonthsWithDay []string          `yaml:"months_with_day"`
	DateDay       string            `yaml:"date_day"`
	DateMonth     string            `yaml:"date_month"`
	Strings       map[string]string `yaml:"strings"`
	// Vocabulary is the default vocabulary: kind → value → label, the
	// values in the order the file lists them.
	Vocabulary map[string]orderedLabels `yaml:"vocabulary"`
}

// orderedLabels is a mapping of value → label that keeps the file's order.
type orderedLabels struct {
	keys   []string
	labels map[string]string
}

func (o *orderedLabels) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: expected a mapping of value: label", n.Line)
	}
	o.labels = map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		var k, v string
		if err := n.Content[i].Decode(&k); err != nil {
			return err
		}
		if err := n.Content[i+1].Decode(&v); err != nil {
			return err
		}
		if _, dup := o.labels[k]; !dup {
			o.keys = append(o.keys, k)
		}
		o.labels[k] = v
	}
	return nil
}

// DeclaredKinds are the vocabularies a project may extend or replace: the
// values of the columns measure, group, unit (figures), level, term,
// status (recognitions) and kind (sources). dashgen ships a default for
// each, with labels in every language it has.
var DeclaredKinds = []string{"measure", "group", "unit", "level", "term", "kind", "status"}

// BuiltinKinds are vocabularies whose values dashgen itself reasons about
// (qualifier) or defines (column: the columns of its files), so a project
// may reword their labels but not add values.
var BuiltinKinds = []string{"qualifier", "column"}

// Defaults returns the default values of a vocabulary kind, in order; nil
// for a kind dashgen has no default for.
func Defaults(kind string) []string {
	f, err := english()
	if err != nil {
		panic(err) // en.yaml is embedded: a bug
	}
	return append([]string(nil), f.Vocabulary[kind].keys...)
}

// Languages are the languages dashgen has interface strings for.
func Languages() []string {
	entries, _ := files.ReadDir("locales")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(out)
	return out
}

func read(lang string) (*file, error) {
	b, err := files.ReadFile("locales/" + lang + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("dashgen has no interface strings for language %q (it has: %s)", lang, strings.Join(Languages(), ", "))
	}
	var f file
	if err := yaml.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("locales/%s.yaml: %w", lang, err)
	}
	return &f, nil
}

// merge returns every interface string of en in a language: the
// project's override, else the language's own, else English, which is
// then listed as missing (sorted).
func merge(en, lang, overrides map[string]string) (map[string]string, []string) {
	out := make(map[string]string, len(en))
	var missing []string
	for k, v := range en {
		switch s := lang[k]; {
		case overrides[k] != "":
			out[k] = overrides[k]
		case s != "":
			out[k] = s
		default:
			out[k] = v
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	return out, missing
}

// english is en.yaml, read once. It must not be modified.
var english = sync.OnceValues(func() (*file, error) { return read("en") })

// Load returns the locale of lang, with English where it lacks a string;
// overrides (a project's own wording of interface strings, whose keys
// config validation has checked) win, and a word they supply is not
// Missing.
func Load(lang string, overrides map[string]string) (*Locale, error) {
	en, err := read("en")
	if err != nil {
		return nil, err
	}
	f := en
	if lang != "en" {
		if f, err = read(lang); err != nil {
			return nil, err
		}
	}
	l := &Locale{Lang: lang, group: f.Numbers.Group, decimal: f.Numbers.Decimal,
		percent: f.Numbers.Percent, dateDay: f.DateDay, dateMon: f.DateMonth}
	copy(l.months[:], f.Months)
	copy(l.monthsD[:], f.MonthsWithDay)
	l.strings, l.Missing = merge(en.Strings, f.Strings, overrides)
	l.vocabulary = map[string]map[string]string{}
	for kind, labels := range en.Vocabulary {
		l.vocabulary[kind] = map[string]string{}
		for _, id := range labels.keys {
			if s, ok := f.Vocabulary[kind].labels[id]; ok {
				l.vocabulary[kind][id] = s
			} else {
				l.vocabulary[kind][id] = labels.labels[id]
			}
		}
	}
	return l, nil
}

// DefaultLabel returns the label of a default vocabulary value in this
// language, and false when id is not a default value of kind.
func (l *Locale) DefaultLabel(kind, id string) (string, bool) {
	s, ok := l.vocabulary[kind][id]
	return s, ok
}

// Has reports whether key is an interface string (a key of en.yaml's
// strings).
func Has(key string) bool {
	f, err := english()
	if err != nil {
		return false
	}
	_, ok := f.Strings[key]
	return ok
}

// Keys returns the interface string keys, sorted.
func Keys() []string {
	f, err := english()
	if err != nil {
		return nil
	}
	keys := make([]string, 0, len(f.Strings))
	for k := range f.Strings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// T returns the interface string key, with args filled in.
func (l *Locale) T(key string, args ...any) string {
	s, ok := l.strings[key]
	if !ok {
		panic("i18n: no interface string " + key) // a key is missing from en.yaml: a bug
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Group is the thousands separator, for the page script's axis labels.
func (l *Locale) Group() string { return l.group }

// Int writes n with the language's thousands separator: 1,275; 1.275;
// 1 275.
func (l *Locale) Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(l.group)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Percent writes a share to a precision that does not claim more than the
// figures hold: whole percent from 10% up, one decimal below.
func (l *Locale) Percent(p float64) string {
	var n string
	switch {
	case p >= 10:
		n = strconv.FormatFloat(p, 'f', 0, 64)
	case p >= 0.1:
		n = strings.TrimSuffix(strconv.FormatFloat(p, 'f', 1, 64), ".0")
	default:
		return l.T("under_tenth_percent")
	}
	return fmt.Sprintf(l.percent, strings.Replace(n, ".", l.decimal, 1))
}

// Date writes a partial date (1992, 1992-02, 1992-02-26) as the language
// writes it: "26 February 1992", "февраль 1992". Anything else is kept.
func (l *Locale) Date(s string) string {
	parts := strings.Split(s, "-")
	y, err := strconv.Atoi(parts[0])
	if err != nil || len(parts[0]) != 4 {
		return s
	}
	switch len(parts) {
	case 1:
		return parts[0]
	case 2:
		if m, err := strconv.Atoi(parts[1]); err == nil && m >= 1 && m <= 12 {
			return fmt.Sprintf(l.dateMon, l.months[m-1], y)
		}
	case 3:
		m, err1 := strconv.Atoi(parts[1])
		d, err2 := strconv.Atoi(parts[2])
		if err1 == nil && err2 == nil && m >= 1 && m <= 12 {
			return fmt.Sprintf(l.dateDay, d, l.monthsD[m-1], y)
		}
	}
	return s
}

// verbs are the placeholders of an interface string, in order.
func verbs(s string) []string {
	var out []string
	for i := 0; i < len(s)-1; i++ {
		if s[i] != '%' {
			continue
		}
		if s[i+1] != '%' {
			out = append(out, s[i:i+2])
		}
		i++
	}
	return out
}

// CheckOverride checks a project's wording of the interface string key:
// it must keep English's placeholders (%s, %d), in order, as dashgen fills
// them in that order.
func CheckOverride(key, value string) error {
	f, err := english()
	if err != nil {
		return err
	}
	want, got := verbs(f.Strings[key]), verbs(value)
	if slices.Equal(want, got) {
		return nil
	}
	if len(want) == 0 {
		return fmt.Errorf("%q has placeholders (%s), but dashgen fills in none here; write it without %%", value, strings.Join(got, " "))
	}
	return fmt.Errorf("%q must keep the placeholders %s of the English %q, in that order", value, strings.Join(want, " "), f.Strings[key])
}
