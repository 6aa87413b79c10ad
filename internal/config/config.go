// Package config reads config.yaml through viper, lets flags and DASHGEN_…
// environment variables override its settings, and checks its shape. Every
// problem names the key path (dashboards[1].charts[0].type).
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/viper"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/i18n"
	"github.com/dashgen/dashgen/internal/release"
)

// Config is a project's configuration, validated.
type Config struct {
	// Path is the config file as named on the command line; Dir is its
	// folder, against which data and output paths are resolved.
	Path string `mapstructure:"-"`
	Dir  string `mapstructure:"-"`
	// Raw is the file as read, for the build manifest's hashes.
	Raw []byte `mapstructure:"-"`

	Site Site `mapstructure:"site"`
	// Release is the data release the pages show and people cite.
	Release Release `mapstructure:"release"`
	// Output is the folder a build replaces. Whether it may be replaced
	// depends on the disk (what it holds, where links lead), so that is
	// checked by output.Check, not here.
	Output string `mapstructure:"output"`
	// Exports is the folder dashgen export writes into, one folder per
	// language; a build never touches it (output.CheckExports).
	Exports string `mapstructure:"exports"`
	// Assets is how pages get ECharts and the page script: "inline" (every
	// page standalone) or "shared" (one versioned copy in output/assets/).
	Assets string `mapstructure:"assets"`
	// BaseURL is where the site will be published, for absolute embed codes;
	// empty gives relative ones.
	BaseURL string `mapstructure:"base_url"`
	// Languages are the languages to build, the first into the output
	// folder itself and each other one into a folder of its own (az/);
	// [site.lang] when not given.
	Languages []string `mapstructure:"languages"`
	// Strict makes warnings errors (also the --strict flag).
	Strict bool `mapstructure:"strict"`
	Data   Data `mapstructure:"data"`
	// Labels are the words shown for ids, by kind (labels.measure.killed).
	// Under a vocabulary kind (i18n.DeclaredKinds) a key also declares a
	// value the data may use, beside dashgen's default values.
	Labels map[string]map[string]string `mapstructure:"labels"`
	// Vocabularies says, per vocabulary kind, which values the data may
	// use: "defaults" (dashgen's defaults and the project's labels, the
	// default) or "own" (only the project's labels).
	Vocabularies map[string]string `mapstructure:"vocabularies"`
	// Interface rewords dashgen's own words in the first language (keys of
	// internal/i18n/locales/en.yaml's strings).
	Interface  map[string]string `mapstructure:"interface"`
	Dashboards []Dashboard       `mapstructure:"dashboards"`
	// Limits raise or lower the size limits of the data files.
	Limits Limits `mapstructure:"limits"`
}

// Site holds the texts of the whole site.
type Site struct {
	Title       string `mapstructure:"title"`
	Description string `mapstructure:"description"`
	Lang        string `mapstructure:"lang"`
	// License is the licence the project publishes its data under, for
	// the data package; all empty: the project states none.
	License License `mapstructure:"license"`
	// Contributors are the people and organisations who made the data,
	// for the data package; none when the project names none.
	Contributors []Contributor `mapstructure:"contributors"`
}

// Contributor is one person or organisation who made the data, as a
// Frictionless Data Package (v2) names a contributor: a title (the name
// as it is to be cited), and optionally their roles, an email address,
// a web page (path) and an organisation.
type Contributor struct {
	Title        string   `mapstructure:"title"`
	Roles        []string `mapstructure:"roles"`
	Email        string   `mapstructure:"email"`
	Path         string   `mapstructure:"path"`
	Organization string   `mapstructure:"organization"`
}

// License is a data licence: an Open Definition / SPDX identifier
// (CC-BY-4.0), the address of its text, a title; a name or a path at
// least.
type License struct {
	Name  string `mapstructure:"name"`
	Path  string `mapstructure:"path"`
	Title string `mapstructure:"title"`
}

// Release is a release of the project's data: a version, read as the
// Frictionless "Data Package Version" recipe reads Semantic Versioning
// (PATCH corrects existing data, MINOR adds data, MAJOR changes what the
// data means), and the date it was published. Both empty: the project
// states no release.
type Release struct {
	Version string `mapstructure:"version"`
	Date    string `mapstructure:"date"`
}

// Data says where the CSV files are.
type Data struct {
	Dir     string       `mapstructure:"dir"`
	Figures []FigureFile `mapstructure:"figures"`
}

// FigureFile declares one figures file and the dataset name charts use.
type FigureFile struct {
	Name string `mapstructure:"name"`
	File string `mapstructure:"file"`
}

// Dashboard is one page of charts.
type Dashboard struct {
	ID          string  `mapstructure:"id"`
	Title       string  `mapstructure:"title"`
	Description string  `mapstructure:"description"`
	Charts      []Chart `mapstructure:"charts"`
}

// Chart is one chart and the query behind its numbers.
type Chart struct {
	ID    string `mapstructure:"id"`
	Type  string `mapstructure:"type"`
	Title string `mapstructure:"title"`
	Note  string `mapstructure:"note"`
	// Query is the usual single query; Queries lists several, one series
	// each (a grouped bar comparing them). Load folds Query into Queries.
	Query   *Query   `mapstructure:"query"`
	Queries []Query  `mapstructure:"queries"`
	Columns []string `mapstructure:"columns"`
	// Horizontal forces horizontal bars; by default bars turn horizontal
	// when labels are long.
	Horizontal bool `mapstructure:"horizontal"`
	// Top keeps the chart's Top largest groups of counted records and
	// folds the others into one "other" category (charts.Check says where
	// it is allowed). nil: every group is drawn.
	Top *int `mapstructure:"top"`
	// MaxCategories overrides the most categories (bars, slices, dots,
	// years) a drawn chart may draw; nil: its kind's default.
	MaxCategories *int `mapstructure:"max_categories"`
	// MaxRows overrides the most rows a table shows in the page (every row
	// is in its data download); nil: the default.
	MaxRows *int `mapstructure:"max_rows"`
}

// Ceilings of the per-chart limits: raised past them, one chart alone
// would make its page heavier than a page may be (1 MB).
const (
	MaxCategoriesCeiling = 500
	MaxRowsCeiling       = 2000
)

// Query selects and groups the records behind a chart.
type Query struct {
	Dataset string `mapstructure:"dataset"`
	// Filter keeps records whose column equals the value, or one of the
	// values when a list is given. "" matches an empty cell.
	Filter  map[string]any `mapstructure:"filter"`
	GroupBy string         `mapstructure:"group_by"`
	// Value is "value" (each figure as stated), "count" (records counted
	// per group) or "each" (one row per record, for tables).
	Value      string `mapstructure:"value"`
	Cumulative bool   `mapstructure:"cumulative"`
	// Share adds each row's share of "parent" (the figure it is a subset
	// of) or "population" (the event's population).
	Share  string `mapstructure:"share"`
	Series string `mapstructure:"series"`
	// Sort is "none" (file order, the default), "value" or "label".
	Sort string `mapstructure:"sort"`
}

// Settings that flags and environment variables can override: flag name →
// config key. The environment variable is DASHGEN_ and the key in capitals
// with dots as underscores (DASHGEN_SITE_TITLE).
var Settings = []struct{ Flag, Key, Usage string }{
	{"out", "output", "output folder"},
	{"exports", "exports", "folder for the exported PNG, SVG and PDF files, one folder per language"},
	{"data", "data.dir", "folder of the CSV files"},
	{"title", "site.title", "site title"},
	{"description", "site.description", "site description"},
	{"lang", "site.lang", "language of the pages (BCP 47, e.g. en)"},
	{"assets", "assets", "inline (standalone pages) or shared (one copy of the scripts in assets/)"},
	{"base-url", "base_url", "address the site will be published at, for absolute embed codes"},
}

// Overrides are what the command line adds to the file: the settings its
// flags set and the environment's DASHGEN_… variables. Load reads nothing
// else from the process, so the same call gives the same config and the
// same messages wherever it runs.
type Overrides struct {
	// Flags are the values of the setting flags that were set, by flag
	// name (out, title…; see Settings).
	Flags map[string]string
	// Env looks up an environment variable; nil reads none.
	Env func(key string) string
}

// EnvName is the environment variable that overrides a config key:
// DASHGEN_ and the key in capitals with dots as underscores.
func EnvName(key string) string {
	return "DASHGEN_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// value is the override of a setting: its flag if set, else its
// environment variable if not empty.
func (o *Overrides) value(flag, key string) (string, bool) {
	if o == nil {
		return "", false
	}
	if v, ok := o.Flags[flag]; ok {
		return v, true
	}
	if o.Env != nil {
		if v := o.Env(EnvName(key)); v != "" {
			return v, true
		}
	}
	return "", false
}

// Load reads the config file at path, applies the overrides, and validates
// the result. Messages name the file as path does: a caller that wants
// them relative to a folder passes a path relative to it.
func Load(path string, o *Overrides) (*Config, error) {
	shown := filepath.ToSlash(path)
	l := &diag.List{}
	raw, err := readFile(path, shown, "config file", l)
	if errors.Is(err, fs.ErrNotExist) {
		l.Errorf(diag.FileMissing, shown, 0, 0, "the config file does not exist; run dashgen in the project folder or pass --config")
		return nil, l.Err()
	}
	if err != nil {
		return nil, l.Err()
	}
	return Parse(path, raw, o)
}

// Parse is Load for a config file already read: path says where it lives
// (relative paths in it are resolved from its folder) and names it in
// messages.
func Parse(path string, raw []byte, o *Overrides) (*Config, error) {
	shown := filepath.ToSlash(path)
	l := &diag.List{}
	if !checkShape(shown, raw, l) {
		return nil, l.Err()
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(strings.NewReader(string(raw))); err != nil {
		l.Add(yamlError(shown, raw, err))
		return nil, l.Err()
	}
	v.SetDefault("output", "output")
	v.SetDefault("exports", "exports")
	v.SetDefault("data.dir", "data")
	v.SetDefault("site.lang", "en")
	v.SetDefault("assets", "inline")
	for _, s := range Settings {
		if val, ok := o.value(s.Flag, s.Key); ok {
			v.Set(s.Key, val)
		}
	}

	checkUnknownKeys(shown, v.AllSettings(), reflect.TypeOf(Config{}), "", l)
	var cfg Config
	if err := v.Unmarshal(&cfg, decoding(true)); err != nil {
		for _, msg := range decodeErrors(err) {
			l.KeyErrorf(diag.TypeError, shown, msg.key, "%s", msg.text)
		}
		return nil, l.Err()
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	cfg.Path = shown
	cfg.Dir = filepath.Dir(path)
	cfg.Raw = raw
	cfg.validate(l)
	if err := l.Err(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	langPattern = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

// validate checks what the shape of the file alone can tell. Checks that
// need the data (datasets, columns, breakdowns) run at build time.
func (c *Config) validate(l *diag.List) {
	f := c.Path
	if strings.TrimSpace(c.Site.Title) == "" {
		l.KeyErrorf(diag.InvalidValue, f, "site.title", "is empty; the site needs a title")
	}
	if !langPattern.MatchString(c.Site.Lang) {
		l.KeyErrorf(diag.InvalidValue, f, "site.lang", "%q is not a language tag such as en, az or ru", c.Site.Lang)
	}
	if len(c.Languages) == 0 && langPattern.MatchString(c.Site.Lang) {
		c.Languages = []string{c.Site.Lang}
	}
	seenLang := map[string]bool{}
	for i, lang := range c.Languages {
		key := fmt.Sprintf("languages[%d]", i)
		switch {
		case !slices.Contains(i18n.Languages(), lang):
			l.KeyErrorf(diag.InvalidValue, f, key, "%q: dashgen has interface words for %s; a new language needs internal/i18n/locales/%s.yaml", lang, strings.Join(i18n.Languages(), ", "), lang)
		case seenLang[lang]:
			l.KeyErrorf(diag.UniqueError, f, key, "%q is listed twice", lang)
		}
		seenLang[lang] = true
	}
	if len(c.Languages) > 0 && c.Site.Lang != c.Languages[0] && c.Site.Lang != "en" {
		l.KeyErrorf(diag.InvalidValue, f, "site.lang", "%q differs from the first of languages (%q), the language the texts of config.yaml are written in", c.Site.Lang, c.Languages[0])
	}
	c.validateRelease(l)
	c.validateLicense(l)
	c.validateContributors(l)
	if c.Assets != "inline" && c.Assets != "shared" {
		l.KeyErrorf(diag.InvalidValue, f, "assets", "%q is not inline or shared", c.Assets)
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			l.KeyErrorf(diag.InvalidValue, f, "base_url", "%q is not a web address such as https://example.org/dashboards/", c.BaseURL)
		} else if !strings.HasSuffix(c.BaseURL, "/") {
			c.BaseURL += "/"
		}
	}
	if strings.TrimSpace(c.Output) == "" {
		l.KeyErrorf(diag.InvalidValue, f, "output", "is empty; name the folder to write the site to")
	}
	if strings.TrimSpace(c.Exports) == "" {
		l.KeyErrorf(diag.InvalidValue, f, "exports", "is empty; name the folder to write the exports to, such as exports")
	}
	c.validateVocabularies(l)
	CheckInterface(f, "interface", c.Interface, l)
	names := map[string]bool{}
	for i, ff := range c.Data.Figures {
		key := fmt.Sprintf("data.figures[%d]", i)
		if !idPattern.MatchString(ff.Name) {
			l.KeyErrorf(diag.InvalidValue, f, key+".name", "%q is not a valid name: use lowercase letters, digits and hyphens", ff.Name)
		} else if names[ff.Name] || ff.Name == "figures" || ff.Name == "recognitions" || ff.Name == "sources" {
			l.KeyErrorf(diag.UniqueError, f, key+".name", "%q is already a dataset name", ff.Name)
		}
		names[ff.Name] = true
		if !strings.HasSuffix(strings.ToLower(ff.File), ".csv") || filepath.IsAbs(ff.File) || strings.Contains(ff.File, "..") {
			l.KeyErrorf(diag.InvalidValue, f, key+".file", "%q must be a .csv file name inside the data folder", ff.File)
		}
	}
	c.checkLimits(l)
	if len(c.Dashboards) == 0 {
		l.KeyErrorf(diag.InvalidValue, f, "dashboards", "lists no dashboards")
	}
	dashIDs := map[string]string{}
	chartIDs := map[string]string{}
	for i := range c.Dashboards {
		d := &c.Dashboards[i]
		key := fmt.Sprintf("dashboards[%d]", i)
		if !idPattern.MatchString(d.ID) {
			l.KeyErrorf(diag.InvalidValue, f, key+".id", "%q is not a valid id: use lowercase letters, digits and hyphens (it names the page file)", d.ID)
		} else if prev, dup := dashIDs[d.ID]; dup {
			l.KeyErrorf(diag.UniqueError, f, key+".id", "%q is already the id of %s", d.ID, prev)
		} else if d.ID == "index" || d.ID == "sources" {
			l.KeyErrorf(diag.InvalidValue, f, key+".id", "%q is reserved for the site's own %s.html page", d.ID, d.ID)
		}
		dashIDs[d.ID] = key
		if strings.TrimSpace(d.Title) == "" {
			l.KeyErrorf(diag.InvalidValue, f, key+".title", "is empty; every dashboard needs a title")
		}
		if len(d.Charts) == 0 {
			l.KeyErrorf(diag.InvalidValue, f, key+".charts", "lists no charts")
		}
		for j := range d.Charts {
			ch := &d.Charts[j]
			ck := fmt.Sprintf("%s.charts[%d]", key, j)
			if !idPattern.MatchString(ch.ID) {
				l.KeyErrorf(diag.InvalidValue, f, ck+".id", "%q is not a valid id: use lowercase letters, digits and hyphens (it names the chart's files)", ch.ID)
			} else if prev, dup := chartIDs[ch.ID]; dup {
				l.KeyErrorf(diag.UniqueError, f, ck+".id", "%q is already the id of %s; chart ids are unique across dashboards", ch.ID, prev)
			}
			chartIDs[ch.ID] = ck
			// The type is checked, with every rule of the chart's kind, by
			// charts.Check when the site is built: charts holds the kinds.
			if strings.TrimSpace(ch.Title) == "" {
				l.KeyErrorf(diag.InvalidValue, f, ck+".title", "is empty; every chart needs a plain, descriptive title")
			}
			if ch.Query != nil {
				if len(ch.Queries) > 0 {
					l.KeyErrorf(diag.InvalidValue, f, ck, "has both query and queries; use one")
				}
				ch.Queries = []Query{*ch.Query}
				ch.Query = nil
			}
			if len(ch.Queries) == 0 {
				l.KeyErrorf(diag.InvalidValue, f, ck+".query", "is missing; every chart needs a query")
			}
			checkChartLimits(f, ck, ch, l)
			for k := range ch.Queries {
				q := &ch.Queries[k]
				qk := ck + ".query"
				if len(ch.Queries) > 1 {
					qk = fmt.Sprintf("%s.queries[%d]", ck, k)
				}
				if q.Dataset == "" {
					l.KeyErrorf(diag.InvalidValue, f, qk+".dataset", "is empty; name a dataset (figures, recognitions, or a name from data.figures)")
				}
				if q.Value == "" {
					q.Value = "value"
				}
				if q.Value != "value" && q.Value != "count" && q.Value != "each" {
					l.KeyErrorf(diag.InvalidValue, f, qk+".value", "%q is not value, count or each", q.Value)
				}
				if q.Share != "" && q.Share != "parent" && q.Share != "population" {
					l.KeyErrorf(diag.InvalidValue, f, qk+".share", "%q is not parent or population", q.Share)
				}
				if q.Sort == "" {
					q.Sort = "none"
				}
				if q.Sort != "none" && q.Sort != "value" && q.Sort != "label" {
					l.KeyErrorf(diag.InvalidValue, f, qk+".sort", "%q is not none, value or label", q.Sort)
				}
				for col, want := range q.Filter {
					if _, err := FilterValues(want); err != nil {
						l.KeyErrorf(diag.InvalidValue, f, qk+".filter."+col, "%v", err)
					}
				}
			}
		}
	}
}

// FilterValues turns a filter's YAML value (a string or a list of strings)
// into the list of accepted values.
func FilterValues(v any) ([]string, error) {
	switch x := v.(type) {
	case string:
		return []string{x}, nil
	case nil:
		return []string{""}, nil
	case int, int64, float64, bool:
		return []string{fmt.Sprint(x)}, nil
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, err := FilterValues(e)
			if err != nil || len(s) != 1 {
				return nil, fmt.Errorf("a list of filter values may hold only plain values")
			}
			out = append(out, s[0])
		}
		return out, nil
	default:
		return nil, fmt.Errorf("must be a value or a list of values")
	}
}

// ResolvedOutput is the output folder relative to the working directory.
func (c *Config) ResolvedOutput() string { return c.resolve(c.Output) }

// ResolvedExports is the exports folder relative to the working directory.
func (c *Config) ResolvedExports() string { return c.resolve(c.Exports) }

// ResolvedDataDir is the data folder relative to the working directory.
func (c *Config) ResolvedDataDir() string { return c.resolve(c.Data.Dir) }

func (c *Config) resolve(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// Translation is a language's version of the project's texts:
// <data dir>/translations/<lang>.yaml. Anything it leaves out shows in the
// language of config.yaml.
type Translation struct {
	Path       string                       `mapstructure:"-"`
	Site       Site                         `mapstructure:"site"`
	Labels     map[string]map[string]string `mapstructure:"labels"`
	Dashboards map[string]struct {
		Title       string `mapstructure:"title"`
		Description string `mapstructure:"description"`
		Charts      map[string]struct {
			Title  string   `mapstructure:"title"`
			Note   string   `mapstructure:"note"`
			Series []string `mapstructure:"series"`
		} `mapstructure:"charts"`
	} `mapstructure:"dashboards"`
	// Events are the events' texts: the words after the population
	// (population_label in events.csv).
	Events map[string]struct {
		PopulationLabel string `mapstructure:"population_label"`
	} `mapstructure:"events"`
	// Interface overrides dashgen's own words (keys of locales/en.yaml).
	Interface map[string]string `mapstructure:"interface"`
}

// TranslationPath is where the translation of lang is read from.
func (c *Config) TranslationPath(lang string) string {
	return filepath.Join(c.ResolvedDataDir(), "translations", lang+".yaml")
}

// LoadTranslation reads the translation of lang; nil, nil when the project
// has none. Errors name the file and the key.
func (c *Config) LoadTranslation(lang string) (*Translation, error) {
	path := c.TranslationPath(lang)
	shown := filepath.ToSlash(path)
	l := &diag.List{}
	raw, err := readFile(path, shown, "translation", l)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, l.Err()
	}
	if !checkShape(shown, raw, l) {
		return nil, l.Err()
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(strings.NewReader(string(raw))); err != nil {
		l.Add(yamlError(shown, raw, err))
		return nil, l.Err()
	}
	checkUnknownKeys(shown, v.AllSettings(), reflect.TypeOf(Translation{}), "", l)
	var t Translation
	if err := v.Unmarshal(&t, decoding(false)); err != nil {
		for _, msg := range decodeErrors(err) {
			l.KeyErrorf(diag.TypeError, shown, msg.key, "%s", msg.text)
		}
	}
	CheckInterface(shown, "interface", t.Interface, l)
	for _, kind := range slices.Sorted(maps.Keys(t.Labels)) {
		checkLabelKind(shown, kind, l)
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	t.Path = shown
	return &t, nil
}

// Vocabulary values.
const (
	VocabularyDefaults = "defaults" // dashgen's default values and the project's
	VocabularyOwn      = "own"      // only the project's values
)

// labelKinds are the kinds labels: may have: the vocabularies, dashgen's
// built-in ones, source (a source's short label; sources.csv's label
// column is the usual place) and attributed_to (the words of a figure's
// attributed_to cell in another language, the cell being the key).
func labelKinds() []string {
	return append(append(slices.Clone(i18n.DeclaredKinds), i18n.BuiltinKinds...), "source", "attributed_to")
}

// validateVocabularies checks labels: and vocabularies:.
// validateRelease checks the release's version (MAJOR.MINOR.PATCH, with
// an optional pre-release) and date (YYYY-MM-DD): both or neither.
func (c *Config) validateRelease(l *diag.List) {
	f, r := c.Path, c.Release
	if r.Version == "" && r.Date == "" {
		return
	}
	switch {
	case r.Version == "":
		l.KeyErrorf(diag.InvalidValue, f, "release.version", "is empty; a release states its version, such as 1.0.0, beside its date")
	case !release.Valid(r.Version):
		l.KeyErrorf(diag.InvalidValue, f, "release.version", "%q is not a version MAJOR.MINOR.PATCH such as 1.0.0 (PATCH corrects data, MINOR adds data, MAJOR changes what the data means)", r.Version)
	}
	switch {
	case r.Date == "":
		l.KeyErrorf(diag.InvalidValue, f, "release.date", "is empty; a release states the date it was published, such as 2026-11-29 (YYYY-MM-DD)")
	default:
		if _, err := time.Parse(time.DateOnly, r.Date); err != nil {
			l.KeyErrorf(diag.InvalidValue, f, "release.date", "%q is not a date YYYY-MM-DD such as 2026-11-29", r.Date)
		}
	}
}

func (c *Config) validateVocabularies(l *diag.List) {
	f := c.Path
	for _, kind := range slices.Sorted(maps.Keys(c.Labels)) {
		key := "labels." + kind
		if !checkLabelKind(f, kind, l) {
			continue
		}
		for _, id := range slices.Sorted(maps.Keys(c.Labels[kind])) {
			word := c.Labels[kind][id]
			switch {
			case slices.Contains(i18n.BuiltinKinds, kind):
				if known := i18n.Defaults(kind); !slices.Contains(known, id) {
					l.KeyErrorf(diag.Vocabulary, f, key+"."+id, "unknown %s %q; %ss are dashgen's own, and only their labels can change: %s", kind, id, kind, strings.Join(known, ", "))
				}
			case strings.TrimSpace(word) == "" && kind != "source":
				l.KeyErrorf(diag.InvalidValue, f, key+"."+id, "is empty; the label is the words pages show for %q", id)
			case strings.TrimSpace(id) == "" || strings.Contains(id, ";"):
				l.KeyErrorf(diag.InvalidValue, f, key+"."+id, "%q cannot be a value: write it without semicolons, as the data writes it", id)
			}
		}
	}
	for _, kind := range slices.Sorted(maps.Keys(c.Vocabularies)) {
		key := "vocabularies." + kind
		if !slices.Contains(i18n.DeclaredKinds, kind) {
			msg := fmt.Sprintf("unknown vocabulary %q", kind)
			if s := diag.Suggest(kind, i18n.DeclaredKinds); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			l.KeyErrorf(diag.UnknownKey, f, key, "%s; the vocabularies are %s", msg, strings.Join(i18n.DeclaredKinds, ", "))
			continue
		}
		switch v := c.Vocabularies[kind]; v {
		case VocabularyDefaults:
		case VocabularyOwn:
			if len(c.Labels[kind]) == 0 {
				l.KeyErrorf(diag.InvalidValue, f, key, "is own, but labels.%s declares no values, so the data could use none; declare them there (one line each, value: label)", kind)
			}
		default:
			l.KeyErrorf(diag.InvalidValue, f, key, "%q is not defaults (dashgen's values and the project's) or own (only the project's, declared under labels.%s)", v, kind)
		}
	}
}

// checkLabelKind reports a kind under labels: that labels cannot have.
func checkLabelKind(file, kind string, l *diag.List) bool {
	kinds := labelKinds()
	if slices.Contains(kinds, kind) {
		return true
	}
	msg := fmt.Sprintf("unknown key %q", kind)
	if s := diag.Suggest(kind, kinds); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else {
		msg += fmt.Sprintf(" (known here: %s)", strings.Join(kinds, ", "))
	}
	l.KeyErrorf(diag.UnknownKey, file, "labels."+kind, "%s", msg)
	return false
}

// Vocabulary returns the values the data may use for a vocabulary kind:
// dashgen's defaults in their order (unless vocabularies.<kind> is own),
// then the project's own, declared under labels.<kind>, sorted.
func (c *Config) Vocabulary(kind string) []string {
	var out []string
	if c.Vocabularies[kind] != VocabularyOwn {
		out = i18n.Defaults(kind)
	}
	for _, id := range slices.Sorted(maps.Keys(c.Labels[kind])) {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// CheckInterface checks a mapping of interface strings (interface: in
// config.yaml or a translation) at key of file: every key must be one of
// dashgen's, and every value keep its placeholders.
func CheckInterface(file, key string, words map[string]string, l *diag.List) {
	for _, k := range slices.Sorted(maps.Keys(words)) {
		if !i18n.Has(k) {
			msg := fmt.Sprintf("unknown interface string %q", k)
			if s := diag.Suggest(k, i18n.Keys()); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			l.KeyErrorf(diag.UnknownKey, file, key+"."+k, "%s; the keys are those of strings: in internal/i18n/locales/en.yaml", msg)
			continue
		}
		if err := i18n.CheckOverride(k, words[k]); err != nil {
			l.KeyErrorf(diag.InvalidValue, file, key+"."+k, "%v", err)
		}
	}
}

// Label returns the label config.yaml gives the id in a vocabulary, and
// false when there is none.
func (c *Config) Label(vocabulary, id string) (string, bool) {
	s, ok := c.Labels[vocabulary][strings.ToLower(id)]
	return s, ok && s != ""
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// yamlError turns a YAML parse error into a diagnostic with its line.
func yamlError(file string, raw []byte, err error) diag.Diagnostic {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "While parsing config: ")
	msg = strings.TrimPrefix(msg, "yaml: ")
	d := diag.Diagnostic{File: file, Code: diag.YAMLSyntax, Message: "the file is not valid YAML: " + msg}
	if strings.Contains(msg, "tab character") || strings.Contains(msg, "cannot start any token") {
		// The reader names a line near the tab (often the line before),
		// and no column: find the tab in the indentation from there.
		from, to := 1, 0
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			from, _ = strconv.Atoi(m[1])
		}
		if !strings.Contains(msg, "tab character") {
			to = from // the character that cannot start a token is on that line
		}
		if line, col, ok := indentTab(raw, from, to); ok {
			d.Line, d.Column = line, col
			d.Message = "the file is not valid YAML: found a tab character in the indentation; YAML indents with spaces only, so replace the tab with spaces"
			return d
		}
	}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		d.Line, _ = strconv.Atoi(m[1])
		d.Message = "the file is not valid YAML: " + strings.TrimSpace(yamlLine.ReplaceAllString(strings.TrimPrefix(msg, m[0]+":"), "line $1"))
		return d
	}
	// The YAML reader names no line for bytes it refuses before parsing
	// (control characters, bytes that are not UTF-8): find the first one.
	d.Line, d.Column = 1, 1
	for i, r := range string(raw) {
		if r == utf8.RuneError || (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			d.Line = 1 + strings.Count(string(raw[:i]), "\n")
			d.Column = utf8.RuneCountInString(string(raw[strings.LastIndexByte(string(raw[:i]), '\n')+1:i])) + 1
			break
		}
	}
	return d
}

// indentTab finds the first tab in the indentation of a line, from line
// from to line to (to the end when to is 0): among the spaces that start the line, or after a "- " that
// starts a list item. It returns its line and column (in characters).
func indentTab(raw []byte, from, to int) (line, col int, ok bool) {
	for i, text := range strings.Split(string(raw), "\n") {
		if i+1 < from {
			continue
		}
		if to > 0 && i+1 > to {
			break
		}
	indent:
		for j := 0; j < len(text); j++ {
			switch c := text[j]; {
			case c == '\t':
				return i + 1, j + 1, true
			case c == ' ', c == '-' && j+1 < len(text) && (text[j+1] == ' ' || text[j+1] == '\t'):
			default:
				break indent
			}
		}
	}
	return 0, 0, false
}

type keyMsg struct{ key, text string }

// decoding is how config files are decoded: viper's hooks, then
// shapeHook, so that a list or a mapping in the wrong place is a typed
// error too; strict says values are not converted between types.
func decoding(strict bool) viper.DecoderConfigOption {
	return func(dc *mapstructure.DecoderConfig) {
		dc.DecodeHook = mapstructure.ComposeDecodeHookFunc(dc.DecodeHook, dateHook, shapeHook)
		if strict {
			dc.WeaklyTypedInput = false
		}
	}
}

// dateHook gives back a date as it was written where the file wrote an
// unquoted date (YAML reads 2026-11-29 as a time) and text is expected,
// so that a release date needs no quotes.
func dateHook(from, to reflect.Value) (any, error) {
	if t, ok := from.Interface().(time.Time); ok && to.Kind() == reflect.String {
		if t.Equal(t.Truncate(24 * time.Hour)) {
			return t.Format(time.DateOnly), nil
		}
		return t.Format(time.RFC3339), nil
	}
	return from.Interface(), nil
}

// shapeHook refuses a value that is not a mapping where one is expected,
// and a mapping where a list is, with mapstructure's own typed error
// (which it gives in words only, for those two).
func shapeHook(from, to reflect.Value) (any, error) {
	want := to.Type()
	for want.Kind() == reflect.Pointer {
		want = want.Elem()
	}
	isMap := from.Kind() == reflect.Map
	switch want.Kind() {
	case reflect.Struct, reflect.Map:
		if !isMap {
			return nil, &mapstructure.UnconvertibleTypeError{Expected: to, Value: from.Interface()}
		}
	case reflect.Slice, reflect.Array:
		if isMap {
			return nil, &mapstructure.UnconvertibleTypeError{Expected: to, Value: from.Interface()}
		}
	}
	return from.Interface(), nil
}

// decodeErrors turns mapstructure's error into one message per key, by the
// types of its errors: a *mapstructure.DecodeError names the key, and the
// error it wraps says what was expected and what was found.
func decodeErrors(err error) []keyMsg {
	var out []keyMsg
	var walk func(error)
	walk = func(err error) {
		var de *mapstructure.DecodeError
		switch e := err.(type) {
		case interface{ Unwrap() []error }:
			for _, inner := range e.Unwrap() {
				walk(inner)
			}
			return
		case *mapstructure.DecodeError:
			de = e
		default:
			if inner := errors.Unwrap(err); inner != nil {
				walk(inner)
				return
			}
			out = append(out, keyMsg{"", err.Error()})
			return
		}
		out = append(out, keyMsg{de.Name(), decodeMessage(de.Unwrap())})
	}
	walk(err)
	if len(out) == 0 {
		out = append(out, keyMsg{"", err.Error()})
	}
	return out
}

// decodeMessage says, in the words of a YAML file, what a key holds and
// what it should.
func decodeMessage(err error) string {
	var ute *mapstructure.UnconvertibleTypeError
	var pe *mapstructure.ParseError
	switch {
	case errors.As(err, &ute):
		return "has the wrong type: expected " + typeWords(ute.Expected.Type()) + ", got " + valueWords(ute.Value)
	case errors.As(err, &pe):
		return "has the wrong type: expected " + typeWords(pe.Expected.Type()) + ", got " + valueWords(pe.Value)
	}
	return err.Error()
}

// typeWords names a Go type as YAML holds it.
func typeWords(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping (key: value lines)"
	}
	return t.String()
}

// valueWords names the kind of a value read from YAML.
func valueWords(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case string:
		return "text"
	case bool:
		return "true or false"
	case int, int64, uint64, float64:
		return "a number"
	case []any:
		return "a list"
	case map[string]any, map[any]any:
		return "a mapping"
	}
	return reflect.TypeOf(v).String()
}

// checkUnknownKeys walks the settings against the Config struct and reports
// every key the struct does not have, with a "did you mean" when close.
func checkUnknownKeys(file string, settings map[string]any, t reflect.Type, prefix string, l *diag.List) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return
	}
	fields := map[string]reflect.Type{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("mapstructure")
		if tag == "" || tag == "-" {
			continue
		}
		fields[tag] = t.Field(i).Type
		names = append(names, tag)
	}
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := k
		if strings.TrimSpace(k) == "" {
			name = strconv.Quote(k) // an empty key still needs a visible path
		}
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		ft, ok := fields[k]
		if !ok {
			msg := diag.Sprintf("unknown key %q", k)
			if s := diag.Suggest(k, names); s != "" {
				msg += diag.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += fmt.Sprintf(" (known here: %s)", strings.Join(names, ", "))
			}
			l.KeyErrorf(diag.UnknownKey, file, path, "%s", msg)
			continue
		}
		walkValue(file, settings[k], ft, path, l)
	}
}

func walkValue(file string, v any, t reflect.Type, path string, l *diag.List) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if m, ok := v.(map[string]any); ok {
			checkUnknownKeys(file, m, t, path, l)
		}
	case reflect.Slice:
		if list, ok := v.([]any); ok {
			for i, e := range list {
				walkValue(file, e, t.Elem(), fmt.Sprintf("%s[%d]", path, i), l)
			}
		}
	}
}

// checkChartLimits checks a chart's top, max_categories and max_rows: whole
// numbers from 1 to their ceilings (the type of a value is checked when
// the file is decoded).
func checkChartLimits(f, ck string, ch *Chart, l *diag.List) {
	if ch.Top != nil && *ch.Top < 1 {
		l.KeyErrorf(diag.InvalidValue, f, ck+".top", "is %d; top keeps the N largest groups, so it must be 1 or more", *ch.Top)
	}
	if ch.Top != nil && *ch.Top > MaxCategoriesCeiling-1 {
		l.KeyErrorf(diag.InvalidValue, f, ck+".top", "is %d; a chart draws at most %d categories, so top may be at most %d", *ch.Top, MaxCategoriesCeiling, MaxCategoriesCeiling-1)
	}
	if m := ch.MaxCategories; m != nil && (*m < 1 || *m > MaxCategoriesCeiling) {
		l.KeyErrorf(diag.InvalidValue, f, ck+".max_categories", "is %d; it must be from 1 to %d (more categories than that make a page no one can read or load)", *m, MaxCategoriesCeiling)
	}
	if m := ch.MaxRows; m != nil && (*m < 1 || *m > MaxRowsCeiling) {
		l.KeyErrorf(diag.InvalidValue, f, ck+".max_rows", "is %d; it must be from 1 to %d (every row is in the table's data download whatever the limit)", *m, MaxRowsCeiling)
	}
}
