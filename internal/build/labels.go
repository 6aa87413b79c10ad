package build

import (
	"strings"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
)

// Labeler gives the words shown for ids: config.yaml's labels first; for a
// source, its publisher and year; otherwise the id made readable.
type Labeler struct {
	cfg  *config.Config
	data *dataset.Data
}

// NewLabeler makes the labeler of a project.
func NewLabeler(cfg *config.Config, data *dataset.Data) *Labeler {
	return &Labeler{cfg: cfg, data: data}
}

// Label returns the label of id in a vocabulary.
func (l *Labeler) Label(vocabulary, id string) string {
	if s, ok := l.cfg.Label(vocabulary, id); ok {
		return s
	}
	if vocabulary == "source" {
		if s := l.data.Source(id); s != nil {
			name := s.Publisher
			if name == "" {
				name = s.Title
			}
			if len(s.Published) >= 4 {
				name += ", " + s.Published[:4]
			}
			return name
		}
	}
	if vocabulary == "qualifier" {
		switch id {
		case "exact":
			return ""
		case "unknown":
			return "not reported"
		}
	}
	return strings.ReplaceAll(strings.ReplaceAll(id, "_", " "), "-", " ")
}
