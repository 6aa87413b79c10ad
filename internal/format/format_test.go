package format

import "testing"

func ptr(n int64) *int64 { return &n }

func TestInt(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1275: "1,275", 1000000: "1,000,000", -1275: "-1,275"} {
		if got := Int(n); got != want {
			t.Errorf("Int(%d) = %q, want %q", n, got, want)
		}
	}
}

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
	for _, c := range cases {
		if got := Figure(c.v, c.min, c.max, c.q, phrase); got != c.want {
			t.Errorf("Figure(%s) = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestPercent(t *testing.T) {
	for p, want := range map[float64]string{17.29: "17%", 8.757: "8.8%", 2.0: "2%", 0.05: "under 0.1%"} {
		if got := Percent(p); got != want {
			t.Errorf("Percent(%v) = %q, want %q", p, got, want)
		}
	}
}
