package geo

import "testing"

func TestMapsHaveCodes(t *testing.T) {
	world, us := Maps()[0], Maps()[1]
	for _, c := range []string{"MX", "CZ", "BA", "DJ", "US", "AZ"} {
		if !world.Has(c) {
			t.Errorf("the world map has no shape for %s", c)
		}
	}
	// Scotland has no shape of its own at 1:110m; Bahrain is too small.
	for _, c := range []string{"GB-SCT", "BH", "US-TX", ""} {
		if world.Has(c) {
			t.Errorf("the world map has a shape for %q", c)
		}
	}
	for _, c := range []string{"US-TX", "US-AK", "US-HI", "US-DC", "US-WV"} {
		if !us.Has(c) {
			t.Errorf("the US map has no shape for %s", c)
		}
	}
	if len(us.codes) < 51 {
		t.Errorf("the US map has %d shapes, want at least 51", len(us.codes))
	}
}

func TestFor(t *testing.T) {
	if m := For([]string{"US-TX", "US-HI"}); m.Name != "us-states" {
		t.Errorf("For(US states) = %s", m.Name)
	}
	if m := For([]string{"US-TX", "MX"}); m.Name != "world" {
		t.Errorf("For(mixed) = %s", m.Name)
	}
	if m := For(nil); m.Name != "world" {
		t.Errorf("For(nothing) = %s", m.Name)
	}
}

func TestNameAndSuggest(t *testing.T) {
	for code, want := range map[string]string{"CZ": "Czechia", "GB-SCT": "Scotland", "US-TX": "Texas", "BA": "Bosnia and Herzegovina"} {
		if n, ok := Name(code); !ok || n != want {
			t.Errorf("Name(%s) = %q, %v; want %q", code, n, ok, want)
		}
	}
	if _, ok := Name("XX"); ok {
		t.Error("Name(XX) is known")
	}
	for name, want := range map[string]string{
		"Mexico": "MX", "Texas": "US-TX", "Scotland": "GB-SCT", "West Virginia": "US-WV",
		"Bosnia and Herzegovina": "BA", "Mexcio": "MX", "Organisation of Islamic Cooperation": "",
	} {
		if got := Suggest(name); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestSource(t *testing.T) {
	if got, want := Maps()[0].Source(), "Natural Earth 1:110m (world-atlas 2.0.2)"; got != want {
		t.Errorf("Source() = %q, want %q", got, want)
	}
	if got, want := Maps()[1].Source(), "US Census Bureau 1:10m (us-atlas 3.0.1)"; got != want {
		t.Errorf("Source() = %q, want %q", got, want)
	}
}
