package config

import (
	"fmt"
	"net/mail"
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
		if !webAddress(lic.Path) {
			l.KeyErrorf(diag.InvalidValue, f, "site.license.path", "%q is not a web address of the licence's text such as https://creativecommons.org/licenses/by/4.0/", lic.Path)
		}
	}
	if lic.Name == "" && lic.Path == "" {
		l.KeyErrorf(diag.InvalidValue, f, "site.license", "names no licence; give its name (such as CC-BY-4.0), the web address of its text (path), or both")
	}
}

// webAddress: s is an http or https address with a host and no blanks.
func webAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(s, " \t\n")
}

// contributorRole is a role as the Data Package standard writes one
// (author, contributor, maintainer, publisher, wrangler, or the project's
// own word): lower-case letters, digits and hyphens.
var contributorRole = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// validateContributors checks site.contributors: each has a title, its
// roles are words, its email has the shape of one and its path is a web
// address.
func (c *Config) validateContributors(l *diag.List) {
	f := c.Path
	for i, ct := range c.Site.Contributors {
		key := fmt.Sprintf("site.contributors[%d]", i)
		if strings.TrimSpace(ct.Title) == "" {
			l.KeyErrorf(diag.MissingValue, f, key+".title", "is empty; every contributor needs the name they are cited by")
		}
		for j, r := range ct.Roles {
			if !contributorRole.MatchString(r) {
				l.KeyErrorf(diag.InvalidValue, f, fmt.Sprintf("%s.roles[%d]", key, j), "%q is not a role such as author, contributor, maintainer or publisher (lower-case letters, digits and hyphens)", r)
			}
		}
		if ct.Email != "" {
			if a, err := mail.ParseAddress(ct.Email); err != nil || a.Address != ct.Email {
				l.KeyErrorf(diag.InvalidValue, f, key+".email", "%q is not an email address such as name@example.org", ct.Email)
			}
		}
		if ct.Path != "" && !webAddress(ct.Path) {
			l.KeyErrorf(diag.InvalidValue, f, key+".path", "%q is not a web address such as https://example.org/about", ct.Path)
		}
	}
}
