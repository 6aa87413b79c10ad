package build

import "strconv"

// Dataset is the schema.org Dataset an index page carries as JSON-LD:
// the data package in the words search engines and catalogues read.
type Dataset struct {
	Context      string         `json:"@context"`
	Type         string         `json:"@type"`
	Name         string         `json:"name"`
	Description  string         `json:"description,omitempty"`
	URL          string         `json:"url,omitempty"`
	Version      string         `json:"version,omitempty"`
	DateModified string         `json:"dateModified,omitempty"`
	InLanguage   string         `json:"inLanguage"`
	License      string         `json:"license,omitempty"`
	Distribution []DataDownload `json:"distribution"`
}

// DataDownload is one file of the data package.
type DataDownload struct {
	Type           string `json:"@type"`
	Name           string `json:"name"`
	EncodingFormat string `json:"encodingFormat"`
	ContentURL     string `json:"contentUrl"`
	ContentSize    string `json:"contentSize,omitempty"`
}

// linkedData is the Dataset of the index page of one language, whose
// folder is prefix ("" or "az/"): its title and description in that
// language, the package's files as downloads, addressed from the page (or
// absolutely, under base, when the site states where it is published).
// It names no source: the page would hold every source's title and
// address without showing them (text a page holds it must show); the
// sources are in datapackage.json, a download of the Dataset, and on the
// sources page.
func linkedData(p *DataPackage, title, description, lang, prefix, base string) Dataset {
	root := ""
	if prefix != "" {
		root = "../"
	}
	if base != "" {
		root = base
	}
	d := Dataset{
		Context: "https://schema.org", Type: "Dataset", Name: title, Description: description,
		Version: p.Version, InLanguage: lang,
	}
	if base != "" {
		d.URL = base + prefix
	}
	if len(p.Created) >= 10 {
		d.DateModified = p.Created[:10]
	}
	for _, l := range p.Licenses {
		if l.Path != "" {
			d.License = l.Path
			break
		}
	}
	d.Distribution = append(d.Distribution, DataDownload{Type: "DataDownload", Name: PackageFile,
		EncodingFormat: "application/json", ContentURL: root + PackageFile})
	for _, r := range p.Resources {
		d.Distribution = append(d.Distribution, DataDownload{Type: "DataDownload", Name: r.Name,
			EncodingFormat: r.MediaType, ContentURL: root + r.Path, ContentSize: strconv.Itoa(r.Bytes) + " B"})
	}
	return d
}
