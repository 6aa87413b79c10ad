package format

import (
	"testing"

	"github.com/dashgen/dashgen/internal/i18n"
)

func ptr(n int64) *int64 { return &n }

func TestFigure(t *testing.T) {
	phrase := func(q string) string {
		return map[string]string{"at_least": "at least", "more_than": "more than", "about": "about", "up_to": "up to", "unknown": "not reported"}[q]
	}
	cases := []struct {
		v, min, max *int64
		q, want     string
	}{
		{ptr(613), nil, nil, "exact", "613"},
		{ptr(161), nil, nil, "at_least", "at least 161"},
		{ptr(10), nil, nil, "more_than", "more than 10"},
		{ptr(1275), nil, nil, "about", "about 1,275"},
		{nil, ptr(500), ptr(1000), "range", "500–1,000"},
		{ptr(613), ptr(500), ptr(1000), "range", "613 (500–1,000)"},
		{nil, nil, nil, "unknown", "not reported"},
	}
	en, err := i18n.Load("en", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if got := Figure(en, c.v, c.min, c.max, c.q, phrase); got != c.want {
			t.Errorf("Figure(%s) = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestFigureInTheLanguageOfThePage(t *testing.T) {
	ru, err := i18n.Load("ru", nil)
	if err != nil {
		t.Fatal(err)
	}
	phrase := func(q string) string { return map[string]string{"about": "около"}[q] }
	if got := Figure(ru, ptr(1275), nil, nil, "about", phrase); got != "около 1\u00a0275" {
		t.Errorf("got %q", got)
	}
	if got := Figure(ru, nil, ptr(500), ptr(1000), "range", phrase); got != "500–1\u00a0000" {
		t.Errorf("got %q", got)
	}
}
