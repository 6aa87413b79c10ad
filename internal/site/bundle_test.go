package site

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// TestEChartsBundle checks the vendored bundle update-echarts.sh makes: it
// opens with ECharts' licence banner, sets the global echarts the page
// script draws with, and its shared file's name changes with its content
// (hosts cache assets/ for ever, and one ECharts version can be bundled
// with other modules).
func TestEChartsBundle(t *testing.T) {
	if !strings.HasPrefix(echartsJS, "/*\n* Licensed to the Apache Software Foundation (ASF)") {
		t.Errorf("echarts.min.js does not open with ECharts' licence banner: %q", echartsJS[:min(80, len(echartsJS))])
	}
	if !strings.Contains(echartsJS[:2000], "*/\nvar echarts=") {
		t.Errorf("echarts.min.js does not set the global echarts right after its banner")
	}
	if strings.TrimSpace(echartsLicense) == "" || !strings.Contains(echartsNotice, "Apache ECharts") {
		t.Errorf("ECHARTS-LICENSE or ECHARTS-NOTICE is missing")
	}
	sum := sha256.Sum256([]byte(echartsJS))
	want := "assets/echarts-" + EChartsVersion() + "-" + hex.EncodeToString(sum[:5]) + ".min.js"
	if got := sharedAssets()[0]; got.path != want || got.content != echartsJS {
		t.Errorf("shared ECharts is %s, want %s with the bundle's text", got.path, want)
	}
	a := sharedAssets()
	a[0].path = "changed"
	if sharedAssets()[0].path != want {
		t.Errorf("a caller changed the shared list of assets")
	}
}
