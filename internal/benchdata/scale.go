package benchdata

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Shape is what a generated benchmark project holds many rows of.
type Shape string

const (
	// FiguresShape: a figures file (data/casualties.csv) of rows written
	// like the default project's (AppendFigure), about many events.
	FiguresShape Shape = "figures"
	// RecognitionsShape: a recognitions file (data/recognitions.csv) of
	// records written like the default project's, every rule running.
	RecognitionsShape Shape = "recognitions"
)

// Shapes are the shapes Generate makes, in the order benchmarks report
// them.
var Shapes = []Shape{FiguresShape, RecognitionsShape}

// RowsPerEvent is how many rows of a generated project name one event: the
// events file grows with the rows, so that the charts, which each show one
// event's rows, draw as much at every size while every query still reads
// every row.
const RowsPerEvent = 64

// MinRows is the smallest project Generate writes: two events, as its
// charts show.
const MinRows = 2 * RowsPerEvent

// Generated is a project Generate wrote.
type Generated struct {
	Dir string
	// Rows is the number of rows of the large file.
	Rows int
	// Files are the paths of the project's CSV files (the large file,
	// events and sources), the files a bare read of the project reads.
	Files []string
	// Bytes is the size of those files together.
	Bytes int64
}

// genSources is the number of sources a generated project cites, at
// most (a small one cites fewer).
const genSources = 97

// Generate writes to dst a whole benchmark project of rows rows of shape:
// config.yaml, data/sources.csv, data/events.csv (one event per
// RowsPerEvent rows) and the large file, every reference resolving and
// every value valid, so that validate and build run every rule and find
// nothing wrong. The config's charts (see GeneratedConfig) group or filter
// the rows so that a page draws a few dozen bars whatever the size; the
// queries still read every row.
func Generate(dst string, shape Shape, rows int) (*Generated, error) {
	if rows < MinRows {
		return nil, fmt.Errorf("Generate: %d rows; the charts of a generated project need at least %d", rows, MinRows)
	}
	if shape != FiguresShape && shape != RecognitionsShape {
		return nil, fmt.Errorf("Generate: unknown shape %q", shape)
	}
	data := filepath.Join(dst, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dst, "config.yaml"), []byte(GeneratedConfig(shape)), 0o644); err != nil {
		return nil, err
	}
	g := &Generated{Dir: dst, Rows: rows}
	events := max(1, (rows+RowsPerEvent-1)/RowsPerEvent)
	large := "casualties.csv"
	if shape == RecognitionsShape {
		large = "recognitions.csv"
	}
	// The sources file is written last, with the sources the other files
	// cited: a small project cites only some, and an uncited source is a
	// warning.
	cited := make([]bool, genSources)
	sid := func(k int) string {
		cited[k%genSources] = true
		return sourceID(k)
	}
	var citedIDs []int
	for _, f := range []struct {
		name string
		n    int
		row  func(b []byte, i int) []byte
	}{
		{large, rows, func(b []byte, i int) []byte {
			if shape == RecognitionsShape {
				return AppendRecognition(b, i, sid)
			}
			return AppendFigure(b, i, eventID(i/RowsPerEvent), sid)
		}},
		{"events.csv", events, func(b []byte, i int) []byte { return appendEvent(b, i, sid) }},
		{"sources.csv", -1, func(b []byte, i int) []byte { return appendSource(b, citedIDs[i]) }},
	} {
		if f.n < 0 {
			for k, ok := range cited {
				if ok {
					citedIDs = append(citedIDs, k)
				}
			}
			f.n = len(citedIDs)
		}
		p := filepath.Join(data, f.name)
		size, err := writeRows(p, headerOf(f.name), f.n, f.row)
		if err != nil {
			return nil, err
		}
		g.Files = append(g.Files, p)
		g.Bytes += size
	}
	return g, nil
}

func headerOf(file string) string {
	switch file {
	case "sources.csv":
		return "id,title,publisher,kind,published,url,accessed,note,label\n"
	case "events.csv":
		return "id,name,place,start,end,population,population_source,note,population_label\n"
	case "recognitions.csv":
		return RecognitionsHeader
	}
	return FiguresHeader
}

// writeRows writes a CSV file of a header and n rows, through a buffer;
// it returns the file's size.
func writeRows(path, header string, n int, row func(b []byte, i int) []byte) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	size, _ := w.WriteString(header)
	var buf []byte
	for i := range n {
		buf = row(buf[:0], i)
		k, _ := w.Write(buf)
		size += k
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	return int64(size), f.Close()
}

func sourceID(k int) string { return "src-" + strconv.Itoa(k%genSources) }

func eventID(k int) string { return "ev-" + strconv.Itoa(k) }

var sourceKinds = [...]string{"statement", "government", "parliament", "ngo", "media", "court", "igo", "encyclopedia", "other"}

func appendSource(b []byte, i int) []byte {
	b = append(b, sourceID(i)...)
	b = append(b, `,"Report `...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `, as published: findings, annexes and the list of those named",Publisher `...)
	b = strconv.AppendInt(b, int64(i%13), 10)
	b = append(b, ',')
	b = append(b, sourceKinds[i%len(sourceKinds)]...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(1992+i%30), 10)
	b = append(b, ",https://example.org/reports/"...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, ",2024-05-0"...)
	b = strconv.AppendInt(b, int64(1+i%9), 10)
	b = append(b, `,"A copy of the report; its ""annex"" is not recorded.",Report `...)
	b = strconv.AppendInt(b, int64(i), 10)
	return append(b, '\n')
}

func appendEvent(b []byte, i int, sid func(int) string) []byte {
	b = append(b, eventID(i)...)
	b = append(b, ",Place "...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `,"Place `...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, `, a district, a region",`...)
	y := int64(1990 + i%30)
	b = strconv.AppendInt(b, y, 10)
	b = append(b, "-02-25,"...)
	b = strconv.AppendInt(b, y, 10)
	b = append(b, "-02-26,"...)
	b = strconv.AppendInt(b, int64(5000+i%5000), 10)
	b = append(b, ',')
	b = append(b, sid(i)...)
	b = append(b, `,"Population before the events: ""about as many people lived here"".",inhabitants before the events`+"\n"...)
	return b
}

// RecognitionsHeader is the header of a generated recognitions file.
const RecognitionsHeader = "id,event,jurisdiction,country,level,body,instrument,date,term,wording,status,source,note\n"

var (
	recLevels   = [...]string{"country", "subnational", "intergovernmental", "country"}
	recTerms    = [...]string{"genocide", "massacre", "crime-against-humanity", "condemnation", "genocide;crime-against-humanity", "genocidal-act"}
	recStatuses = [...]string{"reported", "documented", "disputed", "reported", "documented"}
	recBodies   = [...]string{"National Assembly", `"Chamber of Deputies, Foreign Affairs Committee"`, "Senate", "Парламент", `"Parliament, the ""upper"" house"`}
)

// AppendRecognition appends record i of a generated recognitions file
// (RecognitionsHeader), citing the sources sid(k) names: a body of a jurisdiction recognizing event
// i/RowsPerEvent, at one of three date precisions (or none), with one or
// two sources, terms from the default vocabulary (sometimes two), quoted
// bodies with commas and doubled quotes, Cyrillic text, and a note spanning
// two lines every 128 records.
func AppendRecognition(b []byte, i int, sid func(int) string) []byte {
	b = append(b, "rec-"...)
	b = strconv.AppendInt(b, int64(i), 10)
	b = append(b, ',')
	b = append(b, eventID(i/RowsPerEvent)...)
	j := i % 211
	b = append(b, ",Jurisdiction "...)
	b = strconv.AppendInt(b, int64(j), 10)
	b = append(b, ",Country "...)
	b = strconv.AppendInt(b, int64(j%53), 10)
	b = append(b, ',')
	b = append(b, recLevels[i%len(recLevels)]...)
	b = append(b, ',')
	b = append(b, recBodies[i%len(recBodies)]...)
	b = append(b, ',')
	if i%3 == 0 {
		b = append(b, "resolution "...)
		b = strconv.AppendInt(b, int64(i%97), 10)
	}
	b = append(b, ',')
	y := int64(1993 + i%32)
	switch i % 5 {
	case 0, 1:
		b = strconv.AppendInt(b, y, 10)
		b = append(b, '-', byte('0'+(i%9+1)/10), byte('0'+(i%9+1)%10), '-')
		b = append(b, byte('0'+(i%28+1)/10), byte('0'+(i%28+1)%10))
	case 2:
		b = strconv.AppendInt(b, y, 10)
		b = append(b, "-1"...)
		b = append(b, byte('0'+i%3))
	case 3:
		b = strconv.AppendInt(b, y, 10)
	}
	b = append(b, ',')
	b = append(b, recTerms[i%len(recTerms)]...)
	b = append(b, ',')
	if i%4 == 0 {
		b = append(b, `"recognized the killings as genocide, and ""condemned"" them"`...)
	}
	b = append(b, ',')
	b = append(b, recStatuses[i%len(recStatuses)]...)
	b = append(b, ',')
	b = append(b, sid(i)...)
	if i%2 == 1 {
		b = append(b, ';')
		b = append(b, sid(i+7)...)
	}
	if i%128 == 0 {
		b = append(b, ",\"A committee, not the whole chamber;\nподтверждено документом.\"\n"...)
	} else {
		b = append(b, `,"Reported by the ""mirror"" of the record, not its own site."`+"\n"...)
	}
	return b
}

// GeneratedConfig is the config.yaml of a generated project of shape.
// Figures, as their sources state them, are never added up, so their
// charts show one event's figures (a filter on event and parent): the
// same dozens of bars whatever the size, while every query reads every
// row. Recognitions are records: their charts count them by level, term,
// status and year (a few bars each), and one table lists one event's
// documented records.
func GeneratedConfig(shape Shape) string {
	var b strings.Builder
	b.WriteString(`# A generated benchmark project (internal/benchdata); the words are made up.
site:
  title: Generated benchmark project
  description: Figures and records generated at scale, for measuring dashgen.
  lang: en
languages: [en]
output: output
data:
  dir: data
`)
	if shape == FiguresShape {
		b.WriteString(`  figures:
    - { name: casualties, file: casualties.csv }
dashboards:
  - id: first-event
    title: The first event
    description: Figures about one event, each as its source states it.
    charts:
      - id: killed-by-source
        type: bar
        title: People killed, as each source gives it
        query:
          dataset: casualties
          filter: { event: ev-0, parent: "" }
          group_by: source
      - id: killed-by-source-dots
        type: dot
        title: People killed, each source's figure and range
        query:
          dataset: casualties
          filter: { event: ev-0, parent: "" }
          group_by: source
      - id: subsets
        type: bar
        title: Women, children and elderly among the killed
        query:
          dataset: casualties
          filter: { event: ev-0, breakdown: overlap }
          group_by: group
          share: parent
      - id: examined
        type: bar
        title: Bodies examined, by sex
        query:
          dataset: casualties
          filter: { event: ev-0, breakdown: partition }
          group_by: group
          share: parent
      - id: examined-first
        type: pie
        title: Bodies examined, by sex, in the first report
        query:
          dataset: figures
          filter: { parent: f0-killed, breakdown: partition }
          group_by: group
          share: parent
  - id: last-event
    title: Another event
    description: The same charts for an event further down the file.
    charts:
      - id: killed-by-source-later
        type: bar
        title: People killed, as each source gives it
        query:
          dataset: casualties
          filter: { event: ev-1, parent: "" }
          group_by: source
`)
		return b.String()
	}
	b.WriteString(`  figures: []
dashboards:
  - id: recognitions
    title: Recognitions
    description: Records of bodies that recognized the events, counted.
    charts:
      - id: by-level
        type: bar
        title: Records, by level of the body
        query: { dataset: recognitions, group_by: level, value: count }
      - id: by-term
        type: bar
        title: Records, by the term used
        query: { dataset: recognitions, group_by: term, value: count, sort: value }
      - id: by-status
        type: pie
        title: Records, by status
        query: { dataset: recognitions, group_by: status, value: count }
      - id: over-time
        type: timeline
        title: Records, cumulative count by year
        query: { dataset: recognitions, group_by: date, value: count, cumulative: true }
      - id: first-event-documented
        type: table
        title: The first event's documented records
        columns: [jurisdiction, level, body, date, term, status, source]
        query:
          dataset: recognitions
          filter: { event: ev-0, status: documented }
          group_by: jurisdiction
          value: each
`)
	return b.String()
}
