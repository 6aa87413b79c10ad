package charts

import (
	"fmt"

	"github.com/dashgen/dashgen/internal/aggregate"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
)

// Problem is one thing wrong with a chart: the key in the chart's spec it
// concerns (type, columns, query.group_by, queries[1].dataset; "query"
// for the query as a whole), a stable code and a message for a person.
type Problem struct {
	Key     string
	Code    diag.Code
	Message string
}

// Check returns every problem of a chart's spec that the config and the
// datasets' columns can tell before any query runs: a type that names no
// kind, what the kind needs (columns, a single query) and each query's
// rules (aggregate.Check). datasets are the names of the project's own
// figures files (data.figures).
func Check(spec config.Chart, datasets []string) []Problem {
	var out []Problem
	kind, known := KindOf(spec.Type)
	if !known {
		out = append(out, Problem{"type", diag.UnknownChartType, unknownKind(spec.Type)})
	}
	if known && kind.OneQuery != "" && len(spec.Queries) > 1 {
		out = append(out, chartProblem(spec, kind.OneQuery))
	}
	for k, q := range spec.Queries {
		for _, p := range aggregate.Check(q, datasets) {
			out = append(out, Problem{queryKey(spec, k) + "." + p.Key, p.Code, p.Message})
		}
	}
	if known {
		out = append(out, checkLimits(spec, kind)...)
	}
	if known && kind.Columns && len(spec.Columns) == 0 {
		out = append(out, Problem{"columns", diag.InvalidValue, "is empty; a table lists the columns it shows"})
	}
	return out
}

// CheckRows returns the problems of the rows a chart's queries returned
// (tables, one per query, in order), for a spec Check passed: a query
// that selects nothing, and rows the chart's kind cannot honestly show
// (a pie of groups that overlap).
func CheckRows(spec config.Chart, tables []*aggregate.Table) []Problem {
	var out []Problem
	for k, t := range tables {
		if len(t.Rows) == 0 {
			out = append(out, Problem{queryKey(spec, k), diag.QueryError,
				fmt.Sprintf("selects no records from dataset %q; check the filter", spec.Queries[k].Dataset)})
		}
	}
	if len(out) > 0 {
		return out
	}
	if kind, ok := KindOf(spec.Type); ok && kind.checkRows != nil {
		for _, msg := range kind.checkRows(tables) {
			out = append(out, chartProblem(spec, msg))
		}
	}
	return append(out, checkCategories(spec, tables)...)
}

// chartProblem is a rule of the chart's kind that it breaks, on its type.
func chartProblem(spec config.Chart, msg string) Problem {
	return Problem{"type", diag.ChartError, fmt.Sprintf("chart %q: %s", spec.ID, msg)}
}

// queryKey is the key of the chart's query k: query when it has one,
// queries[k] when several.
func queryKey(spec config.Chart, k int) string {
	if len(spec.Queries) > 1 {
		return fmt.Sprintf("queries[%d]", k)
	}
	return "query"
}
