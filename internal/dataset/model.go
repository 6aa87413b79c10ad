// Package dataset loads the CSV files of a project into typed records and
// enforces the rules that make the figures trustworthy: known vocabularies,
// valid dates and counts, resolved references, subsets within their parents.
// Every problem is reported with the true file:line:column of the cell.
package dataset

import "io/fs"

// Place is where a record was read: its file and the line its row starts on.
type Place struct {
	File string
	Line int
}

// Source is a document that figures and recognitions cite.
type Source struct {
	Place
	ID, Title, Publisher, Kind, Published, URL, Accessed, Note string
}

// Event is the event the figures are about.
type Event struct {
	Place
	ID, Name, Location, Start, End string
	// Population before the event; nil when not reported.
	Population       *int64
	PopulationSource []string
	Note             string
}

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
	// Fields holds every cell by column name, for filters on any column.
	Fields map[string]string
	// cells are the positions of the cells checked after all files are
	// read (parent, value, unit), for their messages.
	cells map[string][2]int
}

// Recognition is one body's recognition or condemnation of the event.
type Recognition struct {
	Place
	ID, Event, Jurisdiction, Country, Level, Body, Instrument, Date string
	Terms                                                           []string
	Wording, Status                                                 string
	Sources                                                         []string
	Note                                                            string
	Fields                                                          map[string]string
}

// Data is everything a project's files hold, checked.
type Data struct {
	Sources      []*Source
	Events       []*Event
	Figures      []*Figure // in file order, files in config order
	Recognitions []*Recognition
	// Inputs are the bytes of every file read, by file name within the
	// data folder, for the build manifest's hashes.
	Inputs map[string][]byte

	sourceByID map[string]*Source
	eventByID  map[string]*Event
	figureByID map[string]*Figure
}

// Source returns the source with the id, or nil.
func (d *Data) Source(id string) *Source { return d.sourceByID[id] }

// Event returns the event with the id, or nil.
func (d *Data) Event(id string) *Event { return d.eventByID[id] }

// Figure returns the figure with the id, or nil.
func (d *Data) Figure(id string) *Figure { return d.figureByID[id] }

// FigureFile names one figures file: Name is how charts refer to it.
type FigureFile struct {
	Name string
	File string
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
}

// Fixed file names of the non-figure datasets.
const (
	SourcesFile      = "sources.csv"
	EventsFile       = "events.csv"
	RecognitionsFile = "recognitions.csv"
)
