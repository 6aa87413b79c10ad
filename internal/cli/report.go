package cli

import (
	"encoding/json"
	"errors"
	"io"

	"github.com/dashgen/dashgen/internal/build"
	"github.com/dashgen/dashgen/internal/diag"
)

// jsonReport is what validate --format json prints: stable field names for
// other pipelines.
type jsonReport struct {
	OK          bool             `json:"ok"`
	Errors      int              `json:"errors"`
	Warnings    int              `json:"warnings"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

type jsonDiagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Key      string `json:"key,omitempty"`
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// reported is returned after a JSON report of failure was written: the
// exit code is 1 but nothing more is printed.
type reported struct{}

// outcomeError is an error of a command that writes nothing (diff,
// links), with what its summary line says instead of "nothing was
// written".
type outcomeError struct {
	err     error
	outcome string
}

func (e outcomeError) Error() string { return e.err.Error() }
func (e outcomeError) Unwrap() error { return e.err }

func (reported) Error() string { return "" }

// writeJSONReport prints the result of a validation as JSON. Problems in
// the inputs are reported in the document; any other error (a cancelled
// run) is returned as is.
func writeJSONReport(w io.Writer, res *build.Result, err error) error {
	var items []diag.Diagnostic
	var de *diag.Errors
	switch {
	case err == nil:
		items = res.Warnings
	case errors.As(err, &de):
		items = de.Items
	default:
		return err
	}
	rep := jsonReport{OK: err == nil, Diagnostics: []jsonDiagnostic{}}
	for _, d := range items {
		sev := "error"
		if d.Severity == diag.Warning {
			sev = "warning"
			rep.Warnings++
		} else {
			rep.Errors++
		}
		rep.Diagnostics = append(rep.Diagnostics, jsonDiagnostic{
			File: d.File, Line: d.Line, Column: d.Column, Key: d.Key,
			Code: string(d.Code), Severity: sev, Message: d.Message,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if e := enc.Encode(rep); e != nil {
		return e
	}
	if err != nil {
		return reported{}
	}
	return nil
}
