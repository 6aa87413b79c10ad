package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diff"
	"github.com/dashgen/dashgen/internal/i18n"
	"github.com/dashgen/dashgen/internal/output"
)

// The data package: output/datapackage.json, a Frictionless Data Package
// (v2) describing a copy of every input CSV under output/package/, each
// with its size, its SHA-256 and a Table Schema derived from the file's
// schema table in internal/dataset. A later dashgen (diff) or anyone's
// Frictionless tool reads a release's data back through it.

const (
	// PackageFile is the data package's descriptor, at the output's root.
	PackageFile = "datapackage.json"
	// PackageDir is the folder of the copies of the input CSVs: apart from
	// data/, where each chart's own download is.
	PackageDir = "package/"
	// packageProfile is the Data Package v2 profile the descriptor follows.
	packageProfile = "https://datapackage.org/profiles/2.0/datapackage.json"
)

// DataPackage is a Frictionless Data Package v2 descriptor, with the
// members dashgen writes, in the order it writes them.
type DataPackage struct {
	Schema       string               `json:"$schema"`
	Name         string               `json:"name"`
	Title        string               `json:"title"`
	Description  string               `json:"description,omitempty"`
	Homepage     string               `json:"homepage,omitempty"`
	Version      string               `json:"version,omitempty"`
	Created      string               `json:"created,omitempty"`
	Licenses     []PackageLicense     `json:"licenses,omitempty"`
	Contributors []PackageContributor `json:"contributors,omitempty"`
	Sources      []PackageSource      `json:"sources,omitempty"`
	Resources    []PackageResource    `json:"resources"`
	// Dashgen is what a later dashgen (diff, build --previous) needs to
	// load the copies again as this build did: a property of dashgen's
	// own, which Frictionless tools leave alone.
	Dashgen *diff.Marker `json:"dashgen,omitempty"`
}

// PackageLicense is a licence of the package.
type PackageLicense struct {
	Name  string `json:"name,omitempty"`
	Path  string `json:"path,omitempty"`
	Title string `json:"title,omitempty"`
}

// PackageContributor is one who made the data (site.contributors).
type PackageContributor struct {
	Title        string   `json:"title"`
	Roles        []string `json:"roles,omitempty"`
	Email        string   `json:"email,omitempty"`
	Path         string   `json:"path,omitempty"`
	Organization string   `json:"organization,omitempty"`
}

// PackageSource is one source of the data (a row of sources.csv).
type PackageSource struct {
	Title string `json:"title"`
	Path  string `json:"path,omitempty"`
}

// PackageResource is one copied CSV file.
type PackageResource struct {
	Name      string      `json:"name"`
	Type      string      `json:"type,omitempty"`
	Path      string      `json:"path"`
	Format    string      `json:"format"`
	MediaType string      `json:"mediatype"`
	Encoding  string      `json:"encoding"`
	Bytes     int         `json:"bytes"`
	Hash      string      `json:"hash"`
	Schema    TableSchema `json:"schema,omitzero"`
}

// TableSchema is a Table Schema (v2) of one file.
type TableSchema struct {
	Fields      []SchemaField `json:"fields"`
	PrimaryKey  []string      `json:"primaryKey,omitempty"`
	ForeignKeys []ForeignKey  `json:"foreignKeys,omitempty"`
}

// SchemaField is one column of a file.
type SchemaField struct {
	Name        string            `json:"name"`
	Type        string            `json:"type"`
	Description string            `json:"description,omitempty"`
	Delimiter   string            `json:"delimiter,omitempty"`
	ItemType    string            `json:"itemType,omitempty"`
	Constraints *FieldConstraints `json:"constraints,omitempty"`
}

// FieldConstraints are a field's constraints.
type FieldConstraints struct {
	Required bool     `json:"required,omitempty"`
	Unique   bool     `json:"unique,omitempty"`
	Minimum  *int64   `json:"minimum,omitempty"`
	Maximum  *int64   `json:"maximum,omitempty"`
	Pattern  string   `json:"pattern,omitempty"`
	Enum     []string `json:"enum,omitempty"`
}

// ForeignKey says that a field's values are ids of another resource.
type ForeignKey struct {
	Fields    []string     `json:"fields"`
	Reference ForeignTable `json:"reference"`
}

// ForeignTable is the resource and field a foreign key names; an empty
// resource is the same one.
type ForeignTable struct {
	Resource string   `json:"resource"`
	Fields   []string `json:"fields"`
}

// datePattern is a whole or partial date, as dataset.CheckDate reads it
// (the calendar is its to check): a Table Schema date is a whole one.
const datePattern = `[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?`

// dataPackage makes the data package of a build: the descriptor and the
// copies of the input files (the files of data.Tables, each once).
func dataPackage(cfg *config.Config, data *dataset.Data) (*DataPackage, []output.File) {
	p := &DataPackage{
		Schema: packageProfile, Name: packageName(cfg.Site.Title), Title: cfg.Site.Title,
		Description: cfg.Site.Description, Homepage: cfg.BaseURL, Version: cfg.Release.Version,
	}
	if cfg.Release.Date != "" {
		// The profile's created is a date and time (RFC 3339): the start of
		// the release's day, no clock.
		p.Created = cfg.Release.Date + "T00:00:00Z"
	}
	if lic := cfg.Site.License; lic != (config.License{}) {
		p.Licenses = []PackageLicense{{Name: lic.Name, Path: lic.Path, Title: lic.Title}}
	}
	for _, c := range cfg.Site.Contributors {
		p.Contributors = append(p.Contributors, PackageContributor(c))
	}
	for _, s := range data.Sources {
		ps := PackageSource{Title: s.Title}
		if dataset.IsWebURL(s.URL) {
			ps.Path = s.URL
		}
		p.Sources = append(p.Sources, ps)
	}
	names := map[string]string{} // file → resource name
	for _, f := range cfg.Data.Figures {
		if _, ok := names[f.File]; !ok {
			names[f.File] = f.Name
		}
	}
	p.Dashgen = &diff.Marker{Vocabularies: map[string][]string{}}
	for _, f := range cfg.Data.Figures {
		p.Dashgen.Figures = append(p.Dashgen.Figures, diff.MarkerFigures{Name: f.Name, Path: PackageDir + filepath.ToSlash(f.File)})
	}
	for _, kind := range i18n.DeclaredKinds {
		p.Dashgen.Vocabularies[kind] = cfg.Vocabulary(kind)
	}
	tables := dedupe(data.Tables) // a file listed twice is copied once
	taken := map[string]bool{}
	resourceOf := map[string]string{} // record kind (source, event) → resource name
	var files []output.File
	for _, t := range tables {
		name := names[t.Name]
		if name == "" {
			name = strings.TrimSuffix(path.Base(filepath.ToSlash(t.Name)), path.Ext(t.Name))
		}
		for base, i := name, 2; taken[name]; i++ {
			name = base + "-" + strconv.Itoa(i)
		}
		taken[name] = true
		switch t.Name {
		case dataset.SourcesFile:
			resourceOf["source"] = name
		case dataset.EventsFile:
			resourceOf["event"] = name
		}
		b := data.Inputs[t.Name]
		sum := sha256.Sum256(b)
		rel := PackageDir + filepath.ToSlash(t.Name)
		files = append(files, output.File{Path: rel, Data: b})
		p.Resources = append(p.Resources, PackageResource{
			Name: name, Type: "table", Path: rel, Format: "csv", MediaType: "text/csv", Encoding: "utf-8",
			Bytes: len(b), Hash: "sha256:" + hex.EncodeToString(sum[:]),
		})
	}
	// The schemas once every resource has its name: a foreign key names
	// the resource of the file it leads to.
	for i, t := range tables {
		p.Resources[i].Schema = tableSchema(t, resourceOf, datasetsOf(cfg, t.Name), data)
	}
	return p, files
}

// datasetsOf are the names config.yaml gives the figures file name.
func datasetsOf(cfg *config.Config, name string) map[string]bool {
	out := map[string]bool{}
	for _, f := range cfg.Data.Figures {
		if f.File == name {
			out[f.Name] = true
		}
	}
	return out
}

// dedupe is the tables, each file once, in order.
func dedupe(tables []dataset.Table) []dataset.Table {
	seen := map[string]bool{}
	var out []dataset.Table
	for _, t := range tables {
		if !seen[t.Name] {
			seen[t.Name] = true
			out = append(out, t)
		}
	}
	return out
}

// tableSchema is the Table Schema of one file, from its columns as the
// schema table declares them.
func tableSchema(t dataset.Table, resourceOf map[string]string, datasets map[string]bool, data *dataset.Data) TableSchema {
	var s TableSchema
	for _, c := range t.Columns {
		f := SchemaField{Name: c.Name, Type: "string"}
		var k FieldConstraints
		k.Required = c.Required
		switch c.Type {
		case dataset.CellID:
			k.Unique = true
			s.PrimaryKey = []string{c.Name}
			f.Description = "The record's id."
		case dataset.CellRef:
			f.Description = "The id of a record of " + refWords(c.Ref) + "."
			if res := refResource(c.Ref, resourceOf, datasets, data); res != nil {
				s.ForeignKeys = append(s.ForeignKeys, ForeignKey{Fields: []string{c.Name}, Reference: *res})
			}
		case dataset.CellList:
			f.Type, f.Delimiter, f.ItemType = "list", ";", "string"
			f.Description = "Ids of records of " + refWords(c.Ref) + ", separated by semicolons."
		case dataset.CellInteger:
			f.Type = "integer"
			lo, hi := int64(0), int64(dataset.MaxValue)
			k.Minimum, k.Maximum = &lo, &hi
			f.Description = "A count; empty when not reported."
		case dataset.CellDate:
			k.Pattern = datePattern
			f.Description = "A date, whole or partial: YYYY, YYYY-MM or YYYY-MM-DD."
		case dataset.CellURL:
			f.Description = "A web address, or where the document is kept."
		case dataset.CellVocab:
			k.Enum = c.Values
			f.Description = vocabWords(c)
		case dataset.CellVocabList:
			f.Type, f.Delimiter, f.ItemType = "list", ";", "string"
			f.Description = vocabWords(c) + " Several are separated by semicolons: " + strings.Join(c.Values, ", ") + "."
		}
		if k.Required || k.Unique || k.Minimum != nil || k.Pattern != "" || k.Enum != nil {
			f.Constraints = &k
		}
		s.Fields = append(s.Fields, f)
	}
	return s
}

// refResource is what a reference column's foreign key names: the file of
// sources or events, or, for a figure's parent, its own file when every
// parent it names is in it (a parent in another figures file is allowed,
// and a foreign key names one resource); nil when none holds.
func refResource(kind string, resourceOf map[string]string, datasets map[string]bool, data *dataset.Data) *ForeignTable {
	if kind != "figure" {
		if res, ok := resourceOf[kind]; ok {
			return &ForeignTable{Resource: res, Fields: []string{"id"}}
		}
		return nil
	}
	for _, f := range data.Figures {
		if f.Parent != "" && datasets[f.Dataset] {
			if p := data.Figure(f.Parent); p == nil || !datasets[p.Dataset] {
				return nil
			}
		}
	}
	return &ForeignTable{Resource: "", Fields: []string{"id"}}
}

func refWords(kind string) string {
	switch kind {
	case "source":
		return "sources.csv"
	case "event":
		return "events.csv"
	case "figure":
		return "a figures file"
	}
	return kind
}

// vocabWords says where a vocabulary column's values come from.
func vocabWords(c dataset.Column) string {
	if c.Vocabulary == "" {
		return "One of dashgen's values."
	}
	return "A value of the project's " + c.Vocabulary + " vocabulary (labels in config.yaml)."
}

// packageName is the package's name: the title in lower case, each run
// of other characters than letters and digits a hyphen ("Town A, 1-2 May
// 2001" gives "town-a-1-2-may-2001"). The profiles want a name of ASCII
// letters, digits and hyphens (v1's pattern ^([-a-z0-9._/])+$, a SHOULD
// in v2, checked by Frictionless tools), so a letter loses its accents
// ("Şəhər" gives "shr": NFD, marks dropped) and a letter beyond ASCII is
// left out; "data" when nothing is left.
func packageName(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(title)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "data"
	}
	return b.String()
}

// packageFile is the descriptor as written: indented JSON and a newline.
func packageFile(p *DataPackage) (output.File, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return output.File{}, err
	}
	return output.File{Path: PackageFile, Data: append(b, '\n')}, nil
}
