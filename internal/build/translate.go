package build

import (
	"fmt"
	"maps"
	"strings"

	"github.com/dashgen/dashgen/internal/config"
	"github.com/dashgen/dashgen/internal/diag"
)

// translate returns cfg with its texts in the language of tr: titles,
// descriptions, notes, series names and labels. What tr leaves out stays as
// config.yaml writes it, and is listed in missing by its key there.
func translate(cfg *config.Config, tr *config.Translation) (*config.Config, []string) {
	if tr == nil {
		tr = &config.Translation{}
	}
	var missing []string
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
	out := *cfg
	out.Site.Title = text("site.title", cfg.Site.Title, tr.Site.Title)
	out.Site.Description = text("site.description", cfg.Site.Description, tr.Site.Description)
	out.Labels = map[string]map[string]string{}
	for vocab, words := range cfg.Labels {
		out.Labels[vocab] = maps.Clone(words)
		for id, word := range words {
			out.Labels[vocab][id] = text("labels."+vocab+"."+id, word, tr.Labels[vocab][id])
		}
	}
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
	return &out, missing
}

// warnUntranslated lists, in one warning per language, the project texts
// and interface words that show in English.
func warnUntranslated(cfg *config.Config, lang string, tr *config.Translation, missing, words []string, l *diag.List) {
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
