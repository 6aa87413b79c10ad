package site

import (
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/dashgen/dashgen/charts"
)

// luminance is the WCAG relative luminance of a #rrggbb colour.
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 || hex[0] != '#' {
		t.Fatalf("colour %q is not #rrggbb", hex)
	}
	var l [3]float64
	for i := range l {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			l[i] = c / 12.92
		} else {
			l[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

var cssVar = regexp.MustCompile(`--(ink|muted|line|paper|wash|accent): (#[0-9a-fA-F]{6})`)

// themes reads the colour variables of page.css: the light theme (:root)
// and the embeds' dark theme (its first definition).
func themes(t *testing.T) []map[string]string {
	light, dark := map[string]string{}, map[string]string{}
	for _, m := range cssVar.FindAllStringSubmatch(pageCSS, -1) {
		switch {
		case light[m[1]] == "":
			light[m[1]] = m[2]
		case dark[m[1]] == "":
			dark[m[1]] = m[2]
		}
	}
	for _, th := range []map[string]string{light, dark} {
		if len(th) != 6 {
			t.Fatalf("page.css: found colours %v; want ink, muted, line, paper, wash and accent in both themes", th)
		}
	}
	return []map[string]string{light, dark}
}

// TestTextContrast: text and links meet WCAG 2.2 AA (4.5:1) on the page
// and on the tinted boxes, in both themes.
func TestTextContrast(t *testing.T) {
	for i, th := range themes(t) {
		for _, fg := range []string{"ink", "muted", "accent"} {
			for _, bg := range []string{"paper", "wash"} {
				if c := contrast(t, th[fg], th[bg]); c < 4.5 {
					t.Errorf("theme %d: --%s %s on --%s %s is %.2f:1, under 4.5:1", i, fg, th[fg], bg, th[bg], c)
				}
			}
		}
	}
}

// TestPaletteContrast: every series colour stands out from the page by at
// least 3:1 (WCAG 1.4.11, graphical objects), in both themes. Series are
// told apart without colour by decal patterns (page.js); the palette is
// Okabe–Ito's, chosen for colour-blind readers.
func TestPaletteContrast(t *testing.T) {
	for i, th := range themes(t) {
		for _, c := range charts.Palette {
			if r := contrast(t, c, th["paper"]); r < 3 {
				t.Errorf("theme %d: series colour %s on %s is %.2f:1, under 3:1", i, c, th["paper"], r)
			}
		}
	}
}
