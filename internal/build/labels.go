package build

import (
	"strings"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/i18n"
)

// Labeler gives the words shown for ids: config.yaml's labels first; for a
// source, its publisher and year; otherwise the id made readable.
type Labeler struct {
	cfg  *config.Config
	data *dataset.Data
	loc  *i18n.Locale
	// unlabelled records the ids shown without a label from config.yaml,
	// for the missing-label warning: vocabulary → id.
	unlabelled map[string]map[string]bool
}

// NewLabeler makes the labeler of a project.
func NewLabeler(cfg *config.Config, data *dataset.Data, loc *i18n.Locale) *Labeler {
	return &Labeler{cfg: cfg, data: data, loc: loc, unlabelled: map[string]map[string]bool{}}
}

// Locale is the language the labels are in.
func (l *Labeler) Locale() *i18n.Locale { return l.loc }

// labelledVocabularies are the closed lists whose ids config.yaml is
// expected to label; an id shown from them without a label is warned about.
// Free-text columns (jurisdiction, body) show as written; sources have
// their publisher and year.
var labelledVocabularies = map[string]bool{
	"measure": true, "group": true, "unit": true, "level": true, "term": true, "status": true, "column": true,
}

// Label returns the label of id in a vocabulary.
func (l *Labeler) Label(vocabulary, id string) string {
	if s, ok := l.cfg.Label(vocabulary, id); ok {
		return s
	}
	if _, blank := l.cfg.Labels[vocabulary][strings.ToLower(id)]; !blank && id != "" && labelledVocabularies[vocabulary] {
		if l.unlabelled[vocabulary] == nil {
			l.unlabelled[vocabulary] = map[string]bool{}
		}
		l.unlabelled[vocabulary][id] = true
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
