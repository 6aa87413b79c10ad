package site

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkRender renders a site the size of the default one (4
// dashboards, 19 charts, each with its embed page and downloads) from the
// test charts, in both asset modes, so that the cost of a page is measured
// apart from loading and aggregating:
//
//	go test -run '^$' -bench 'Render' -benchmem -count=5 ./internal/site
//
// MB/s is of the files rendered.
func BenchmarkRender(b *testing.B) {
	base := testInput()
	in := base
	in.Dashboards = nil
	for d := range 4 {
		dash := Dashboard{ID: fmt.Sprintf("d%d", d), Title: fmt.Sprintf("Dashboard %d", d)}
		for c := range 5 {
			if d == 3 && c == 4 {
				break // 19 charts in all
			}
			for _, proto := range base.Dashboards[0].Charts {
				if (c%2 == 0) == (proto.Type == "bar") {
					ch := *proto
					ch.ID = fmt.Sprintf("%s-%d-%d", proto.ID, d, c)
					dash.Charts = append(dash.Charts, &ch)
				}
			}
		}
		in.Dashboards = append(in.Dashboards, dash)
	}
	for _, assets := range []string{"inline", "shared"} {
		b.Run("assets="+assets, func(b *testing.B) {
			in := in
			in.Assets = assets
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				files, err := Render(context.Background(), in)
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
}
