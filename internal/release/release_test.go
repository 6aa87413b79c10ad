package release

import "testing"

func TestValid(t *testing.T) {
	for v, ok := range map[string]bool{
		"1.0.0": true, "0.1.0": true, "2.0.0-rc.1": true, "10.20.30": true,
		"1.0": false, "1": false, "v1.0.0": false, "1.0.0+abc": false, "1.02.0": false, "": false, "one": false,
	} {
		if Valid(v) != ok {
			t.Errorf("Valid(%q) = %v, want %v", v, !ok, ok)
		}
	}
}

func TestCompare(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"1.0.0", "1.0.1", -1}, {"1.10.0", "1.9.0", 1}, {"2.0.0-rc.1", "2.0.0", -1}, {"1.2.3", "1.2.3", 0}} {
		if got := Compare(c.a, c.b); got != c.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
