// Package dataset loads the CSV files of a project into typed records and
// enforces the rules that make the figures trustworthy: known vocabularies,
// valid dates and counts, resolved references, subsets within their parents.
// Every problem is reported with the true file:line:column of the cell.
package dataset

import (
	"io/fs"
	"sync"

	"github.com/dashgen/dashgen/internal/i18n"
	"github.com/dashgen/dashgen/internal/idindex"
)

// Place is where a record was read: its file and the line its row starts on.
type Place struct {
	File string
	Line int
}

// Source is a document that figures and recognitions cite.
type Source struct {
	Place
	ID, Title, Publisher, Kind, Published, URL, Accessed, Note string
	// Label is the short name the source is cited by; empty when
	// sources.csv gives none.
	Label string
	// ArchiveURL is an archived copy of the page at URL, Archived the date
	// of that copy; both empty when sources.csv gives none.
	ArchiveURL, Archived string
}

// Field returns the cell of column col as its typed fields give it back
// (trimmed); "" for a name that is not a column.
func (s *Source) Field(col string) string { return sourceSchema.field(s, nil, col) }

// FieldAt is Field of the column of index i in SourceColumns.
func (s *Source) FieldAt(i int) string { return sourceSchema.fieldAt(s, nil, i) }

// Event is the event the figures are about.
type Event struct {
	Place
	ID, Name, Location, Start, End string
	// Population before the event; nil when not reported.
	Population       *int64
	PopulationSource []string
	Note             string
	// PopulationLabel is the words after the population in a share
	// ("inhabitants before the conflict"); empty for dashgen's neutral
	// wording.
	PopulationLabel string
}

// Field returns the cell of column col as its typed fields give it back
// (trimmed; a population as digits); "" for a name that is not a column.
func (e *Event) Field(col string) string { return eventSchema.field(e, nil, col) }

// FieldAt is Field of the column of index i in EventColumns.
func (e *Event) FieldAt(i int) string { return eventSchema.fieldAt(e, nil, i) }

// Figure is one number as one source states it.
type Figure struct {
	Place
	// Dataset is the name config.yaml gives the file the figure came from.
	Dataset                     string
	ID, Event, Measure, Group   string
	Parent, Breakdown           string
	Value                       *int64 // nil when not reported (unknown, or a range only)
	Qualifier                   string
	Min, Max                    *int64 // set only for qualifier range
	Unit, AsOf                  string
	Sources                     []string
	AttributedTo, Wording, Note string
	// text holds the cells as written when the typed fields do not give
	// them back (a count written 0613, an empty unit, a space after a
	// semicolon…), by column of figureSchema.
	text []string
	// statedBy is Data.StatedBy's count when more than one origin states
	// the figure, once worked out; 0 otherwise.
	statedBy int32
}

// Field returns the cell of column col as written (trimmed); "" for a
// column the file does not have or a name that is not a column.
func (f *Figure) Field(col string) string { return figureSchema.field(f, f.text, col) }

// FieldAt is Field of the column of index i in FigureColumns, with no
// look-up by name.
func (f *Figure) FieldAt(i int) string { return figureSchema.fieldAt(f, f.text, i) }

// Recognition is one body's recognition or condemnation of the event.
type Recognition struct {
	Place
	ID, Event, Jurisdiction, Country, Level, Body, Instrument, Date string
	// Code is the jurisdiction's ISO 3166 code (MX, US-TX, GB-SCT); empty
	// for a body no code names (an intergovernmental organisation).
	Code            string
	Terms           []string
	Wording, Status string
	Sources         []string
	Note            string
	// text holds the cells as written when the typed fields do not give
	// them back, by column of recognitionSchema.
	text []string
}

// Field returns the cell of column col as written (trimmed); "" for a
// column the file does not have or a name that is not a column.
func (r *Recognition) Field(col string) string { return recognitionSchema.field(r, r.text, col) }

// FieldAt is Field of the column of index i in RecognitionColumns.
func (r *Recognition) FieldAt(i int) string { return recognitionSchema.fieldAt(r, r.text, i) }

// Correction is one entry of the corrections log (corrections.csv): what
// changed in a release of the data, and why.
type Correction struct {
	Place
	// Version is the release the change is in (a Semantic Version), Date
	// the day it was released (YYYY-MM-DD).
	Version, Date string
	// IDs are the figures, recognitions, events or sources concerned.
	IDs []string
	// Change is one of Changes: added, corrected, removed, method.
	Change string
	// Reason says why, in words.
	Reason string
	// Sources are the sources of the new information.
	Sources []string
}

// Field returns the cell of column col as written (trimmed); "" for a
// column the file does not have or a name that is not a column.
func (c *Correction) Field(col string) string { return correctionSchema.field(c, nil, col) }

// Data is everything a project's files hold, checked.
type Data struct {
	Sources      []*Source
	Events       []*Event
	Figures      []*Figure // in file order, files in config order
	Recognitions []*Recognition
	// Corrections are the entries of the corrections log, in file order
	// (oldest version first); none when the project has no log.
	Corrections []*Correction
	// Inputs are the bytes of every file read, by file name within the
	// data folder, for the build manifest's hashes. The records' text shares
	// this memory: the bytes must not be modified.
	Inputs map[string][]byte
	// Tables describe the files read, in the order they were read, from
	// their schema tables (for the data package).
	Tables []Table

	// corroboration works out StatedBy's counts once.
	corroboration sync.Once
	// recognitionIndex makes recognitionByID once, on first use.
	recognitionIndex sync.Once
	recognitionByID  map[string]*Recognition

	sourceByID map[string]*Source
	eventByID  map[string]*Event
	figureByID *idindex.Index[Figure]
}

// Source returns the source with the id, or nil.
func (d *Data) Source(id string) *Source { return d.sourceByID[id] }

// Recognition returns the recognition with the id, or nil. Its index is
// made on first use: most builds never look one up by id.
func (d *Data) Recognition(id string) *Recognition {
	d.recognitionIndex.Do(func() {
		d.recognitionByID = make(map[string]*Recognition, len(d.Recognitions))
		for _, r := range d.Recognitions {
			d.recognitionByID[r.ID] = r
		}
	})
	return d.recognitionByID[id]
}

// Event returns the event with the id, or nil.
func (d *Data) Event(id string) *Event { return d.eventByID[id] }

// Figure returns the figure with the id, or nil.
func (d *Data) Figure(id string) *Figure { return d.figureByID.Get(id) }

// FigureFile names one figures file: Name is how charts refer to it.
type FigureFile struct {
	Name string
	File string
	// Key is the config key that names the file (data.figures[0].file),
	// for the message when it does not exist.
	Key string
}

// Spec says where a project's files are.
type Spec struct {
	// Dir is the folder to read, as the operating system finds it.
	Dir string
	// FS, when set, is read instead of Dir (tests and fuzzing).
	FS fs.FS
	// Shown is how Dir is written in messages ("data").
	Shown string
	// Figures are the figures files, in order.
	Figures []FigureFile
	// Limits bound the size of files and cells; zero fields are defaults.
	Limits Limits
	// Reading, when set, is called with each file's name as messages show
	// it, as its reading starts (dashgen's --progress).
	Reading func(shown string)
	// NeedRecognitions is the config key of a query that reads
	// recognitions.csv (dashboards[3].charts[0].query.dataset); when
	// empty, the file is read only if it exists.
	NeedRecognitions string
	// Vocabulary gives the values each vocabulary kind (measure, group,
	// unit, level, term, kind, status) may take; a kind it lacks takes
	// dashgen's defaults (i18n.Defaults).
	Vocabulary map[string][]string
	// Release is the version the project states (config's release.version),
	// "" for none; the corrections log may name no newer version.
	Release string
	// ReleaseDate is the date the project states for it (release.date).
	ReleaseDate string
	// ReleaseFrom is how messages name where the release is stated
	// ("config.yaml").
	ReleaseFrom string
}

// vocabulary returns the values of a vocabulary kind.
func (s *Spec) vocabulary(kind string) []string {
	if v, ok := s.Vocabulary[kind]; ok {
		return v
	}
	return defaults(kind)
}

// defaults are dashgen's default vocabularies, read once.
var defaults = func() func(string) []string {
	m := map[string][]string{}
	for _, kind := range i18n.DeclaredKinds {
		m[kind] = i18n.Defaults(kind)
	}
	return func(kind string) []string { return m[kind] }
}()

// Fixed file names of the non-figure datasets.
const (
	SourcesFile      = "sources.csv"
	EventsFile       = "events.csv"
	RecognitionsFile = "recognitions.csv"
	// CorrectionsFile is the corrections log: optional, read when it
	// exists.
	CorrectionsFile = "corrections.csv"
)
