package site

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"sync"
)

// asset is a file of the shared assets folder.
type asset struct{ path, content string }

// sharedAssets are the files pages load in shared mode: ECharts and the page
// script first (in the order pages load them), then ECharts' licence. The
// names carry a content hash (and ECharts' version), so a host can cache
// them for ever and a new build never serves a stale script: the bundle of
// one ECharts version changes with the modules it holds. The names are
// hashed once: every page with a chart asks for them.
func sharedAssets() []asset { return slices.Clone(sharedAssetList()) }

var sharedAssetList = sync.OnceValue(func() []asset {
	return []asset{
		{"assets/echarts-" + EChartsVersion() + "-" + shortHash(echartsJS) + ".min.js", echartsJS},
		{"assets/page-" + shortHash(pageJS) + ".js", pageJS},
		{"assets/ECHARTS-LICENSE", echartsLicense},
		{"assets/ECHARTS-NOTICE", echartsNotice},
		{"assets/echarts-map-" + EChartsVersion() + "-" + shortHash(echartsMapJS) + ".min.js", echartsMapJS},
	}
})

// shortHash is the first 10 hex digits of the SHA-256 of s, for a file name.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:5])
}
