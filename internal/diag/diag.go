// Package diag holds the diagnostics every stage reports: a message tied to a
// place in an input file (file:line:column) or to a config key path.
package diag

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Severity says whether a diagnostic stops the build.
type Severity int

const (
	// Error stops the build.
	Error Severity = iota
	// Warning is reported but does not stop the build.
	Warning
)

// MaxPerFile is how many errors are reported for one file before the rest
// are summarised as "and N more".
const MaxPerFile = 20

// Diagnostic is one problem found in the inputs. Line and Column are 1-based;
// zero means "not known" (a whole-file problem). Key is a config key path such
// as dashboards[1].charts[0].type and is used instead of a position.
type Diagnostic struct {
	File     string
	Line     int
	Column   int
	Key      string
	Code     Code
	Message  string
	Severity Severity
}

// String formats the diagnostic as file:line:column: message, the form
// editors and terminals recognise.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	switch {
	case d.Key != "":
		b.WriteString(": ")
		b.WriteString(d.Key)
	case d.Line > 0 && d.Column > 0:
		fmt.Fprintf(&b, ":%d:%d", d.Line, d.Column)
	case d.Line > 0:
		fmt.Fprintf(&b, ":%d", d.Line)
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// List collects diagnostics. The zero value is ready to use.
type List struct {
	items []Diagnostic
}

// Add records a diagnostic.
func (l *List) Add(d Diagnostic) { l.items = append(l.items, d) }

// Errorf records an error at a file position.
func (l *List) Errorf(code Code, file string, line, col int, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Column: col, Code: code, Message: Sprintf(format, args...)})
}

// KeyErrorf records an error at a config key path.
func (l *List) KeyErrorf(code Code, file, key string, format string, args ...any) {
	l.Add(Diagnostic{File: file, Key: key, Code: code, Message: Sprintf(format, args...)})
}

// Warnf records a warning at a file position.
func (l *List) Warnf(code Code, file string, line, col int, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Column: col, Code: code, Message: Sprintf(format, args...), Severity: Warning})
}

// KeyWarnf records a warning at a config key path.
func (l *List) KeyWarnf(code Code, file, key string, format string, args ...any) {
	l.Add(Diagnostic{File: file, Key: key, Code: code, Message: Sprintf(format, args...), Severity: Warning})
}

// Strict turns every warning into an error, for --strict.
func (l *List) Strict() {
	for i := range l.items {
		l.items[i].Severity = Error
	}
}

// Items returns the diagnostics sorted by file, position and key.
func (l *List) Items() []Diagnostic {
	out := append([]Diagnostic(nil), l.items...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return out
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns nil when the list has no errors, and otherwise an *Errors
// holding every diagnostic (warnings included, so they are not lost).
func (l *List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &Errors{Items: l.Items()}
}

// Warnings returns only the warnings.
func (l *List) Warnings() []Diagnostic {
	var out []Diagnostic
	for _, d := range l.Items() {
		if d.Severity == Warning {
			out = append(out, d)
		}
	}
	return out
}

// Errors is the error returned when inputs are invalid. Its Error text lists
// at most MaxPerFile errors per file, then "and N more".
type Errors struct {
	Items []Diagnostic
}

// Error lists the diagnostics, one per line.
func (e *Errors) Error() string {
	return strings.Join(Format(e.Items), "\n")
}

// Format renders diagnostics one per line, capping errors at MaxPerFile per
// file and adding a line "file: and N more errors" for the rest.
func Format(items []Diagnostic) []string {
	var lines []string
	shown := map[string]int{}
	hidden := map[string]int{}
	var order []string
	for _, d := range items {
		if d.Severity == Error {
			if shown[d.File] >= MaxPerFile {
				if hidden[d.File] == 0 {
					order = append(order, d.File)
				}
				hidden[d.File]++
				continue
			}
			shown[d.File]++
		}
		lines = append(lines, d.String())
	}
	for _, f := range order {
		lines = append(lines, fmt.Sprintf("%s: and %d more %s", f, hidden[f], Plural(hidden[f], "error", "errors")))
	}
	return lines
}

// Suggest returns the known name closest to name when it is a likely typo.
func Suggest(name string, known []string) string {
	limit := 2
	if len(name) > 8 {
		limit = 3
	}
	longest := 0
	for _, k := range known {
		longest = max(longest, utf8.RuneCountInString(k))
	}
	// The distance is at least the difference in length: a value far
	// longer than every known name (a whole paragraph) is no typo of one,
	// and is not compared character by character.
	if len(name) > utf8.UTFMax*(longest+limit) || utf8.RuneCountInString(name) > longest+limit {
		return ""
	}
	lower := strings.ToLower(name)
	best, bestD := "", 1<<30
	for _, k := range known {
		d := editDistance(lower, k)
		if d < bestD {
			best, bestD = k, d
		}
	}
	if bestD <= limit {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Count is the number of errors among items (warnings not counted).
func Count(items []Diagnostic) int {
	n := 0
	for _, d := range items {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Summary is the last line a failed command prints: "dashgen: 2 errors;"
// and what happened because of them ("nothing was written").
func Summary(items []Diagnostic, outcome string) string {
	n := Count(items)
	return fmt.Sprintf("dashgen: %d %s; %s", n, Plural(n, "error", "errors"), outcome)
}

// Plural is one when n is 1 and many otherwise: the one place messages
// choose between the singular and plural of the words after a number
// ("1 error", "2 errors"; "1 text has", "2 texts have").
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// MaxQuoted is how many characters of a value a message quotes; a longer
// value is cut, with its length, so that a file of huge bad cells gives
// messages of a few KB, not the cells again.
const MaxQuoted = 100

// Sprintf is fmt.Sprintf for messages, and the one place values are
// quoted: a string argument formatted with %q longer than MaxQuoted
// characters is quoted as its first MaxQuoted characters and an ellipsis,
// followed by its full length ("aaaa…" (5242880 characters)). Other verbs
// print strings whole (lists of known values, already shortened parts).
func Sprintf(format string, args ...any) string {
	args = append([]any(nil), args...)
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = quotable(s)
		}
	}
	return fmt.Sprintf(format, args...)
}

// quotable is a string that shortens itself when quoted.
type quotable string

func (q quotable) Format(f fmt.State, verb rune) {
	s := string(q)
	if verb != 'q' {
		fmt.Fprintf(f, fmt.FormatString(f, verb), s)
		return
	}
	fmt.Fprint(f, Quote(s))
}

// Quote is %q of s, shortened as Sprintf does.
func Quote(s string) string {
	if len(s) <= MaxQuoted {
		return strconv.Quote(s)
	}
	n, cut := 0, len(s)
	for i := range s {
		if n == MaxQuoted {
			cut = i
			break
		}
		n++
	}
	if cut == len(s) {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%s (%d characters)", strconv.Quote(s[:cut]+"…"), utf8.RuneCountInString(s))
}
