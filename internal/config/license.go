package config

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/dashgen/dashgen/internal/diag"
)

// licenseName is an Open Definition licence identifier, as the Data
// Package standard reads a licence's name (CC-BY-4.0, ODC-By-1.0).
var licenseName = regexp.MustCompile(`^[-a-zA-Z0-9._]+$`)

// validateLicense checks site.license: a name that is a licence
// identifier, a path that is a web address, and a name or a path when
// anything is given.
func (c *Config) validateLicense(l *diag.List) {
	f, lic := c.Path, c.Site.License
	if lic == (License{}) {
		return
	}
	if lic.Name != "" && !licenseName.MatchString(lic.Name) {
		l.KeyErrorf(diag.InvalidValue, f, "site.license.name", "%q is not a licence identifier such as CC-BY-4.0 (letters, digits, hyphens, dots and underscores)", lic.Name)
	}
	if lic.Path != "" {
		if u, err := url.Parse(lic.Path); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(lic.Path, " \t\n") {
			l.KeyErrorf(diag.InvalidValue, f, "site.license.path", "%q is not a web address of the licence's text such as https://creativecommons.org/licenses/by/4.0/", lic.Path)
		}
	}
	if lic.Name == "" && lic.Path == "" {
		l.KeyErrorf(diag.InvalidValue, f, "site.license", "names no licence; give its name (such as CC-BY-4.0), the web address of its text (path), or both")
	}
}
