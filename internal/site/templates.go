package site

import "html/template"

// The page templates. html/template escapes every value for its context;
// the only unescaped values are the Content-Security-Policy, our own static
// style and scripts (all three made by inline, so every inline script and
// style has its hash in the policy) and the JSON data blocks made by
// DataBlock. Write no <script>, <style> or style="" here: the policy
// refuses them; put styles in assets/page.css.
var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{"citeArgs": citeArgs, "archivedArgs": archivedArgs}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"{{if eq .Kind "embed"}} class="embed"{{end}} data-group="{{.Loc.Group}}">
<head>
<meta charset="utf-8">
{{.CSP}}
<meta name="viewport" content="width=device-width, initial-scale=1">
{{if eq .Kind "embed"}}<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
{{end}}
<title>{{if ne .PageTitle .Title}}{{.PageTitle}} · {{end}}{{.Title}}</title>
{{with .Description}}<meta name="description" content="{{.}}">
{{end}}<meta name="generator" content="dashgen {{.Version}}">
{{with .Head}}{{.}}
{{end}}{{range .Alternates}}<link rel="alternate" hreflang="{{.Lang}}" href="{{.Href}}">
{{end}}{{.Style}}
</head>
<body>
{{if eq .Kind "embed"}}{{template "embed" .Body}}{{else}}<a class="skip" href="#main">{{.Loc.T "skip_to_content"}}</a>
<header class="site"><div class="inner">
<a class="site-title" href="index.html">{{.Title}}</a>
<nav aria-label="{{.Loc.T "dashboards"}}"><ul>
{{range .Nav}}<li><a href="{{.Href}}"{{if .Current}} aria-current="page"{{end}}>{{.Title}}</a></li>
{{end}}</ul></nav>
{{with .Alternates}}<nav class="langs" aria-label="{{$.Loc.T "languages"}}"><ul>
{{range .}}<li><a href="{{.Href}}" hreflang="{{.Lang}}" lang="{{.Lang}}"{{if .Current}} aria-current="page"{{end}}>{{.Name}}</a></li>
{{end}}</ul></nav>{{end}}
</div></header>
<main id="main">
{{if eq .Kind "dashboard"}}{{template "dashboard" .Body}}{{else if eq .Kind "index"}}{{template "index" .Body}}{{else if eq .Kind "changes"}}{{template "changes" .Body}}{{else}}{{template "sources" .Body}}{{end}}
</main>
<footer><div class="inner">{{with .Release}}<span class="release">{{.}}.</span> {{end}}{{if .Changes}}<a class="changes-link" href="changes.html">{{.Loc.T "changes_title"}}</a>. {{end}}{{.Loc.T "footer" .Version .ECharts}} <a href="sources.html">{{.Loc.T "sources"}}</a>.</div></footer>
{{end}}{{range .Scripts}}{{.}}
{{end}}</body>
</html>
{{define "sourceline"}}<p class="sources">{{.Loc.T "sources_line"}} {{range $i, $g := .Sources}}{{if $i}}; {{end}}{{if eq (len $g.Links) 1}}{{range $g.Links}}{{if .URL}}<a href="{{.URL}}" data-shown="{{.Shown}}" rel="noopener noreferrer" title="{{.Title}}"{{if $.NewTab}} target="_blank"{{end}}>{{$g.Name}}</a>{{else}}<a href="{{$.Root}}sources.html#source-{{.ID}}" title="{{.Title}}"{{if $.NewTab}} target="_blank"{{end}}>{{$g.Name}}</a>{{end}}{{template "archived" (archivedArgs . $.NewTab)}}{{end}}{{else}}{{$g.Name}} ({{range $j, $l := $g.Links}}{{if $j}}, {{end}}{{if $l.URL}}<a href="{{$l.URL}}" data-shown="{{$l.Shown}}" rel="noopener noreferrer" title="{{$l.Title}}"{{if $.NewTab}} target="_blank"{{end}}>{{$l.N}}</a>{{else}}<a href="{{$.Root}}sources.html#source-{{$l.ID}}" title="{{$l.Title}}"{{if $.NewTab}} target="_blank"{{end}}>{{$l.N}}</a>{{end}}{{template "archived" (archivedArgs $l $.NewTab)}}{{end}}){{end}}{{end}}</p>{{end}}
{{define "archived"}}{{with .Link}}{{if .ArchiveURL}} <a class="archived" href="{{.ArchiveURL}}" data-shown="{{.ArchiveShown}}" rel="noopener noreferrer"{{if $.NewTab}} target="_blank"{{end}}>({{.ArchiveText}})</a>{{end}}{{end}}{{end}}
{{define "actions"}}<div class="actions">
<details class="embed-code"><summary>{{.Loc.T "embed"}}</summary>
<p>{{.Loc.T "embed_help"}}</p>
<textarea readonly rows="4" aria-label="{{.Loc.T "embed_code_for" .Title}}">{{.Actions.Embed}}</textarea>
<button type="button" class="copy" data-copied="{{.Loc.T "copied"}}" hidden>{{.Loc.T "copy_code"}}</button>
</details>
{{with .Cite}}{{template "cite" (citeArgs . $.Loc)}}{{end}}
<a class="action" href="{{.Actions.DataHref}}" download>{{.Loc.T "data_csv"}}</a>
{{if .Actions.ImageName}}<button type="button" class="action image" data-chart="{{.ID}}" data-file="{{.Actions.ImageName}}" hidden>{{.Loc.T "image_png"}}</button>{{end}}
</div>
{{end}}
{{define "chart"}}<section class="chart{{if .Wide}} wide{{end}}" id="chart-{{.ID}}" aria-labelledby="title-{{.ID}}">
{{if .Main}}<h1 id="title-{{.ID}}">{{.Title}}</h1>{{else}}<h2 id="title-{{.ID}}">{{.Title}}</h2>{{end}}
{{if .Cards}}<div class="cards">{{range .CardViews}}<div class="card"><div class="label">{{.Label}}</div><div class="value">{{with .Swatch}}{{.}} {{end}}{{.Value}}</div>{{with .Share}}<div class="share">{{.}}</div>{{end}}{{with .Note}}<div class="share">{{.}}</div>{{end}}</div>{{end}}</div>
{{else if .Table}}<div class="table-wrap" tabindex="0" role="region" aria-label="{{.Loc.T "chart_table"}}: {{.Title}}"><table><thead><tr>{{range .Table.Header}}<th scope="col">{{.}}</th>{{end}}</tr></thead><tbody>
{{range .Rows}}<tr>{{range .}}<td>{{if .Links}}{{range $i, $s := .Links}}{{if $i}}; {{end}}<a href="{{$.Root}}sources.html#source-{{$s.ID}}"{{if $.NewTab}} target="_blank"{{end}}>{{$s.Name}}</a>{{end}}{{else}}{{.Text}}{{end}}</td>{{end}}</tr>
{{end}}</tbody></table></div>
{{if .Cut}}<p class="rows-shown">{{.Loc.T "rows_shown" .RowsShown .RowsTotal}} <a href="{{.Root}}data/{{.ID}}.csv" download>{{.Loc.T "rows_download"}}</a></p>
{{end}}{{else}}<div class="draw" id="draw-{{.ID}}" role="img" aria-labelledby="title-{{.ID}}" aria-describedby="desc-{{.ID}}" data-height="{{.Height}}" data-failed="{{.Loc.T "chart_failed"}}"></div>
<p class="visually-hidden" id="desc-{{.ID}}">{{.Describe}}</p>
{{.Data}}
<details class="as-text"><summary>{{.Loc.T "figures_as_text"}}</summary><table><thead><tr>{{if (index .Text 0).Series}}<th scope="col">{{.Loc.T "series"}}</th>{{end}}<th scope="col">{{.Loc.T "item"}}</th><th scope="col">{{.Loc.T "figure"}}</th><th scope="col">{{.Loc.T "source"}}</th></tr></thead><tbody>
{{range .Text}}<tr>{{if .Series}}<td>{{.Series}}</td>{{end}}<td>{{.Label}}</td><td>{{.Figure}}</td><td>{{range $i, $s := .Links}}{{if $i}}; {{end}}<a href="{{$.Root}}sources.html#source-{{$s.ID}}"{{if $.NewTab}} target="_blank"{{end}}>{{$s.Name}}</a>{{end}}</td></tr>
{{end}}</tbody></table></details>
{{end}}{{with .Legend}}<ul class="marks" aria-label="{{if $.Keys}}{{$.Loc.T "map_legend"}}{{else}}{{$.Loc.T "marks_legend"}}{{end}}">{{range .}}<li>{{.Swatch}} {{.Words}}</li>{{end}}</ul>
{{end}}{{if or .Notes .ChangeNotes}}<ul class="notes">{{range .Notes}}<li>{{.}}</li>{{end}}{{range .ChangeNotes}}<li class="changed"><a href="{{$.Root}}changes.html#{{.Anchor}}"{{if $.NewTab}} target="_blank"{{end}}>{{.Before}}{{if .ReasonLang}}<span lang="{{.ReasonLang}}">{{.Reason}}</span>{{else}}{{.Reason}}{{end}}{{.After}}</a></li>{{end}}</ul>{{end}}
{{template "sourceline" .}}
{{if .Actions}}{{template "actions" .}}{{end}}</section>
{{end}}
{{define "dashboard"}}<h1>{{.Title}}</h1>
{{with .Description}}<p class="lead">{{.}}</p>{{end}}
{{with .Cite}}<div class="actions page-cite">{{template "cite" (citeArgs . $.Loc)}}</div>
{{end}}<p class="print-only">{{if .DataDate}}{{.Loc.T "print_head" .Site .DataDate}}{{else}}{{.Loc.T "print_head_no_date" .Site}}{{end}}{{with .Release}} {{.}}.{{end}}</p>
<div class="grid">
{{range .Charts}}{{template "chart" .}}{{end}}</div>
<section class="print-sources"><h2>{{.Loc.T "sources"}}</h2><ol>
{{range .Sources}}<li><strong>{{.Name}}</strong>: {{.Title}}{{if .Link}} <a class="url" href="{{.Link}}">{{.LinkShown}}</a>{{else}}{{with .URL}} <span class="url">{{.}}</span>{{end}}{{end}}{{if .ArchiveURL}} · {{.ArchiveText}}: <a class="url" href="{{.ArchiveURL}}">{{.ArchiveShown}}</a>{{else if .Archive}} · {{.ArchiveText}}: <span class="url">{{.Archive}}</span>{{end}}</li>
{{end}}</ol>{{with .Cite}}
<p class="cite-print">{{$.Loc.T "cite_as"}} {{.Text}}</p>{{end}}</section>
{{end}}
{{define "index"}}<h1>{{.Title}}</h1>
{{with .Description}}<p class="lead">{{.}}</p>{{end}}
{{with .Headline}}{{template "chart" .}}{{end}}
<h2 class="dash-heading">{{.Loc.T "dashboards"}}</h2>
<ul class="dash-list">
{{range .Dashboards}}<li><a href="{{.ID}}.html">{{.Title}}</a>{{with .Description}}<br><span class="source-meta">{{.}}</span>{{end}}</li>
{{end}}<li><a href="sources.html">{{.Loc.T "sources"}}</a><br><span class="source-meta">{{if eq .SourceCount 1}}{{.Loc.T "one_source"}}{{else}}{{.Loc.T "all_sources" .SourceCount}}{{end}}</span></li>
{{if .Changes}}<li><a href="changes.html">{{.Loc.T "changes_title"}}</a><br><span class="source-meta">{{.Loc.T "changes_index"}}</span></li>
{{end}}</ul>
{{end}}
{{define "embed"}}<main class="embed-main">
{{template "chart" .Chart}}<p class="from">{{.Chart.Loc.T "from"}} <a href="../{{.Dashboard.ID}}.html#chart-{{.Chart.ID}}" target="_blank">{{.Dashboard.Title}} · {{.Site}}</a>{{with .Release}}<br><span class="release">{{.}}</span>{{end}}</p>
</main>
{{end}}
{{define "sources"}}<h1>{{.Loc.T "sources"}}</h1>
<p class="lead">{{.Loc.T "sources_lead"}}</p>
<p class="source-files">{{.Loc.T "sources_cite_all"}} <a href="sources.bib" download>sources.bib</a> (BibTeX) · <a href="sources.json" download>sources.json</a> (CSL-JSON)</p>
<p class="corroboration">{{.Loc.T "corroboration_rule"}}</p>
{{range .Kinds}}<section class="source-kind" aria-labelledby="kind-{{.Kind}}"><h2 id="kind-{{.Kind}}">{{.Heading}}</h2>
<ol class="source-list">
{{range $src := .List}}<li id="source-{{.ID}}"><strong>{{.Title}}</strong>{{with .Publisher}}. {{.}}{{end}}{{with .Published}}, {{.}}{{end}}.<br>
<span class="source-meta">{{$.Loc.T "cited_as" .Name}} · {{$.Loc.T "kind"}}: {{.KindTxt}} · {{$.Loc.T "id"}}: {{.ID}} · {{if eq .CitedBy 1}}{{$.Loc.T "cited_by_one" .CitedBy}}{{else}}{{$.Loc.T "cited_by_many" .CitedBy}}{{end}}</span><br>
{{if .Link}}<a class="url" href="{{.Link}}" rel="noopener noreferrer">{{.Link}}</a>{{else if .URL}}<span class="url">{{.URL}}</span>{{else}}<span class="source-meta">{{$.Loc.T "no_web_address"}}</span>{{end}}
<br>{{if .ArchiveLink}}<span class="archive">{{.ArchiveText}}: <a class="url" href="{{.ArchiveLink}}" rel="noopener noreferrer">{{.ArchiveLink}}</a></span>{{else if .ArchiveURL}}<span class="archive">{{.ArchiveText}}: <span class="url">{{.ArchiveURL}}</span></span>{{else}}<span class="source-meta">{{$.Loc.T "no_archived_copy"}}</span>{{end}}
{{with .AccessedText}}<br><span class="source-meta">{{$.Loc.T "accessed_on" .}}</span>{{end}}
{{with .Note}}<br><span class="source-meta">{{.}}</span>{{end}}
{{if .Uses}}<div class="uses"><p class="uses-head">{{$.Loc.T "cited_for"}}</p>
<ul>{{range .Uses}}{{template "use" .}}{{end}}</ul>
{{with .More}}<details class="uses-more"><summary>{{$.Loc.T "cited_for_more" (len .)}}</summary><ul>{{range .}}{{template "use" .}}{{end}}</ul></details>
{{end}}{{with .Unlisted}}<p class="source-meta uses-unlisted">{{.}} <a href="{{$src.PackageHref}}">datapackage.json</a></p>
{{end}}</div>
{{end}}{{with .Cite}}<div class="actions">{{template "cite" (citeArgs . $.Loc)}}</div>{{end}}</li>
{{end}}</ol></section>
{{end}}{{end}}
{{define "use"}}<li>{{.Text}}{{with .StatedBy}} <span class="source-meta">{{.}}</span>{{end}}{{with .Charts}}<br><span class="use-charts">→ {{range $i, $c := .}}{{if $i}} · {{end}}<a href="{{$c.Href}}">{{$c.Title}}</a>{{end}}</span>{{end}}</li>{{end}}
{{define "changes"}}<h1>{{.Loc.T "changes_title"}}</h1>
<p class="lead">{{.Loc.T "changes_lead"}}</p>
{{with .Unknown}}<p class="changes-unknown">{{.}}</p>
{{end}}{{with .DataHref}}<p class="source-files">{{$.Loc.T "changes_data"}} <a href="{{.}}" download>changes.json</a> (JSON)</p>
{{end}}{{range .Versions}}<section class="release-changes" id="{{.Anchor}}" aria-labelledby="{{.Anchor}}-title">
<h2 id="{{.Anchor}}-title">{{$.Loc.T "changes_version" .Version .Date}}</h2>
{{with .Compared}}<p class="source-meta">{{.}}</p>
{{end}}<ol class="change-list">
{{range .Entries}}<li id="{{.Anchor}}"><p><strong class="change-kind">{{.Kind}}</strong>{{if .Reason}}: <span class="change-reason"{{with .ReasonLang}} lang="{{.}}"{{end}}>{{.Reason}}</span>{{end}}</p>
{{with .Items}}<ul class="change-items">
{{range .}}<li><span class="change-name">{{.Name}}</span> <code class="change-id" translate="no">{{.ID}}</code>{{if or .Old .New}}<br><span class="change-values"><span class="was">{{if .Old}}{{.Old}}{{else}}—{{end}}</span> → <span class="now">{{if .New}}{{.New}}{{else}}—{{end}}</span></span>{{else if .Now}}<br><span class="change-values">{{$.Loc.T "change_now" .Now}}</span>{{end}}{{range .Fields}}<br><span class="source-meta">{{.Name}}: {{.Old}} → {{.New}}</span>{{end}}{{if .Gone}}<br><span class="source-meta">{{$.Loc.T "change_gone"}}</span>{{end}}{{with .Charts}}<br><span class="source-meta">{{$.Loc.T "change_shown_in"}} {{range $i, $c := .}}{{if $i}}; {{end}}<a href="{{$c.Href}}">{{$c.Title}}</a> (<a href="{{$c.Embed}}">{{$.Loc.T "embed"}}</a>){{end}}</span>{{end}}</li>
{{end}}</ul>
{{end}}{{with .SourceLinks}}<p class="sources">{{$.Loc.T "sources_line"}} {{range $i, $s := .}}{{if $i}}; {{end}}<a href="sources.html#source-{{$s.ID}}" title="{{$s.Title}}">{{$s.Name}}</a>{{end}}</p>
{{end}}</li>
{{end}}</ol>
</section>
{{end}}{{end}}{{define "cite"}}<details class="embed-code cite"><summary>{{.Loc.T "cite"}}</summary>
{{with .Cite.Text}}<p class="cite-text">{{.}}</p>
{{else}}<p>{{.Loc.T "cite_help"}}</p>
{{end}}<div class="cite-format"><p class="cite-label">BibTeX</p>
<textarea readonly rows="7" translate="no" spellcheck="false" aria-label="{{.Loc.T "cite_bibtex_for" .Cite.Title}}">{{.Cite.BibTeX}}</textarea>
<button type="button" class="copy" data-copied="{{.Loc.T "copied"}}" hidden>{{.Loc.T "cite_copy"}}</button></div>
<div class="cite-format"><p class="cite-label">CSL-JSON</p>
<textarea readonly rows="7" translate="no" spellcheck="false" aria-label="{{.Loc.T "cite_csl_for" .Cite.Title}}">{{.Cite.CSL}}</textarea>
<button type="button" class="copy" data-copied="{{.Loc.T "copied"}}" hidden>{{.Loc.T "cite_copy"}}</button></div>
</details>{{end}}`))
