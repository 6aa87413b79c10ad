package build

import (
	"fmt"
	"maps"
	"sort"
	"strings"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/dataset"
	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/i18n"
)

// translate returns cfg with its texts in the language of tr: titles,
// descriptions, notes, series names and labels. What tr leaves out stays as
// config.yaml writes it, and is listed by its key there: labels in
// unlabelled, other texts in missing. A label config.yaml gives a default
// value in the very words of dashgen's default (first, the locale of the
// first language) rewords nothing, so the default's own translation shows.
// tr may also label values config.yaml does not (dashgen's default values,
// sources by their id).
func translate(cfg *config.Config, tr *config.Translation, first *i18n.Locale) (out *config.Config, missing, unlabelled []string) {
	if tr == nil {
		tr = &config.Translation{}
	}
	text := func(key, orig, translated string) string {
		if orig == "" {
			return ""
		}
		if translated == "" {
			missing = append(missing, key)
			return orig
		}
		return translated
	}
	o := *cfg
	out = &o
	out.Site.Title = text("site.title", cfg.Site.Title, tr.Site.Title)
	out.Site.Description = text("site.description", cfg.Site.Description, tr.Site.Description)
	out.Labels = map[string]map[string]string{}
	for vocab, words := range cfg.Labels {
		out.Labels[vocab] = maps.Clone(words)
		for id, word := range words {
			switch translated := tr.Labels[vocab][id]; {
			case translated != "":
				out.Labels[vocab][id] = translated
			case word == "":
			default:
				if def, ok := first.DefaultLabel(vocab, id); ok && def == word && cfg.Vocabularies[vocab] != config.VocabularyOwn {
					delete(out.Labels[vocab], id)
					continue
				}
				unlabelled = append(unlabelled, "labels."+vocab+"."+id)
			}
		}
	}
	for vocab, words := range tr.Labels {
		for id, word := range words {
			if _, ok := cfg.Labels[vocab][id]; !ok && word != "" {
				if out.Labels[vocab] == nil {
					out.Labels[vocab] = map[string]string{}
				}
				out.Labels[vocab][id] = word
			}
		}
	}
	sort.Strings(unlabelled)
	out.Dashboards = make([]config.Dashboard, len(cfg.Dashboards))
	for i, d := range cfg.Dashboards {
		td := tr.Dashboards[d.ID]
		d.Title = text(fmt.Sprintf("dashboards.%s.title", d.ID), d.Title, td.Title)
		d.Description = text(fmt.Sprintf("dashboards.%s.description", d.ID), d.Description, td.Description)
		d.Charts = append([]config.Chart(nil), d.Charts...)
		for j, c := range d.Charts {
			tc := td.Charts[c.ID]
			key := fmt.Sprintf("dashboards.%s.charts.%s", d.ID, c.ID)
			c.Title = text(key+".title", c.Title, tc.Title)
			c.Note = text(key+".note", c.Note, tc.Note)
			c.Queries = append([]config.Query(nil), c.Queries...)
			for k := range c.Queries {
				var series string
				if k < len(tc.Series) {
					series = tc.Series[k]
				}
				c.Queries[k].Series = text(fmt.Sprintf("%s.series[%d]", key, k), c.Queries[k].Series, series)
			}
			d.Charts[j] = c
		}
		out.Dashboards[i] = d
	}
	return out, missing, unlabelled
}

// warnUntranslated lists, in one warning per language, the project texts
// and interface words that show in English, and warns about each label
// shown in the language of config.yaml.
func warnUntranslated(cfg *config.Config, lang string, tr *config.Translation, missing, unlabelled, words []string, l *diag.List) {
	file := cfg.TranslationPath(lang)
	list := func(keys []string) string {
		if len(keys) > 8 {
			return strings.Join(keys[:8], ", ") + fmt.Sprintf(" and %d more", len(keys)-8)
		}
		return strings.Join(keys, ", ")
	}
	if tr == nil {
		l.KeyWarnf(diag.MissingTranslation, cfg.Path, fmt.Sprintf("languages.%s", lang),
			"there is no %s, so the %s pages show the project's texts as config.yaml writes them", file, lang)
	} else if len(missing) > 0 {
		l.Warnf(diag.MissingTranslation, tr.Path, 1, 1, "%d %s no %s translation and show as config.yaml writes them: %s",
			len(missing), plural(len(missing), "text has", "texts have"), lang, list(missing))
	}
	if tr != nil {
		for _, key := range unlabelled {
			parts := strings.SplitN(key, ".", 3)
			l.KeyWarnf(diag.MissingLabel, tr.Path, key, "%q has no %s label, so the %s pages show %q from config.yaml; add one under labels.%s",
				parts[2], lang, lang, cfg.Labels[parts[1]][parts[2]], parts[1])
		}
	}
	if len(words) > 0 {
		l.KeyWarnf(diag.MissingTranslation, cfg.Path, fmt.Sprintf("languages.%s", lang),
			"dashgen's own words lack %d %s translations, shown in English: %s", len(words), lang, list(words))
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// translatePopulations returns the events' population labels in the
// language of tr, by event id; an event's label tr leaves out is added to
// missing by its key there (events.<id>.population_label).
func translatePopulations(data *dataset.Data, tr *config.Translation, missing []string) (map[string]string, []string) {
	out := map[string]string{}
	for _, e := range data.Events {
		if e.PopulationLabel == "" {
			continue
		}
		if tr != nil {
			if s := tr.Events[e.ID].PopulationLabel; s != "" {
				out[e.ID] = s
				continue
			}
		}
		missing = append(missing, "events."+e.ID+".population_label")
	}
	return out, missing
}
