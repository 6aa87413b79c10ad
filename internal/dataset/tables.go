package dataset

import "slices"

// Table describes one file a load read, from its schema table: what a
// data package (datapackage.json) says of the file, with no second list
// of columns to keep in step with the first.
type Table struct {
	// Name is the file's name within the data folder (casualties.csv).
	Name string
	// Header is the file's header as written (trimmed): the columns it
	// has, in its order.
	Header []string
	// Columns are the file's columns as its schema declares them, in the
	// order of Header.
	Columns []Column
}

// Column is one column of a file, as its schema table declares it.
type Column struct {
	Name string
	// Type is what a cell holds: CellText, CellID, CellRef, CellList,
	// CellInteger, CellDate, CellURL, CellVocab or CellVocabList.
	Type string
	// Required: an empty cell is an error.
	Required bool
	// Ref is the kind of record an id of a CellRef or CellList column
	// names: "source", "event" or "figure" (of any figures file).
	Ref string
	// Vocabulary is the project's vocabulary kind the values come from
	// ("measure"); empty for a built-in list (qualifier, breakdown).
	Vocabulary string
	// Values are the values a CellVocab or CellVocabList cell may take,
	// as the load knew them.
	Values []string
}

// The types of cells, as Column.Type names them.
const (
	CellText      = "text"
	CellID        = "id"
	CellRef       = "ref"
	CellList      = "list"
	CellInteger   = "integer"
	CellDate      = "date"
	CellURL       = "url"
	CellVocab     = "vocabulary"
	CellVocabList = "vocabulary-list"
)

var cellTypeNames = [...]string{
	cellText: CellText, cellID: CellID, cellRef: CellRef, cellList: CellList, cellInteger: CellInteger,
	cellDate: CellDate, cellURL: CellURL, cellVocab: CellVocab, cellVocabList: CellVocabList,
}

// describe describes the file name by s's table, for the columns of
// header (a header the load accepted: every name is a column of s).
func (s *schema[R]) describe(ld *loader, name string, header []string) Table {
	t := Table{Name: name, Header: slices.Clone(header)}
	for _, h := range header {
		i, ok := s.index[h]
		if !ok {
			continue
		}
		c := &s.cols[i]
		col := Column{Name: c.name, Type: cellTypeNames[c.typ], Required: c.need != "" || c.needed, Ref: c.ref}
		switch c.typ {
		case cellVocab, cellVocabList:
			if c.values != nil {
				col.Values = slices.Clone(c.values)
			} else {
				col.Vocabulary = vocabKinds[c.vocab]
				col.Values = slices.Clone(ld.known[c.vocab])
			}
		}
		t.Columns = append(t.Columns, col)
	}
	return t
}
