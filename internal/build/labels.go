package build

import (
	"strings"

	"github.com/dashgen/dashgen/charts"
	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/i18n"
)

// Words are a project's words in one language, the charts.Words that
// build hands to charts: the locale's interface words, and the label of
// each id: the project's labels (config.yaml, or its translation) first;
// for a source, its label in sources.csv, else its publisher and year; for
// a value of dashgen's default vocabulary, the default label; otherwise the
// id made readable.
type Words struct {
	cfg  *config.Config
	data *dataset.Data
	loc  *i18n.Locale
	// populations are the events' population labels in this language, by
	// event id, where the translation gives one.
	populations map[string]string
	// unlabelled records the ids shown without a label, for the
	// missing-label warning: vocabulary → id.
	unlabelled map[string]map[string]bool
}

// NewWords makes the words of a project in the language of loc.
func NewWords(cfg *config.Config, data *dataset.Data, loc *i18n.Locale) *Words {
	return &Words{cfg: cfg, data: data, loc: loc, unlabelled: map[string]map[string]bool{}}
}

// Words are what charts turns ids into words with.
var _ charts.Words = (*Words)(nil)

// StatedBy is how many sources state the figure (charts.Corroborated).
func (l *Words) StatedBy(figure string) int {
	return l.data.StatedBy(l.data.Figure(figure))
}

var _ charts.Corroborated = (*Words)(nil)

// Locale is the language the labels are in.
func (l *Words) Locale() *i18n.Locale { return l.loc }

// labelledVocabularies are the lists whose ids are expected to have a
// label; an id shown from them without one is warned about. Free-text
// columns (jurisdiction, body) show as written; sources have their
// publisher and year.
var labelledVocabularies = map[string]bool{
	"measure": true, "group": true, "unit": true, "level": true, "term": true, "kind": true, "status": true,
	"qualifier": true, "column": true,
}

// Label returns the label of id in a vocabulary. The vocabulary
// "population" gives the words after an event's population in a share,
// "" for dashgen's neutral wording.
func (l *Words) Label(vocabulary, id string) string {
	if s, ok := l.cfg.Label(vocabulary, id); ok {
		return s
	}
	switch vocabulary {
	case "population":
		if s, ok := l.populations[id]; ok {
			return s
		}
		if e := l.data.Event(id); e != nil {
			return e.PopulationLabel
		}
		return ""
	case "source":
		if s := l.data.Source(id); s != nil {
			if s.Label != "" {
				return s.Label
			}
			name := s.Publisher
			if name == "" {
				name = s.Title
			}
			if len(s.Published) >= 4 {
				name += ", " + s.Published[:4]
			}
			return name
		}
	case "attributed_to":
		// Free text: shown as written where no label translates it.
		return id
	}
	if l.cfg.Vocabularies[vocabulary] != config.VocabularyOwn {
		if s, ok := l.loc.DefaultLabel(vocabulary, id); ok {
			return s
		}
	}
	if _, blank := l.cfg.Labels[vocabulary][strings.ToLower(id)]; !blank && id != "" && labelledVocabularies[vocabulary] {
		if l.unlabelled[vocabulary] == nil {
			l.unlabelled[vocabulary] = map[string]bool{}
		}
		l.unlabelled[vocabulary][id] = true
	}
	return strings.ReplaceAll(strings.ReplaceAll(id, "_", " "), "-", " ")
}
