package build

import (
	"fmt"
	"maps"
	"path/filepath"
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

// warnUntranslated warns about each project text and each of dashgen's
// own words that the pages of lang show untranslated, and about each label
// shown in the language of config.yaml: one warning per key, at the key of
// the translation file where it goes, so that --strict counts each.
func warnUntranslated(cfg *config.Config, lang string, tr *config.Translation, missing, unlabelled, words []string, l *diag.List) {
	file := filepath.ToSlash(cfg.TranslationPath(lang))
	if tr == nil {
		l.KeyWarnf(diag.MissingTranslation, cfg.Path, fmt.Sprintf("languages.%s", lang),
			"there is no %s, so the %s pages show the project's texts as config.yaml writes them", file, lang)
	} else {
		file = tr.Path
		for _, key := range missing {
			from := "config.yaml"
			if strings.HasPrefix(key, "events.") {
				from = dataset.EventsFile
			}
			l.KeyWarnf(diag.MissingTranslation, file, key, "no %s translation, so the %s pages show this text as %s writes it; add it under this key", lang, lang, from)
		}
		for _, key := range unlabelled {
			parts := strings.SplitN(key, ".", 3)
			l.KeyWarnf(diag.MissingLabel, file, key, "%q has no %s label, so the %s pages show %q from config.yaml; add one under labels.%s",
				parts[2], lang, lang, cfg.Labels[parts[1]][parts[2]], parts[1])
		}
	}
	for _, w := range words {
		l.KeyWarnf(diag.MissingTranslation, file, "interface."+w, "dashgen's word %q has no %s translation, so the %s pages show it in English; add one under this key, or in internal/i18n/locales/%s.yaml", w, lang, lang, lang)
	}
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
