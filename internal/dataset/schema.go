package dataset

import "slices"

// The columns of each file, in the order the default data writes them. A
// column listed in required must be present in the header; the others may be
// left out of a file altogether.

// sourceRow is one line of sources.csv as gocsv maps it: every field is text,
// so that typing and checking happen here with the cell's true position.
// gocsv maps a file's header onto these fields once per file (mapFields);
// the records are then read into the fields in this order.
type sourceRow struct {
	ID        string `csv:"id"`
	Title     string `csv:"title"`
	Publisher string `csv:"publisher"`
	Kind      string `csv:"kind"`
	Published string `csv:"published"`
	URL       string `csv:"url"`
	Accessed  string `csv:"accessed"`
	Note      string `csv:"note"`
	// Label is the short name the source is cited by; "publisher, year"
	// when empty.
	Label string `csv:"label"`
}

// Indices of sourceRow's fields, which are also their columns' places in
// sourceColumns.all (TestRowTypesMatchColumns checks both).
const (
	srcID = iota
	srcTitle
	srcPublisher
	srcKind
	srcPublished
	srcURL
	srcAccessed
	srcNote
	srcLabel
)

var sourceColumns = columns{
	all:      []string{"id", "title", "publisher", "kind", "published", "url", "accessed", "note", "label"},
	required: []string{"id", "title", "kind"},
}

// eventRow is one line of events.csv.
type eventRow struct {
	ID               string `csv:"id"`
	Name             string `csv:"name"`
	Place            string `csv:"place"`
	Start            string `csv:"start"`
	End              string `csv:"end"`
	Population       string `csv:"population"`
	PopulationSource string `csv:"population_source"`
	Note             string `csv:"note"`
	// PopulationLabel is the words after the population in a share
	// ("inhabitants before the conflict"); "a population of" when empty.
	PopulationLabel string `csv:"population_label"`
}

// Indices of eventRow's fields.
const (
	evID = iota
	evName
	evPlace
	evStart
	evEnd
	evPopulation
	evPopulationSource
	evNote
	evPopulationLabel
)

var eventColumns = columns{
	all:      []string{"id", "name", "place", "start", "end", "population", "population_source", "note", "population_label"},
	required: []string{"id", "name"},
}

// figureRow is one line of a figures file (casualties.csv, wounded.csv, …).
type figureRow struct {
	ID           string `csv:"id"`
	Event        string `csv:"event"`
	Measure      string `csv:"measure"`
	Group        string `csv:"group"`
	Parent       string `csv:"parent"`
	Breakdown    string `csv:"breakdown"`
	Value        string `csv:"value"`
	Qualifier    string `csv:"qualifier"`
	Min          string `csv:"min"`
	Max          string `csv:"max"`
	Unit         string `csv:"unit"`
	AsOf         string `csv:"as_of"`
	Source       string `csv:"source"`
	AttributedTo string `csv:"attributed_to"`
	Wording      string `csv:"wording"`
	Note         string `csv:"note"`
}

// Indices of figureRow's fields.
const (
	figID = iota
	figEvent
	figMeasure
	figGroup
	figParent
	figBreakdown
	figValue
	figQualifier
	figMin
	figMax
	figUnit
	figAsOf
	figSource
	figAttributedTo
	figWording
	figNote
)

// figureFieldCount is the number of figureRow's fields.
const figureFieldCount = figNote + 1

var figureColumns = columns{
	all: []string{"id", "event", "measure", "group", "parent", "breakdown", "value", "qualifier",
		"min", "max", "unit", "as_of", "source", "attributed_to", "wording", "note"},
	required: []string{"id", "event", "measure", "group", "value", "qualifier", "source"},
}

// recognitionRow is one line of recognitions.csv.
type recognitionRow struct {
	ID           string `csv:"id"`
	Event        string `csv:"event"`
	Jurisdiction string `csv:"jurisdiction"`
	Country      string `csv:"country"`
	Level        string `csv:"level"`
	Body         string `csv:"body"`
	Instrument   string `csv:"instrument"`
	Date         string `csv:"date"`
	Term         string `csv:"term"`
	Wording      string `csv:"wording"`
	Status       string `csv:"status"`
	Source       string `csv:"source"`
	Note         string `csv:"note"`
}

// Indices of recognitionRow's fields.
const (
	recID = iota
	recEvent
	recJurisdiction
	recCountry
	recLevel
	recBody
	recInstrument
	recDate
	recTerm
	recWording
	recStatus
	recSource
	recNote
)

var recognitionColumns = columns{
	all: []string{"id", "event", "jurisdiction", "country", "level", "body", "instrument", "date",
		"term", "wording", "status", "source", "note"},
	required: []string{"id", "event", "jurisdiction", "level", "body", "date", "term", "status", "source"},
}

type columns struct {
	all, required []string
	// missing is what to do when the file does not exist, for the message.
	missing string
}

// figureColumnIndex and recognitionColumnIndex give the index of each column of a
// figures file and of recognitions.csv.
var (
	figureColumnIndex      = columnIndex(figureColumns)
	recognitionColumnIndex = columnIndex(recognitionColumns)
)

// missingHint says what to do about a file that does not exist.
func (c columns) missingHint() string {
	if c.missing != "" {
		return c.missing
	}
	return "create it or fix its name in config.yaml"
}

func columnIndex(c columns) map[string]int {
	m := make(map[string]int, len(c.all))
	for i, name := range c.all {
		m[name] = i
	}
	return m
}

// The built-in vocabularies: the values dashgen itself reasons about. The
// other vocabularies (measure, group, unit, level, term, kind, status)
// belong to the project: Spec.Vocabulary, dashgen's defaults when not given.
var (
	// Qualifiers say how exact a figure is.
	Qualifiers = []string{"exact", "at_least", "more_than", "about", "up_to", "range", "unknown"}
	// Breakdowns say whether sibling subsets may overlap.
	Breakdowns = []string{"overlap", "partition"}
)

// FigureColumns returns the columns of a figures file.
func FigureColumns() []string { return slices.Clone(figureColumns.all) }

// RecognitionColumns returns the columns of recognitions.csv.
func RecognitionColumns() []string { return slices.Clone(recognitionColumns.all) }
