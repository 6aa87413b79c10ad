package build

import (
	"context"
	"testing"

	"github.com/dashgen/dashgen/internal/diag"
	"github.com/dashgen/dashgen/internal/i18n"
	"github.com/dashgen/dashgen/internal/site"
)

// BenchmarkBuild builds the repository's default site (config.yaml and
// data/) in memory, as dashgen build does before writing:
//
//	go test -run '^$' -bench 'Build' -benchmem -count=5 ./internal/build
//
// Its parts:
//   - BenchmarkBuild/all: the whole build, every language (MB/s of pages);
//   - BenchmarkBuild/load: reading and checking the data files (MB/s of
//     data read);
//   - BenchmarkBuild/render: the render step of the first language: its
//     pages, embeds and downloads from the charts already built (MB/s of
//     files rendered).
func BenchmarkBuild(b *testing.B) {
	cfg := defaultConfig(b)
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		var size int64
		for i := 0; i < b.N; i++ {
			res, err := Build(context.Background(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			if i == 0 {
				for _, f := range res.Files {
					size += int64(len(f.Data))
				}
				b.SetBytes(size)
			}
		}
		b.ReportMetric(float64(size), "site-B")
	})
	b.Run("load", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			data, l := Load(cfg)
			if l.HasErrors() {
				b.Fatal(diag.Format(l.Items()))
			}
			if i == 0 {
				var size int64
				for _, raw := range data.Inputs {
					size += int64(len(raw))
				}
				b.SetBytes(size)
			}
		}
	})
	b.Run("render", func(b *testing.B) {
		data, l := Load(cfg)
		loc, err := i18n.Load(cfg.Languages[0], nil)
		if err != nil {
			b.Fatal(err)
		}
		in, _, _, _ := buildLanguage(context.Background(), cfg, cfg, data, loc, nil, runQueries(context.Background(), cfg, data, l), l)
		if l.HasErrors() {
			b.Fatal(diag.Format(l.Items()))
		}
		in.Version, in.Assets, in.BaseURL = DefaultVersion, cfg.Assets, cfg.BaseURL
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			files, err := site.Render(context.Background(), in)
			if err != nil {
				b.Fatal(err)
			}
			if i == 0 {
				var size int64
				for _, f := range files {
					size += int64(len(f.Data))
				}
				b.SetBytes(size)
				b.ReportMetric(float64(len(files)), "files")
			}
		}
	})
}
