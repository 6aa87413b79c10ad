package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dashgen/dashgen/internal/testcorpus"
)

// The README promises messages and codes; these tests hold it to what
// dashgen does.

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// diagCodes returns the value of every constant of type Code declared in
// internal/diag/codes.go.
func diagCodes(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../../internal/diag/codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
			return true
		}
		for _, v := range vs.Values {
			if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				codes = append(codes, s)
			}
		}
		return true
	})
	if len(codes) < 30 {
		t.Fatalf("found %d codes in internal/diag/codes.go; the parse is wrong", len(codes))
	}
	return codes
}

// TestReadmeListsEveryCode: every code of internal/diag/codes.go is in the
// README's list of codes (the paragraph that starts "The codes are
// stable"), written as `code`, and every code-like name that list gives
// in backquotes is one.
func TestReadmeListsEveryCode(t *testing.T) {
	text := readme(t)
	start := strings.Index(text, "The codes are\nstable")
	if start < 0 {
		t.Fatal(`the README has no paragraph starting "The codes are stable"`)
	}
	end := strings.Index(text[start:], "\n\n")
	if end < 0 {
		t.Fatal("the README's list of codes does not end")
	}
	list := text[start : start+end]
	codes := diagCodes(t)
	for _, c := range codes {
		if !strings.Contains(list, "`"+c+"`") {
			t.Errorf("code %q (internal/diag/codes.go) is not in the README's list of codes", c)
		}
	}
	for _, m := range regexp.MustCompile("`([a-z]+(?:-[a-z]+)+)`").FindAllStringSubmatch(list, -1) {
		if !slices.Contains(codes, m[1]) {
			t.Errorf("the README lists code %q, which internal/diag/codes.go does not declare", m[1])
		}
	}
}

// quotedMessage is a line of a README example that is a message of
// dashgen: a path of the project, then a position or a key, then the
// message ("data/casualties.csv:4:43: …", "config.yaml: output: …").
var quotedMessage = regexp.MustCompile(`^[\w./-]+\.(csv|yaml)(:\d+(:\d+)?)?: `)

// readmeMessages returns the message lines of the README's ```text blocks,
// where it quotes what dashgen prints.
func readmeMessages(t *testing.T) []string {
	t.Helper()
	var msgs []string
	in := false
	for _, line := range strings.Split(readme(t), "\n") {
		switch {
		case line == "```text":
			in = true
		case strings.HasPrefix(line, "```"):
			in = false
		case in && quotedMessage.MatchString(line):
			msgs = append(msgs, line)
		}
	}
	return msgs
}

// TestReadmeMessagesComeFromTheCorpus: every message the README quotes in a
// ```text block is printed, word for word, by some case of the error corpus
// (testdata/errors), so that the README cannot promise a message dashgen no
// longer prints. A warning is quoted as a build without --strict prints it
// ("file: key: warning: …"); the corpus has it from a --strict build, which
// prints it as an error, without "warning: ".
func TestReadmeMessagesComeFromTheCorpus(t *testing.T) {
	cases, err := testcorpus.Read(testcorpus.Dir)
	if err != nil {
		t.Fatal(err)
	}
	printed := map[string]bool{}
	for _, c := range cases {
		for _, line := range strings.Split(c.Want, "\n") {
			printed[line] = true
		}
	}
	msgs := readmeMessages(t)
	if len(msgs) < 15 {
		t.Fatalf("found %d quoted messages in the README's ```text blocks; the README's examples of errors must be in such blocks", len(msgs))
	}
	warning := regexp.MustCompile(`^([^ ]+: (?:[^ ]+: )?)warning: `)
	for _, m := range msgs {
		asError := warning.ReplaceAllString(m, "$1")
		if !printed[m] && !printed[asError] {
			t.Errorf("the README quotes a message no case of testdata/errors prints:\n%s", m)
		}
	}
}

// TestReadmeListsEveryCommand: the README's table of commands has a row for
// every command dashgen has.
func TestReadmeListsEveryCommand(t *testing.T) {
	exe := binary(t)
	r := run(t, exe, t.TempDir(), "--help")
	if r.code != 0 {
		t.Fatalf("dashgen --help: exit %d\n%s", r.code, r.stderr)
	}
	_, after, ok := strings.Cut(r.stdout, "Available Commands:\n")
	if !ok {
		t.Fatalf("dashgen --help lists no commands:\n%s", r.stdout)
	}
	var commands []string
	for _, line := range strings.Split(after, "\n") {
		if !strings.HasPrefix(line, "  ") {
			break
		}
		name := strings.Fields(line)[0]
		if name != "help" && name != "completion" {
			commands = append(commands, name)
		}
	}
	if len(commands) < 5 {
		t.Fatalf("found the commands %v in dashgen --help", commands)
	}
	text := readme(t)
	start := strings.Index(text, "## Commands\n")
	if start < 0 {
		t.Fatal(`the README has no "## Commands" section`)
	}
	table := text[start:]
	if end := strings.Index(table, "\n\n`"); end >= 0 {
		table = table[:end]
	}
	for _, c := range commands {
		if !strings.Contains(table, "| `dashgen "+c) {
			t.Errorf("the README's table of commands has no row for dashgen %s", c)
		}
	}
}
