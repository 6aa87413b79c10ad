package charts

import (
	"github.com/dashgen/dashgen/internal/format"
)

func (c *Chart) cards(tables []*table, lab Words, phrase format.Phrases) error {
	loc := lab.Locale()
	used := map[string]bool{}
	for _, t := range tables {
		for _, r := range t.Rows {
			m, err := MarkFor(r.Qualifier)
			if err != nil {
				return err
			}
			used[m.Class] = true
			card := Card{Label: r.Label, Value: format.Figure(loc, r.Value, r.Min, r.Max, r.Qualifier, phrase), Sources: r.Sources, Mark: &m}
			if r.Share != nil {
				card.Share = shareText(lab, r.Share)
			}
			if r.Figure != "" && r.Unit != "persons" && r.Unit != "" {
				card.Note = lab.Label("unit", r.Unit)
			}
			c.Cards = append(c.Cards, card)
		}
	}
	c.Marks = legendOf(used)
	for i := range c.Cards {
		if c.Marks == nil || c.Cards[i].Mark.None {
			c.Cards[i].Mark = nil
		}
	}
	return nil
}
