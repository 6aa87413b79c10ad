package benchdata

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// FiguresHeader is the header of a generated figures file.
const FiguresHeader = "id,event,measure,group,parent,breakdown,value,qualifier,min,max,unit,as_of,source,attributed_to,wording,note\n"

// GeneratedFile is the figures file ScaleProject adds to a project.
const GeneratedFile = "generated.csv"

// CopyProject copies the project in src, its config.yaml and its data/
// folder with every subfolder, to dst, for a test or a benchmark to change
// without touching the original.
func CopyProject(src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	cfg, err := os.ReadFile(filepath.Join(src, "config.yaml"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dst, "config.yaml"), cfg, 0o644); err != nil {
		return err
	}
	data := filepath.Join(src, "data")
	return filepath.WalkDir(data, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(data, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, "data", rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
}

// ScaleProject copies the project in src (its config.yaml and data/
// folder) to dst and adds a figures file of rows generated figures,
// data/generated.csv, declared in the config as the figures dataset
// "generated". The rows cite the sources named, in turn (they must exist in
// the project's sources file), and name event (it must exist in the
// project's events file). No chart
// queries the new dataset by name, so the build does the project's own
// work plus reading and checking rows rows.
func ScaleProject(src, dst string, rows int, event string, sources []string) error {
	if len(sources) == 0 {
		return fmt.Errorf("ScaleProject: no sources to cite")
	}
	cfg, err := os.ReadFile(filepath.Join(src, "config.yaml"))
	if err != nil {
		return err
	}
	cfg, err = addFigures(cfg, "generated", GeneratedFile)
	if err != nil {
		return err
	}
	if err := CopyProject(src, dst); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dst, "config.yaml"), cfg, 0o644); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dst, "data", GeneratedFile))
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(FiguresHeader)
	sid := func(k int) string { return sources[k%len(sources)] }
	var buf []byte
	for i := 0; i < rows; i++ {
		buf = AppendFigure(buf[:0], i, event, sid)
		w.Write(buf)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// addFigures declares one more figures file in a config, as the first
// entry of its data.figures list (written one entry a line, as
// config.yaml does).
func addFigures(cfg []byte, name, file string) ([]byte, error) {
	lines := strings.SplitAfter(string(cfg), "\n")
	for i, line := range lines {
		if strings.TrimSpace(line) != "figures:" || i+1 >= len(lines) {
			continue
		}
		next := lines[i+1]
		indent := next[:len(next)-len(strings.TrimLeft(next, " "))]
		if !strings.HasPrefix(strings.TrimSpace(next), "- ") {
			break
		}
		entry := fmt.Sprintf("%s- { name: %s, file: %s }\n", indent, name, file)
		out := strings.Join(lines[:i+1], "") + entry + strings.Join(lines[i+1:], "")
		return []byte(out), nil
	}
	return nil, fmt.Errorf("the config has no data.figures list written one entry a line")
}
