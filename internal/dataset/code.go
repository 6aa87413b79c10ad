package dataset

import (
	"slices"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/geo"
)

// isoCode checks a recognition's code against ISO 3166 (the codes maps
// place jurisdictions by): a code ISO 3166 does not have is an error, with
// the code whose name is closest to the jurisdiction's; a jurisdiction
// written exactly as ISO 3166 names another code is a warning (names that
// differ from ISO's, such as "Czech Republic" for CZ, Czechia, are fine:
// maps match by code only).
func isoCode(c *cellCheck, r *Recognition, i int) {
	code := r.Code
	if code == "" {
		return
	}
	if _, ok := geo.Name(code); !ok {
		if s := geo.Suggest(r.Jurisdiction); s != "" {
			name, _ := geo.Name(s)
			c.errorf(diag.UnknownCode, i, "%q is not an ISO 3166 code (did you mean %q, %s?); write a country's alpha-2 code (MX) or a subdivision's ISO 3166-2 code (US-TX), or leave it empty for a body no code names", code, s, name)
			return
		}
		c.errorf(diag.UnknownCode, i, "%q is not an ISO 3166 code; write a country's alpha-2 code (MX) or a subdivision's ISO 3166-2 code (US-TX), or leave it empty for a body no code names", code)
		return
	}
	if named := geo.Named(r.Jurisdiction); len(named) > 0 && !slices.Contains(named, code) {
		name, _ := geo.Name(code)
		c.warnf(diag.CodeNotName, i, "%q is %s in ISO 3166, but the jurisdiction is %q, which is %s; check the code", code, name, r.Jurisdiction, named[0])
	}
}
