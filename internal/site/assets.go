package site

import (
	"crypto/sha256"
	"encoding/hex"
)

// asset is a file of the shared assets folder.
type asset struct{ path, content string }

// sharedAssets are the files pages load in shared mode: ECharts and the page
// script first (in the order pages load them), then ECharts' licence. The
// names carry the version or a content hash, so a host can cache them for
// ever and a new build never serves a stale script.
func sharedAssets() []asset {
	sum := sha256.Sum256([]byte(pageJS))
	return []asset{
		{"assets/echarts-" + EChartsVersion() + ".min.js", echartsJS},
		{"assets/page-" + hex.EncodeToString(sum[:5]) + ".js", pageJS},
		{"assets/ECHARTS-LICENSE", echartsLicense},
		{"assets/ECHARTS-NOTICE", echartsNotice},
	}
}
